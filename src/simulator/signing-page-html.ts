/**
 * The HTML of the H5 signing flow: one page with two buttons (plain forms that POST, so it works in
 * any browser with no script), and the pages shown after. Server-rendered, no external assets.
 */
import type { StoredPresign } from './simulator-state.js';

export interface SigningPageView {
  presign: StoredPresign;
  /** Where the two forms post, e.g. `/sandbox/sign/{token}/agree`. */
  agreeAction: string;
  declineAction: string;
  /** When the token stops working, shown to the person. */
  validUntil: string;
}

export function signingPageHtml(view: SigningPageView): string {
  const { contract } = view.presign;
  const rows: [string, string][] = [
    ['Name', contract.display_name],
    ['Agreement number', contract.out_contract_code],
    ['Template (plan_id)', contract.plan_id],
    ['Limit per repayment', yuan(contract.repayment_amount_limit)],
  ];
  if (contract.repayment_day !== undefined) rows.push(['Repayment day', `day ${contract.repayment_day} of each month`]);
  rows.push(['Link valid until', view.validUntil]);
  return page(
    'Authorize automatic repayment',
    `<p>Allow the lender to collect your credit repayments automatically through WeChat Pay.</p>
<dl>${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>
<form method="post" action="${escapeHtml(view.agreeAction)}"><button type="submit" id="agree">Agree and sign</button></form>
<form method="post" action="${escapeHtml(view.declineAction)}"><button type="submit" id="decline" class="secondary">Decline</button></form>`,
  );
}

/** A page after an action or for a link that no longer works: a title and a few plain sentences. */
export function messagePageHtml(title: string, sentences: readonly string[]): string {
  return page(title, sentences.map((sentence) => `<p>${escapeHtml(sentence)}</p>`).join('\n'));
}

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · WeChat Pay sandbox</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.3rem}
.sandbox{font-size:.85rem;color:#666;border-left:3px solid #07c160;padding-left:.5rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}
dt{color:#666}
dd{margin:0;word-break:break-all}
form{display:inline-block;margin:1rem .5rem 0 0}
button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#07c160;color:#fff;cursor:pointer}
button.secondary{background:#eee;color:#111}
</style>
</head>
<body>
<p class="sandbox">WeChat Pay simulator: in production WeChat shows its own signing page here.</p>
<h1>${escapeHtml(title)}</h1>
${content}
</body>
</html>
`;
}

/** Fen digits → `¥1,234.56`. */
function yuan(fen: string): string {
  const value = BigInt(fen);
  const whole = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${whole}.${(value % 100n).toString().padStart(2, '0')}`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
