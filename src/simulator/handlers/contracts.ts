/**
 * §3.3 query an agreement and §3.4 terminate it (by the service provider).
 */
import { ApiError } from '../api-error.js';
import { terminateContract } from '../contract-lifecycle.js';
import { contractResponse } from '../contract-views.js';
import { checkFields, DIGITS_AND_LETTERS, type FieldSchema } from '../field-schema.js';
import { parseJsonBody } from '../json-body.js';
import type { Route } from '../route.js';

const TERMINATE_SCHEMA: FieldSchema = {
  out_contract_code: {
    type: 'string',
    required: true,
    maxBytes: 64,
    pattern: DIGITS_AND_LETTERS,
    patternHint: 'must contain only digits and ASCII letters',
  },
  contract_termination_remark: { type: 'string', required: true, maxBytes: 128 },
};

export const getContractRoute: Route = {
  method: 'GET',
  // `terminate` is a POST-only sibling; a GET of it is simply an unknown agreement code.
  pattern: /^\/v3\/credit-repayment\/partner\/contracts\/(?<out_contract_code>[^/]+)$/,
  handle(ctx, { params, query }) {
    for (const key of query.keys()) throw ApiError.param(key, 'unknown query parameter', 'query');
    const contract = ctx.state.contracts.get(params.out_contract_code);
    // UNCONFIRMED code (§3.3): 404 RESOURCE_NOT_EXISTS, also for a code presigned but never signed.
    if (!contract) throw ApiError.notFound(`agreement ${params.out_contract_code} does not exist`);
    return { status: 200, body: contractResponse(contract) };
  },
};

export const terminateContractRoute: Route = {
  method: 'POST',
  pattern: /^\/v3\/credit-repayment\/partner\/contracts\/terminate$/,
  handle(ctx, { body }) {
    const parsed = parseJsonBody(body);
    checkFields(parsed, TERMINATE_SCHEMA);
    const code = parsed.out_contract_code as string;
    const contract = ctx.state.contracts.get(code);
    // UNCONFIRMED code: the agreement named in the request is the resource itself, so 404.
    if (!contract) throw ApiError.notFound(`agreement ${code} does not exist`);
    if (contract.contract_state !== 'CONTRACT_STATE_EFFECTIVE') {
      throw ApiError.invalidRequest(`agreement ${code} is not effective (${contract.contract_state})`);
    }
    terminateContract(ctx, contract, 'TERMINATION_MODE_BY_MERCHANT', parsed.contract_termination_remark as string);
    // UNCONFIRMED (§3.4): 200 with {contract_info} (IM) rather than 204.
    return { status: 200, body: { contract_info: contractResponse(contract) } };
  },
};
