/**
 * Holds the active fault rules (see fault-rules.ts for their meaning) and hands them out: each time a
 * rule applies it uses up one of its `times`.
 */
import {
  isCallbackRule,
  parseFaultRules,
  parseMatch,
  requestMatches,
  type CallbackFaultKind,
  type CallbackFaultRule,
  type FaultRule,
  type FaultRuleStatus,
  type FaultTimes,
  type RequestFaultRule,
  type RequestMatcher,
} from './fault-rules.js';

/** What `startSimulator(...).faults` offers a test in the same process. */
export interface SimulatorFaults {
  /** Replaces every rule. Throws (an ApiError PARAM_ERROR naming the rule) when one is malformed. */
  set(rules: readonly FaultRule[]): void;
  clear(): void;
  list(): FaultRuleStatus[];
}

interface ActiveRule {
  rule: FaultRule;
  matcher?: RequestMatcher;
  remaining: FaultTimes;
  hits: number;
}

export class FaultInjector implements SimulatorFaults {
  private active: ActiveRule[] = [];

  set(rules: readonly FaultRule[]): void {
    // Validated even when typed: a test may build rules from JSON or cast its way past the types.
    this.active = parseFaultRules(rules).map((rule) => ({
      rule,
      matcher: isCallbackRule(rule) ? undefined : parseMatch(rule.match),
      remaining: rule.times ?? 1,
      hits: 0,
    }));
  }

  clear(): void {
    this.active = [];
  }

  list(): FaultRuleStatus[] {
    return this.active.map(({ rule, remaining, hits }) => ({ ...rule, remaining, hits }));
  }

  /** The fault for this request, if a rule with uses left matches; uses it up. */
  takeRequestFault(method: string, path: string): RequestFaultRule | undefined {
    const found = this.active.find(
      (entry) => entry.remaining !== 0 && entry.matcher !== undefined && requestMatches(entry.matcher, method, path),
    );
    return found ? (this.use(found) as RequestFaultRule) : undefined;
  }

  /** The first rule of `kind` for this event type with uses left; uses it up. */
  takeCallbackFault<K extends CallbackFaultKind>(
    eventType: string,
    kind: K,
  ): Extract<CallbackFaultRule, { fault: K }> | undefined {
    const found = this.active.find(
      ({ rule, remaining }) =>
        remaining !== 0 &&
        isCallbackRule(rule) &&
        rule.fault === kind &&
        (rule.callback === '*' || rule.callback === eventType),
    );
    return found ? (this.use(found) as Extract<CallbackFaultRule, { fault: K }>) : undefined;
  }

  private use(entry: ActiveRule): FaultRule {
    if (entry.remaining !== 'always') entry.remaining -= 1;
    entry.hits += 1;
    return entry.rule;
  }
}
