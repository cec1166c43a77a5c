/**
 * Sandbox-only JSON routes for the WeChat user's side of a presign, for tests and for an APP's
 * presign_token (a person uses the H5 page instead, signing-page.ts):
 *
 *   POST /sandbox/presign/{token}/confirm   user agrees: agreement + SIGN_CONTRACT (201, the agreement)
 *        body (optional): {"openid": "…", "real_identity": {"identity_id": "…", "real_name": "…"}}
 *        real_identity is the user's own record, in plain text; if the presign carried one and they
 *        differ, signing is refused (400 REAL_NAME_MISMATCH) with no agreement and no callback.
 *   POST /sandbox/presign/{token}/decline   user declines: no callback (204)
 *
 * `/sandbox/presign-tokens/{token}/…` is kept as an alias of the first version's paths.
 */
import { ApiError } from '../api-error.js';
import { sandboxContractJson } from '../contract-views.js';
import { checkFields } from '../field-schema.js';
import { parseJsonBody } from '../json-body.js';
import type { RealIdentity } from '../real-identity.js';
import type { Route } from '../route.js';
import type { SimulatorContext } from '../simulator-context.js';
import type { StoredPresign } from '../simulator-state.js';
import { agreeToPresign, declinePresign, lookUpPresign } from '../user-signing.js';

function usablePresign(ctx: SimulatorContext, token: string): StoredPresign {
  const found = lookUpPresign(ctx, token);
  switch (found.problem) {
    case undefined:
      return found.presign;
    case 'unknown':
      throw ApiError.notFound('no such presign token');
    case 'used':
      throw new ApiError(409, 'CONFLICT', 'this presign token has already been used');
    case 'expired':
      throw ApiError.invalidRequest('the presign token has expired (valid for 10 minutes)');
  }
}

export const sandboxConfirmPresignRoute: Route = {
  method: 'POST',
  pattern: /^\/sandbox\/presign(?:-tokens)?\/(?<token>[^/]+)\/confirm$/,
  handle(ctx, { params, body }) {
    const input = body.length === 0 ? {} : parseJsonBody(body);
    checkFields(input, {
      openid: { type: 'string', maxBytes: 128 },
      real_identity: {
        type: 'object',
        fields: { identity_id: { type: 'string', required: true }, real_name: { type: 'string', required: true } },
      },
    });
    const outcome = agreeToPresign(ctx, usablePresign(ctx, params.token), {
      openid: input.openid as string | undefined,
      real_identity: input.real_identity as RealIdentity | undefined,
    });
    if ('refused' in outcome) {
      throw new ApiError(
        400,
        'REAL_NAME_MISMATCH',
        "signing refused: the user's real-name record does not match real_identity; no agreement, no callback",
      );
    }
    return { status: 201, body: sandboxContractJson(outcome.contract) };
  },
};

export const sandboxDeclinePresignRoute: Route = {
  method: 'POST',
  pattern: /^\/sandbox\/presign(?:-tokens)?\/(?<token>[^/]+)\/decline$/,
  handle(ctx, { params }) {
    declinePresign(usablePresign(ctx, params.token));
    return { status: 204 };
  },
};
