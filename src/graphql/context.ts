import type { GraphQLResolveInfo } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import type { ContractService } from '../services/contract-service.js';
import type { DeductOrderService } from '../services/deduct-order-service.js';
import type { ReservationService } from '../services/reservation-service.js';
import type { Store } from '../store/store.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface Services {
  store: Store;
  contracts: ContractService;
  reservations: ReservationService;
  orders: DeductOrderService;
}

export interface GraphQLContext {
  services: Services;
  /** Who is asking: authenticated before any operation runs. */
  viewer: Viewer;
  /** Loaders of this request, made on first use (a subscription's context never needs them). */
  requestLoaders?: Loaders;
}

export function createContext(services: Services, viewer: Viewer): GraphQLContext {
  return { services, viewer };
}

/**
 * Loaders per event, shared by every subscriber the event reaches (all subscribers of one event get
 * the same payload object): nested fields of one event cost one query however many watch it. They
 * hold raw records only; each resolver still applies its viewer's scoping.
 */
const eventLoaders = new WeakMap<object, Loaders>();

/**
 * The loaders for this execution. A subscription's context lives as long as the subscription, so
 * its loaders are per event (keyed by the event payload), never per context, or they would serve
 * stale state; queries and mutations get per-request loaders.
 */
export function loadersOf(context: GraphQLContext, info: GraphQLResolveInfo): Loaders {
  if (info.operation.operation !== 'subscription' || typeof info.rootValue !== 'object' || info.rootValue === null) {
    context.requestLoaders ??= createLoaders(context.services.store);
    return context.requestLoaders;
  }
  let loaders = eventLoaders.get(info.rootValue);
  if (!loaders) {
    loaders = createLoaders(context.services.store);
    eventLoaders.set(info.rootValue, loaders);
  }
  return loaders;
}
