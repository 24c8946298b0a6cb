/**
 * The segment rule language: rules are data (table `segment_rule`), so every rule that reaches
 * the evaluator has been parsed and validated here first. A malformed rule is a `RuleError` that
 * names the rule and the place in its condition — never silently skipped, since a skipped rule
 * would quietly move customers into another segment.
 *
 * Condition JSON:
 *   { "always": true }                                   matches every customer (fallback rules)
 *   { "all": [ <condition>, … ] }                        every one matches ("all": [] matches)
 *   { "any": [ <condition>, … ] }                        at least one matches
 *   { "not": <condition> }
 *   { "fact": "<fact name>", "<comparator>": <number> }  one comparator per leaf:
 *       gt, gte, lt, lte, eq, ne — false when the fact is null (unknown: e.g. no cards, no dates)
 *   { "fact": "<fact name>", "isNull": true | false }    whether the fact is unknown
 */
import { FACT_NAMES, type FactName, type Facts } from './facts.js';

export const SEGMENT_OUTCOMES = {
  VALUE_TIER: ['A', 'B', 'C'],
  RISK_GRADE: ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC'],
  LIFECYCLE_STAGE: ['NEW', 'GROWING', 'MATURE', 'DORMANT', 'CHURN_RISK'],
} as const;

export type SegmentKind = keyof typeof SEGMENT_OUTCOMES;
export const SEGMENT_KINDS = Object.keys(SEGMENT_OUTCOMES) as SegmentKind[];

const COMPARATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'ne'] as const;
type Comparator = (typeof COMPARATORS)[number];

export type Condition =
  | { always: true }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: FactName; op: Comparator; value: number }
  | { fact: FactName; isNull: boolean };

/** A rule as stored, before validation. */
export interface RawSegmentRule {
  id: number;
  kind: string;
  outcome: string;
  priority: number;
  condition: unknown;
  description: string;
  active: boolean;
}

/** A validated rule, ready to evaluate. */
export interface SegmentRuleDefinition {
  id: number;
  kind: SegmentKind;
  outcome: string;
  priority: number;
  condition: Condition;
  description: string;
}

export class RuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleError';
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isFactName = (x: unknown): x is FactName => typeof x === 'string' && (FACT_NAMES as readonly string[]).includes(x);

/** Parses condition JSON; throws RuleError naming the path of the first problem. */
export function parseCondition(json: unknown, path = 'condition'): Condition {
  if (!isObject(json)) throw new RuleError(`${path}: must be an object`);
  const keys = Object.keys(json);
  const only = (...allowed: string[]) => {
    const extra = keys.filter((k) => !allowed.includes(k));
    if (extra.length > 0) throw new RuleError(`${path}: unexpected key(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
  };
  if ('always' in json) {
    only('always');
    if (json.always !== true) throw new RuleError(`${path}.always: must be true`);
    return { always: true };
  }
  for (const group of ['all', 'any'] as const) {
    if (group in json) {
      only(group);
      const items = json[group];
      if (!Array.isArray(items)) throw new RuleError(`${path}.${group}: must be an array of conditions`);
      const parsed = items.map((item, i) => parseCondition(item, `${path}.${group}[${i}]`));
      return group === 'all' ? { all: parsed } : { any: parsed };
    }
  }
  if ('not' in json) {
    only('not');
    return { not: parseCondition(json.not, `${path}.not`) };
  }
  if ('fact' in json) {
    if (!isFactName(json.fact)) {
      throw new RuleError(`${path}.fact: unknown fact ${JSON.stringify(json.fact)} (known: ${FACT_NAMES.join(', ')})`);
    }
    const tests = keys.filter((k) => k !== 'fact');
    if (tests.length !== 1) throw new RuleError(`${path}: needs exactly one comparator (${COMPARATORS.join(', ')}, isNull)`);
    const [test] = tests;
    if (test === 'isNull') {
      if (typeof json.isNull !== 'boolean') throw new RuleError(`${path}.isNull: must be true or false`);
      return { fact: json.fact, isNull: json.isNull };
    }
    if (!(COMPARATORS as readonly string[]).includes(test)) {
      throw new RuleError(`${path}: unknown comparator ${JSON.stringify(test)} (known: ${COMPARATORS.join(', ')}, isNull)`);
    }
    const value = json[test];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RuleError(`${path}.${test}: must be a finite number`);
    return { fact: json.fact, op: test as Comparator, value };
  }
  throw new RuleError(`${path}: must have one of always, all, any, not, fact`);
}

function compare(op: Comparator, actual: number, expected: number): boolean {
  switch (op) {
    case 'gt':
      return actual > expected;
    case 'gte':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'lte':
      return actual <= expected;
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
  }
}

export function evaluateCondition(condition: Condition, facts: Facts): boolean {
  if ('always' in condition) return true;
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, facts));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, facts));
  if ('not' in condition) return !evaluateCondition(condition.not, facts);
  const actual = facts[condition.fact];
  if ('isNull' in condition) return (actual === null) === condition.isNull;
  return actual !== null && compare(condition.op, actual, condition.value);
}

/** The facts a condition reads, in first-use order: what an explanation shows. */
export function factsReferenced(condition: Condition): FactName[] {
  const names = new Set<FactName>();
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('fact' in c) names.add(c.fact);
  };
  walk(condition);
  return [...names];
}

/** Validates one stored rule; the message names the rule by id, never a customer. */
export function parseRule(raw: RawSegmentRule): SegmentRuleDefinition {
  const where = `segment rule ${raw.id}`;
  if (!(SEGMENT_KINDS as string[]).includes(raw.kind)) {
    throw new RuleError(`${where}: unknown kind ${JSON.stringify(raw.kind)} (known: ${SEGMENT_KINDS.join(', ')})`);
  }
  const kind = raw.kind as SegmentKind;
  const outcomes: readonly string[] = SEGMENT_OUTCOMES[kind];
  if (!outcomes.includes(raw.outcome)) {
    throw new RuleError(`${where}: outcome ${JSON.stringify(raw.outcome)} is not a ${kind} (known: ${outcomes.join(', ')})`);
  }
  if (!Number.isInteger(raw.priority)) throw new RuleError(`${where}: priority must be an integer`);
  if (typeof raw.description !== 'string' || raw.description.trim() === '') throw new RuleError(`${where}: description is required`);
  try {
    return { id: raw.id, kind, outcome: raw.outcome, priority: raw.priority, condition: parseCondition(raw.condition), description: raw.description };
  } catch (err) {
    if (err instanceof RuleError) throw new RuleError(`${where}: ${err.message}`);
    throw err;
  }
}

const alwaysMatches = (c: Condition): boolean => 'always' in c || ('all' in c && c.all.every(alwaysMatches));

/**
 * The active rules, validated and ordered per kind (priority, then id). Every kind must end in
 * a fallback — a last rule that always matches — so every customer gets every segment.
 */
export function buildRuleSet(rows: readonly RawSegmentRule[]): Map<SegmentKind, SegmentRuleDefinition[]> {
  const byKind = new Map<SegmentKind, SegmentRuleDefinition[]>(SEGMENT_KINDS.map((k) => [k, []]));
  for (const row of rows) {
    if (!row.active) continue;
    const rule = parseRule(row);
    byKind.get(rule.kind)!.push(rule);
  }
  for (const [kind, rules] of byKind) {
    rules.sort((a, b) => a.priority - b.priority || a.id - b.id);
    const last = rules.at(-1);
    if (!last || !alwaysMatches(last.condition)) {
      throw new RuleError(`segment rules: ${kind} needs an active fallback rule last in order, with condition {"always": true}`);
    }
  }
  return byKind;
}
