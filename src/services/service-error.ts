/** Errors a use case reports to its caller by stable code; the GraphQL layer turns them into `extensions.code`. */
export type ServiceErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT' | 'FORBIDDEN';

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** The GraphQL input field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}
