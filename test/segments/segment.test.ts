import { deriveFacts, type Facts } from '../../src/segments/facts';
import { buildRuleSet, type RawSegmentRule } from '../../src/segments/rules';
import { assignSegments } from '../../src/segments/segment';

const facts = (over: Partial<Facts>): Facts => ({ ...deriveFacts([], new Date('2026-01-01T00:00:00Z')), ...over });
let nextId = 1;
const rule = (kind: string, outcome: string, priority: number, condition: unknown): RawSegmentRule => ({
  id: nextId++,
  kind,
  outcome,
  priority,
  condition,
  description: `${kind} ${outcome}`,
  active: true,
});

const rules = buildRuleSet([
  rule('VALUE_TIER', 'A', 10, { all: [{ fact: 'totalBalance', gte: 500_000 }, { fact: 'productCount', gte: 3 }] }),
  rule('VALUE_TIER', 'B', 20, { fact: 'totalBalance', gte: 50_000 }),
  rule('VALUE_TIER', 'C', 99, { always: true }),
  rule('RISK_GRADE', 'CCC', 10, { fact: 'maxDaysPastDue', gte: 90 }),
  rule('RISK_GRADE', 'BBB', 20, { any: [{ fact: 'maxDaysPastDue', gte: 1 }, { fact: 'cardUtilisation', gte: 0.9 }] }),
  rule('RISK_GRADE', 'AAA', 99, { always: true }),
  rule('LIFECYCLE_STAGE', 'NEW', 10, { fact: 'tenureDays', lt: 180 }),
  rule('LIFECYCLE_STAGE', 'DORMANT', 20, { fact: 'daysSinceLastActivity', gte: 180 }),
  rule('LIFECYCLE_STAGE', 'MATURE', 99, { always: true }),
]);

describe('assignSegments', () => {
  it('takes the first matching rule of each kind', () => {
    const s = assignSegments(facts({ totalBalance: 600_000, productCount: 3, maxDaysPastDue: 120, cardUtilisation: 0.95, tenureDays: 100, daysSinceLastActivity: 400 }), rules, ['loans']);
    expect([s.valueTier, s.riskGrade, s.lifecycleStage]).toEqual(['A', 'CCC', 'NEW']);
  });

  it('falls through to later rules and to the fallback', () => {
    const s = assignSegments(facts({ totalBalance: 600_000, productCount: 2, cardUtilisation: 0.95, tenureDays: 4000, daysSinceLastActivity: 10 }), rules, []);
    expect([s.valueTier, s.riskGrade, s.lifecycleStage]).toEqual(['B', 'BBB', 'MATURE']);
    const poor = assignSegments(facts({ totalBalance: 10 }), rules, []);
    expect([poor.valueTier, poor.riskGrade, poor.lifecycleStage]).toEqual(['C', 'AAA', 'MATURE']);
  });

  it('explains each segment by its rule, description and the facts that rule read, and names the sources', () => {
    const s = assignSegments(facts({ totalBalance: 60_000, productCount: 1, cardUtilisation: 0.95, tenureDays: 4000, daysSinceLastActivity: 200 }), rules, ['loans', 'cards']);
    const b = rules.get('VALUE_TIER')![1];
    expect(s.explanation.reasons[0]).toEqual({ segment: 'VALUE_TIER', value: 'B', ruleId: b.id, description: 'VALUE_TIER B', facts: { totalBalance: 60_000 } });
    expect(s.explanation.reasons[1]).toMatchObject({ segment: 'RISK_GRADE', value: 'BBB', facts: { maxDaysPastDue: 0, cardUtilisation: 0.95 } });
    expect(s.explanation.reasons[2]).toMatchObject({ segment: 'LIFECYCLE_STAGE', value: 'DORMANT', facts: { daysSinceLastActivity: 200 } });
    expect(s.explanation.sources).toEqual(['cards', 'loans']);
  });

  it('a fallback rule reads no facts', () => {
    const s = assignSegments(facts({}), rules, []);
    expect(s.explanation.reasons[0].facts).toEqual({});
  });
});
