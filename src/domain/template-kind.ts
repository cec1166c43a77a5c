/**
 * A credit-repayment template (plan_id) is either a consumer loan (消费贷) or a cash loan (现金贷);
 * the kind decides the min_repayment_amount rule (§3.5). WeChat Pay does not tell us the kind,
 * so it is configured per plan_id.
 */
export const TEMPLATE_KINDS = ['CONSUMER_LOAN', 'CASH_LOAN'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const PLAN_ID = /^[\x21-\x7e]{1,64}$/; // plan_id is string(64); no spaces, '=' or ',' can be told apart anyway

/**
 * Parses a config value such as `100001=CONSUMER_LOAN,100002=CASH_LOAN` into plan_id → kind.
 * Spaces around items are ignored; an empty (or blank) value gives an empty map. Throws an Error
 * naming the bad item on anything else, so a typo fails at start-up rather than at the first request.
 */
export function parseTemplateKinds(spec: string): Map<string, TemplateKind> {
  const kinds = new Map<string, TemplateKind>();
  if (spec.trim() === '') return kinds;
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    const eq = item.indexOf('=');
    const planId = eq < 0 ? '' : item.slice(0, eq).trim();
    const kind = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (!PLAN_ID.test(planId) || planId.includes('=') || !isTemplateKind(kind)) {
      throw new Error(
        `malformed template kind item ${JSON.stringify(item)}: expected <plan_id>=<kind> with kind ${TEMPLATE_KINDS.join(' or ')}, items separated by commas (e.g. 100001=CONSUMER_LOAN,100002=CASH_LOAN)`,
      );
    }
    if (kinds.has(planId)) throw new Error(`template kind for plan_id ${planId} is given twice`);
    kinds.set(planId, kind);
  }
  return kinds;
}

function isTemplateKind(value: string): value is TemplateKind {
  return (TEMPLATE_KINDS as readonly string[]).includes(value);
}
