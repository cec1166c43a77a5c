/**
 * A request breaks one of WeChat Pay's business rules; we refuse it before calling WeChat Pay.
 * `field` is the GraphQL (camelCase) input field, so clients can point at the offending input.
 * Layers above match on `code`, not on `instanceof`.
 */
export class RuleViolation extends Error {
  readonly code = 'BAD_USER_INPUT' as const;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}
