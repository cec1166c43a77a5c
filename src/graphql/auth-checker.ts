import type { AuthChecker } from 'type-graphql';
import type { GraphQLContext } from './context.js';

/** `@Authorized()`: any authenticated viewer; `@Authorized('staff')`: the lender's staff only. */
export const authChecker: AuthChecker<GraphQLContext> = ({ context }, roles) =>
  roles.length === 0 || roles.includes(context.viewer.role);
