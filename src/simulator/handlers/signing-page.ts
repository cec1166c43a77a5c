/**
 * The H5 signing page a presign's redirect_url opens, for a person in a real browser:
 *
 *   GET  /sandbox/sign?presign_token=…        the agreement and two buttons
 *   POST /sandbox/sign/{token}/agree          agreement + SIGN_CONTRACT to contract_notify_url
 *   POST /sandbox/sign/{token}/decline        nothing happens, no callback (as in WeChat)
 *
 * Every answer is HTML, also when the link is unknown, used or expired (a person reads it, not a client).
 */
import { beijingDateTime } from '../beijing-time.js';
import type { Route, RouteResult } from '../route.js';
import type { SimulatorContext } from '../simulator-context.js';
import type { StoredPresign } from '../simulator-state.js';
import { messagePageHtml, signingPageHtml } from '../signing-page-html.js';
import { agreeToPresign, declinePresign, lookUpPresign, type PresignProblem } from '../user-signing.js';

const PROBLEM_PAGES: Record<PresignProblem, { status: number; title: string; sentences: string[] }> = {
  unknown: {
    status: 404,
    title: 'This signing link is not valid',
    sentences: ['The link is incomplete or was not issued by this sandbox. Ask the lender for a new one.'],
  },
  used: {
    status: 409,
    title: 'This signing link has already been used',
    sentences: ['You already agreed or declined with this link. Nothing was changed now.'],
  },
  expired: {
    status: 410,
    title: 'This signing link has expired',
    sentences: ['Signing links are valid for 10 minutes. Go back to the lender and start again to get a new one.'],
  },
};

function html(status: number, body: string): RouteResult {
  return { status, body, contentType: 'text/html; charset=utf-8' };
}

/** The presign, or the HTML page that explains why the link does not work. */
function presignOrPage(ctx: SimulatorContext, token: string): StoredPresign | RouteResult {
  const found = lookUpPresign(ctx, token);
  if (found.problem === undefined) return found.presign;
  const problem = PROBLEM_PAGES[found.problem];
  return html(problem.status, messagePageHtml(problem.title, problem.sentences));
}

function isPage(value: StoredPresign | RouteResult): value is RouteResult {
  return 'status' in value;
}

export const signingPageRoute: Route = {
  method: 'GET',
  pattern: /^\/sandbox\/sign$/,
  handle(ctx, { query }) {
    const token = query.get('presign_token') ?? '';
    const presign = presignOrPage(ctx, token);
    if (isPage(presign)) return presign;
    const base = `/sandbox/sign/${encodeURIComponent(token)}`;
    return html(
      200,
      signingPageHtml({
        presign,
        agreeAction: `${base}/agree`,
        declineAction: `${base}/decline`,
        validUntil: `${beijingDateTime(new Date(presign.expires_at_ms)).replace('T', ' ').slice(0, 19)} (Beijing time)`,
      }),
    );
  },
};

export const signingDecisionRoute: Route = {
  method: 'POST',
  pattern: /^\/sandbox\/sign\/(?<token>[^/]+)\/(?<decision>agree|decline)$/,
  handle(ctx, { params }) {
    const presign = presignOrPage(ctx, params.token);
    if (isPage(presign)) return presign;
    if (params.decision === 'decline') {
      declinePresign(presign);
      return html(
        200,
        messagePageHtml('You declined', ['No agreement was signed. WeChat Pay sends the lender no notification.']),
      );
    }
    // The page has no real-name step: a person who agrees here is taken to be the one named.
    const outcome = agreeToPresign(ctx, presign);
    if ('refused' in outcome) return html(409, messagePageHtml('Signing refused', ['Your real-name record does not match.']));
    const { contract } = outcome;
    return html(
      200,
      messagePageHtml('Agreement signed', [
        `Agreement ${contract.out_contract_code} is in effect (contract_id ${contract.contract_id}).`,
        `WeChat Pay now notifies the lender (CREDIT_REPAYMENT.SIGN_CONTRACT to ${presign.contract_notify_url}).`,
        'You can close this page.',
      ]),
    );
  },
};
