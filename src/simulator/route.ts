/**
 * The shape of one simulator route: a method and path pattern, and a handler that returns a status
 * and a JSON body (or throws an ApiError).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SimulatorContext } from './simulator-context.js';

export interface RouteRequest {
  /** Decoded path parameters, by the names of the pattern's groups. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** Defaults to JSON. */
  contentType?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the path (without query); named groups become `params`. */
  pattern: RegExp;
  handle(ctx: SimulatorContext, request: RouteRequest): RouteResult | Promise<RouteResult>;
}
