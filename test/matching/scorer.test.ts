import {
  createScorer,
  FIELDS,
  probabilityOfWeight,
  weightOfProbability,
  type MatchModel,
  type MatchRecord,
} from '../../src/matching/engine/index';
import { record } from './records';

/** A hand-made model: every field's top level m 0.9 / u 0.001, bottom level m 0.02 / u 0.9. */
function model(overrides: Partial<MatchModel> = {}): MatchModel {
  return {
    version: 1,
    fields: FIELDS.map((f) => {
      const n = f.levels.length;
      const m = f.levels.map((_, l) => (l === 0 ? 0.9 : l === n - 1 ? 0.02 : 0.08 / (n - 2 || 1)));
      const u = f.levels.map((_, l) => (l === 0 ? 0.001 : l === n - 1 ? 0.9 : 0.099 / (n - 2 || 1)));
      return { field: f.name, levels: [...f.levels], m, u, weights: m.map((x, l) => Math.log2(x / u[l]!)) };
    }),
    priorProbability: 1e-4,
    termFrequencies: {
      givenName: { total: 1000, counts: { wei: 100, john: 10 } },
      familyName: { total: 1000, counts: { wang: 200, zhang: 100 } },
    },
    estimation: { records: 1000, candidatePairs: 0, patterns: 0, uSamplePairs: 0, seed: 1, matchShare: 0, emIterations: 0, emConverged: true, training: [] },
    ...overrides,
  };
}

const settings = { autoLinkProbability: 0.95, reviewProbability: 0.5 };
const person: Partial<MatchRecord> = {
  givenName: 'qiaolin',
  familyName: 'ouyang',
  dateOfBirth: '1985-03-12',
  nationalId: '110101198503120011',
  phones: ['+8613812345678'],
  emails: ['ql.ouyang@example.com'],
};

describe('createScorer', () => {
  const scorer = createScorer(model(), settings);

  it('turns the thresholds into weights (log2 odds)', () => {
    expect(scorer.autoLinkWeight).toBeCloseTo(Math.log2(0.95 / 0.05), 10);
    expect(scorer.reviewWeight).toBeCloseTo(0, 10);
    expect(scorer.probability(scorer.autoLinkWeight)).toBeCloseTo(0.95, 10);
    expect(probabilityOfWeight(weightOfProbability(0.3))).toBeCloseTo(0.3, 10);
  });

  it('sorts pairs into auto-link, review and no match', () => {
    const a = record(1, person);
    const identical = record(2, person);
    // same rare name, birth date one digit off, phone one digit off, nothing else: about 3.7
    const partly = record(3, { givenName: 'qiaolin', familyName: 'ouyang', dateOfBirth: '1985-03-13', phones: ['+8613812345679'] });
    const stranger = record(4, { givenName: 'john', familyName: 'smith', dateOfBirth: '1970-01-01', nationalId: 'E123', phones: ['+441234567890'] });
    const decide = (b: MatchRecord) => {
      const w = scorer.weight(a, b);
      return w >= scorer.autoLinkWeight ? 'auto' : w >= scorer.reviewWeight ? 'review' : 'none';
    };
    expect(decide(identical)).toBe('auto');
    expect(decide(partly)).toBe('review');
    expect(decide(stranger)).toBe('none');
    // and the decision moves with the configured thresholds
    const strict = createScorer(model(), { autoLinkProbability: 0.999999999, reviewProbability: 0.9999 });
    expect(strict.weight(a, partly)).toBeLessThan(strict.reviewWeight);
  });

  it('explains every score as terms that sum to the weight', () => {
    const a = record(1, person);
    const b = record(2, { ...person, givenName: 'ouyang', familyName: 'qiaolin', phones: [], dateOfBirth: '1985-12-03' });
    const explanation = scorer.explain(a, b);
    const sum = explanation.terms.reduce((s, t) => s + t.weight, 0);
    expect(sum).toBeCloseTo(explanation.weight, 9);
    expect(explanation.weight).toBeCloseTo(scorer.weight(a, b), 9);
    expect(explanation.probability).toBeCloseTo(probabilityOfWeight(explanation.weight), 12);
    expect(explanation.terms[0]).toMatchObject({ field: 'prior', weight: weightOfProbability(1e-4) });
    expect(explanation.terms.find((t) => t.field === 'givenName')).toMatchObject({ level: 'exact (swapped)', left: 'qiaolin', right: 'qiaolin' });
    expect(explanation.terms.find((t) => t.field === 'dateOfBirth')).toMatchObject({ level: 'day-month-swapped', left: '1985-03-12', right: '1985-12-03' });
    expect(explanation.terms.find((t) => t.field === 'phone')).toMatchObject({ level: 'null', left: '+8613812345678', right: null, weight: 0 });
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
  });

  it('weighs an exact match on a common name less than on a rare one (term frequencies)', () => {
    const exactWeight = (family: string) => scorer.explain(record(1, { familyName: family }), record(2, { familyName: family })).terms.find((t) => t.field === 'familyName')!.weight;
    expect(exactWeight('wang')).toBeLessThan(exactWeight('zhang'));
    expect(exactWeight('zhang')).toBeLessThan(exactWeight('ouyang'));
    // 'wang' is carried by 20% of records: log2(m / 0.2)
    expect(exactWeight('wang')).toBeCloseTo(Math.log2(0.9 / 0.2), 9);
  });

  it('is symmetric and scores the same from a model that went through JSON', () => {
    const a = record(1, person);
    const b = record(2, { ...person, givenName: 'qiaoling', familyName: 'auyang', phones: ['+8613812345687'] });
    expect(scorer.weight(a, b)).toBe(scorer.weight(b, a));
    const stored = createScorer(JSON.parse(JSON.stringify(model())) as MatchModel, settings);
    expect(stored.weight(a, b)).toBe(scorer.weight(a, b));
  });

  it('refuses a model whose fields do not match the comparisons', () => {
    const broken = model();
    broken.fields = broken.fields.slice(1);
    expect(() => createScorer(broken, settings)).toThrow(/field/);
  });
});
