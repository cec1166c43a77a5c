/**
 * An error answer of the simulated API: HTTP status plus the documented body `{code, message, detail?}`.
 *
 * Which code a business rule breaks into is UNCONFIRMED (the official error tables were not readable).
 * The simulator's rule: PARAM_ERROR (400) when a field's value breaks a rule of that field, naming the
 * field; INVALID_REQUEST (400) when a well-formed request conflicts with existing state (missing or
 * terminated contract, missing reservation, reused id with other parameters).
 */
import type { ErrorBody } from '../wechatpay/types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  /** `field` is a JSON path such as `schedule_items[0].repayment_date`. Detail shape UNCONFIRMED (§6.2). */
  static param(field: string, issue: string, location = 'body'): ApiError {
    return new ApiError(400, 'PARAM_ERROR', `${field}: ${issue}`, { field, location, issue });
  }

  static invalidRequest(message: string): ApiError {
    return new ApiError(400, 'INVALID_REQUEST', message);
  }

  static noAuth(message: string): ApiError {
    return new ApiError(403, 'NO_AUTH', message);
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, 'RESOURCE_NOT_EXISTS', message);
  }

  static sign(message: string, detail?: unknown): ApiError {
    return new ApiError(401, 'SIGN_ERROR', message, detail);
  }
}
