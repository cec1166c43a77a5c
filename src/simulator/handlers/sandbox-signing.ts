/**
 * Sandbox-only: the WeChat user's side of a presign. The H5 redirect_url opens a page here; tests
 * (and an APP's presign_token) use the confirm/decline routes directly.
 *
 *   GET  /sandbox/sign?presign_token=…                 a minimal signing page
 *   POST /sandbox/presign-tokens/{token}/confirm       user agrees: contract + SIGN_CONTRACT
 *   POST /sandbox/presign-tokens/{token}/decline       user declines: no callback (OFF-H5)
 */
import { ApiError } from '../api-error.js';
import { signContract } from '../contract-lifecycle.js';
import { sandboxContractJson } from '../contract-views.js';
import { checkFields } from '../field-schema.js';
import { parseJsonBody } from '../json-body.js';
import { newOpenid } from '../random-ids.js';
import type { Route } from '../route.js';
import type { SimulatorContext } from '../simulator-context.js';
import type { StoredPresign } from '../simulator-state.js';

function usablePresign(ctx: SimulatorContext, token: string): StoredPresign {
  const presign = ctx.state.presigns.get(token);
  if (!presign) throw ApiError.notFound('no such presign token');
  if (presign.used) throw new ApiError(409, 'CONFLICT', 'this presign token has already been used');
  if (ctx.now().getTime() > presign.expires_at_ms) {
    throw ApiError.invalidRequest('the presign token has expired (valid for 10 minutes)');
  }
  return presign;
}

export const sandboxConfirmPresignRoute: Route = {
  method: 'POST',
  pattern: /^\/sandbox\/presign-tokens\/(?<token>[^/]+)\/confirm$/,
  handle(ctx, { params, body }) {
    const input = body.length === 0 ? {} : parseJsonBody(body);
    checkFields(input, { openid: { type: 'string', maxBytes: 128 } });
    const presign = usablePresign(ctx, params.token);
    presign.used = true;
    const contract = signContract(
      ctx,
      { ...presign.contract, openid: (input.openid as string | undefined) ?? newOpenid() },
      presign.contract_notify_url,
    );
    return { status: 201, body: sandboxContractJson(contract) };
  },
};

export const sandboxDeclinePresignRoute: Route = {
  method: 'POST',
  pattern: /^\/sandbox\/presign-tokens\/(?<token>[^/]+)\/decline$/,
  handle(ctx, { params }) {
    usablePresign(ctx, params.token).used = true;
    return { status: 204 };
  },
};

export const sandboxSigningPageRoute: Route = {
  method: 'GET',
  pattern: /^\/sandbox\/sign$/,
  handle(ctx, { query }) {
    const token = query.get('presign_token') ?? '';
    usablePresign(ctx, token);
    const confirm = JSON.stringify(`/sandbox/presign-tokens/${encodeURIComponent(token)}/confirm`);
    const decline = JSON.stringify(`/sandbox/presign-tokens/${encodeURIComponent(token)}/decline`);
    const html = `<!doctype html><meta charset="utf-8"><title>WeChat Pay sandbox: sign</title>
<p>Sandbox signing page (this page exists only in the simulator).</p>
<button onclick="go(${escapeHtml(confirm)})">Agree</button> <button onclick="go(${escapeHtml(decline)})">Decline</button>
<pre id="out"></pre>
<script>async function go(u){const r=await fetch(u,{method:'POST'});document.getElementById('out').textContent=r.status+' '+await r.text();}</script>`;
    return { status: 200, body: html, contentType: 'text/html; charset=utf-8' };
  },
};

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
