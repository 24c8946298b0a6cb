import { deriveFacts, type Facts } from '../../src/segments/facts';
import { buildRuleSet, evaluateCondition, factsReferenced, parseCondition, RuleError, type RawSegmentRule } from '../../src/segments/rules';

const facts = (over: Partial<Facts>): Facts => ({ ...deriveFacts([], new Date('2026-01-01T00:00:00Z')), ...over });
const matches = (json: unknown, f: Partial<Facts>) => evaluateCondition(parseCondition(json), facts(f));

describe('condition language', () => {
  it('compares facts with each comparator at the boundary', () => {
    const at = { totalBalance: 500 };
    expect(matches({ fact: 'totalBalance', gte: 500 }, at)).toBe(true);
    expect(matches({ fact: 'totalBalance', gt: 500 }, at)).toBe(false);
    expect(matches({ fact: 'totalBalance', lte: 500 }, at)).toBe(true);
    expect(matches({ fact: 'totalBalance', lt: 500 }, at)).toBe(false);
    expect(matches({ fact: 'totalBalance', eq: 500 }, at)).toBe(true);
    expect(matches({ fact: 'totalBalance', ne: 500 }, at)).toBe(false);
  });

  it('combines with all, any, not; all of nothing matches, any of nothing does not', () => {
    const f = { totalBalance: 600_000, productCount: 2 };
    const rich = { fact: 'totalBalance', gte: 500_000 };
    const many = { fact: 'productCount', gte: 3 };
    expect(matches({ all: [rich, many] }, f)).toBe(false);
    expect(matches({ any: [rich, many] }, f)).toBe(true);
    expect(matches({ not: many }, f)).toBe(true);
    expect(matches({ all: [] }, f)).toBe(true);
    expect(matches({ any: [] }, f)).toBe(false);
    expect(matches({ always: true }, f)).toBe(true);
  });

  it('an unknown (null) fact fails every comparison, ne included, and isNull tests for it', () => {
    const noCards = { cardUtilisation: null };
    for (const op of ['gt', 'gte', 'lt', 'lte', 'eq', 'ne']) expect(matches({ fact: 'cardUtilisation', [op]: 0.5 }, noCards)).toBe(false);
    expect(matches({ fact: 'cardUtilisation', isNull: true }, noCards)).toBe(true);
    expect(matches({ fact: 'cardUtilisation', isNull: false }, { cardUtilisation: 0 })).toBe(true);
  });

  it.each([
    ['not an object', 42, /condition: must be an object/],
    ['unknown fact', { fact: 'totalBalanse', gte: 1 }, /condition\.fact: unknown fact "totalBalanse"/],
    ['unknown comparator', { fact: 'totalBalance', over: 1 }, /unknown comparator "over"/],
    ['two comparators', { fact: 'totalBalance', gte: 1, lt: 5 }, /exactly one comparator/],
    ['no comparator', { fact: 'totalBalance' }, /exactly one comparator/],
    ['a string as number', { fact: 'totalBalance', gte: '500000' }, /gte: must be a finite number/],
    ['all not an array', { all: { fact: 'totalBalance', gte: 1 } }, /condition\.all: must be an array/],
    ['nested error path', { any: [{ always: true }, { not: { fact: 'x', gt: 1 } }] }, /condition\.any\[1\]\.not\.fact: unknown fact "x"/],
    ['extra key beside all', { all: [], note: 'x' }, /unexpected key\(s\) "note"/],
    ['always false', { always: false }, /always: must be true/],
    ['no operator', {}, /must have one of always, all, any, not, fact/],
  ])('refuses %s with a RuleError naming the place', (_name, json, message) => {
    expect(() => parseCondition(json)).toThrow(RuleError);
    expect(() => parseCondition(json)).toThrow(message);
  });

  it('lists the facts a condition reads, once each', () => {
    const c = parseCondition({ any: [{ fact: 'totalBalance', gte: 1 }, { all: [{ fact: 'productCount', gte: 4 }, { not: { fact: 'totalBalance', lt: 9 } }] }] });
    expect(factsReferenced(c)).toEqual(['totalBalance', 'productCount']);
  });
});

const rule = (over: Partial<RawSegmentRule>): RawSegmentRule => ({
  id: 1,
  kind: 'VALUE_TIER',
  outcome: 'C',
  priority: 100,
  condition: { always: true },
  description: 'everyone',
  active: true,
  ...over,
});
const fallbacks = [
  rule({ id: 90, kind: 'VALUE_TIER', outcome: 'C' }),
  rule({ id: 91, kind: 'RISK_GRADE', outcome: 'AAA' }),
  rule({ id: 92, kind: 'LIFECYCLE_STAGE', outcome: 'MATURE' }),
];

describe('rule sets', () => {
  it('orders each kind by priority then id and skips inactive rules', () => {
    const set = buildRuleSet([
      ...fallbacks,
      rule({ id: 5, outcome: 'B', priority: 20, condition: { fact: 'productCount', gte: 2 } }),
      rule({ id: 3, outcome: 'A', priority: 20, condition: { fact: 'productCount', gte: 5 } }),
      rule({ id: 4, outcome: 'A', priority: 10, condition: { fact: 'totalBalance', gte: 1 }, active: false }),
    ]);
    expect(set.get('VALUE_TIER')!.map((r) => r.id)).toEqual([3, 5, 90]);
  });

  it('needs an active fallback last for every kind', () => {
    expect(() => buildRuleSet(fallbacks.slice(0, 2))).toThrow(/LIFECYCLE_STAGE needs an active fallback/);
    expect(() => buildRuleSet([...fallbacks.slice(1), rule({ id: 90, outcome: 'C', active: false })])).toThrow(/VALUE_TIER needs an active fallback/);
    // a conditional rule ordered after the fallback would leave it last: refused
    expect(() => buildRuleSet([...fallbacks, rule({ id: 7, outcome: 'A', priority: 500, condition: { fact: 'totalBalance', gte: 1 } })])).toThrow(/VALUE_TIER needs an active fallback/);
  });

  it('refuses an outcome of another kind, an unknown kind and a malformed condition, naming the rule', () => {
    expect(() => buildRuleSet([...fallbacks, rule({ id: 8, outcome: 'AAA', priority: 1 })])).toThrow(/segment rule 8: outcome "AAA" is not a VALUE_TIER/);
    expect(() => buildRuleSet([...fallbacks, rule({ id: 9, kind: 'CHURN' })])).toThrow(/segment rule 9: unknown kind "CHURN"/);
    expect(() => buildRuleSet([...fallbacks, rule({ id: 10, priority: 1, condition: { fact: 'totalBalance', gte: null } })])).toThrow(/segment rule 10: condition\.gte: must be a finite number/);
  });

  it('leaves inactive rules out, unvalidated: a run is not stopped by a rule nobody uses', () => {
    expect(() => buildRuleSet([...fallbacks, rule({ id: 11, condition: 'broken', active: false })])).not.toThrow();
  });
});
