/**
 * Assigns the three segments of one customer from its facts: per kind, the first active rule in
 * order whose condition matches wins. The explanation names that rule and the facts it read,
 * with their values, so a steward can see why a customer is where it is. Pure.
 */
import type { SourceSystem } from '../../connectors/contract.js';
import type { FactName, Facts } from './facts.js';
import { evaluateCondition, factsReferenced, RuleError, SEGMENT_KINDS, type SegmentKind, type SegmentRuleDefinition } from './rules.js';

export interface SegmentReason {
  segment: SegmentKind;
  value: string;
  ruleId: number;
  description: string;
  /** the facts the winning rule's condition reads, with this customer's values */
  facts: Partial<Record<FactName, number | null>>;
}

/** What is stored in golden_customer.segment_explanation. */
export interface SegmentExplanation {
  reasons: SegmentReason[];
  /** source systems whose holdings were read for this customer */
  sources: SourceSystem[];
}

export interface SegmentAssignment {
  valueTier: string;
  riskGrade: string;
  lifecycleStage: string;
  explanation: SegmentExplanation;
}

function firstMatch(kind: SegmentKind, rules: readonly SegmentRuleDefinition[], facts: Facts): SegmentReason {
  const rule = rules.find((r) => evaluateCondition(r.condition, facts));
  // buildRuleSet guarantees a fallback; this guards rule sets assembled another way
  if (!rule) throw new RuleError(`segment rules: no ${kind} rule matched and there is no fallback`);
  const used = Object.fromEntries(factsReferenced(rule.condition).map((name) => [name, facts[name]]));
  return { segment: kind, value: rule.outcome, ruleId: rule.id, description: rule.description, facts: used };
}

export function assignSegments(
  facts: Facts,
  ruleSet: ReadonlyMap<SegmentKind, readonly SegmentRuleDefinition[]>,
  sources: readonly SourceSystem[],
): SegmentAssignment {
  const reasons = SEGMENT_KINDS.map((kind) => firstMatch(kind, ruleSet.get(kind) ?? [], facts));
  const value = (kind: SegmentKind) => reasons.find((r) => r.segment === kind)!.value;
  return {
    valueTier: value('VALUE_TIER'),
    riskGrade: value('RISK_GRADE'),
    lifecycleStage: value('LIFECYCLE_STAGE'),
    explanation: { reasons, sources: [...sources].sort() },
  };
}
