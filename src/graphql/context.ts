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
  /** Loaders of this HTTP request. */
  requestLoaders: Loaders;
  /** A subscription's context lives as long as the subscription: each event gets fresh loaders. */
  eventLoaders: WeakMap<object, Loaders>;
}

export function createContext(services: Services, viewer: Viewer): GraphQLContext {
  return { services, viewer, requestLoaders: createLoaders(services.store), eventLoaders: new WeakMap() };
}

/** The loaders for this execution: per event for subscriptions (keyed by the event payload), else per request. */
export function loadersOf(context: GraphQLContext, info: GraphQLResolveInfo): Loaders {
  if (info.operation.operation !== 'subscription' || typeof info.rootValue !== 'object' || info.rootValue === null) {
    return context.requestLoaders;
  }
  let loaders = context.eventLoaders.get(info.rootValue);
  if (!loaders) {
    loaders = createLoaders(context.services.store);
    context.eventLoaders.set(info.rootValue, loaders);
  }
  return loaders;
}
