import { csvDataset, FEBRL_MAPPING } from '../../src/evaluation/csv-dataset';
import { countLabels, FIELDS, matchBatch, MIN_LABELS_PER_CLASS, prepareRecord, type LabelledPair } from '../../src/matching/engine/index';

// Febrl dataset 1: 1,000 records, 500 persons with one duplicate each
const dataset = csvDataset('/work/shared/datasets/febrl/dataset1.csv', FEBRL_MAPPING);
const records = dataset.records;
const truth = dataset.truth();
// a smaller random-pair sample than the default keeps each estimation well under a second
const FAST = { uSamplePairs: 50_000 };

/** `n` true pairs and `n` pairs of different persons, from the truth */
function labels(n: number): LabelledPair[] {
  const byEntity = new Map<string, string[]>();
  for (const r of records) byEntity.set(truth.get(r.id)!, [...(byEntity.get(truth.get(r.id)!) ?? []), r.id]);
  const groups = [...byEntity.values()].filter((g) => g.length >= 2);
  const matches = groups.slice(0, n).map((g): LabelledPair => ({ a: g[0]!, b: g[1]!, label: 'MATCH' }));
  const nonMatches = groups.slice(0, n).map((g, i): LabelledPair => ({ a: g[0]!, b: groups[(i + 1) % groups.length]![1]!, label: 'NOT_A_MATCH' }));
  return [...matches, ...nonMatches];
}

describe('labelled pairs in model estimation', () => {
  const unlabelled = matchBatch(records, FAST).model;

  it('leaves the model as EM and the random pairs estimate it when no field has enough labels of each class', () => {
    const few = matchBatch(records, FAST, { labels: { pairs: labels(MIN_LABELS_PER_CLASS - 1) } }).model;
    expect(few.estimation.labels).toMatchObject({ matches: MIN_LABELS_PER_CLASS - 1, nonMatches: MIN_LABELS_PER_CLASS - 1, fields: [] });
    expect(few.fields).toEqual(unlabelled.fields);
    expect(few.priorProbability).toBe(unlabelled.priorProbability);
    // no labels at all: the same
    expect(matchBatch(records, FAST, { labels: { pairs: [] } }).model.fields).toEqual(unlabelled.fields);
  });

  it('takes m from the labelled matches and u from the labelled non-matches where a field has enough of both', () => {
    const pairs = labels(40);
    // P = 0: the labels alone (with the 0.5 level pseudo-count), so m and u can be checked exactly
    const model = matchBatch(records, FAST, { labels: { pairs, priorPairs: 0 } }).model;
    const counts = countLabels(new Map(records.map((r) => [r.id, prepareRecord(r)])), pairs);
    const fields = model.estimation.labels!.fields;
    expect(fields).toContain('givenName');
    expect(fields).toContain('dateOfBirth');
    FIELDS.forEach((f, i) => {
      const fm = model.fields[i]!;
      if (fields.includes(f.name)) {
        expect(counts.matches[i]).toBeGreaterThanOrEqual(MIN_LABELS_PER_CLASS);
        expect(counts.nonMatches[i]).toBeGreaterThanOrEqual(MIN_LABELS_PER_CLASS);
        const levels = f.levels.length;
        fm.m.forEach((m, l) => expect(m).toBeCloseTo((counts.matchCounts[i]![l]! + 0.5) / (counts.matches[i]! + 0.5 * levels), 12));
        fm.u.forEach((u, l) => expect(u).toBeCloseTo((counts.nonMatchCounts[i]![l]! + 0.5) / (counts.nonMatches[i]! + 0.5 * levels), 12));
      } else {
        // too few labelled pairs with a value (Febrl 1 has no phone, e-mail or gender): EM's
        expect(counts.matches[i]! < MIN_LABELS_PER_CLASS || counts.nonMatches[i]! < MIN_LABELS_PER_CLASS).toBe(true);
      }
      // still probabilities, never 0
      expect(fm.m.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(fm.u.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (const p of [...fm.m, ...fm.u]) expect(p).toBeGreaterThan(0);
    });
    expect(model.fields.find((f) => f.field === 'givenName')!.m).not.toEqual(unlabelled.fields.find((f) => f.field === 'givenName')!.m);
  });

  it('blends the labels with the unlabelled estimate by the pseudo-count: the larger it is, the nearer to it', () => {
    const pairs = labels(40);
    const at = (priorPairs: number) => matchBatch(records, FAST, { labels: { pairs, priorPairs } }).model.fields.find((f) => f.field === 'familyName')!;
    const base = unlabelled.fields.find((f) => f.field === 'familyName')!;
    const distance = (x: number[], y: number[]) => x.reduce((s, v, i) => s + Math.abs(v - y[i]!), 0);
    const [near, far] = [at(100_000), at(10)];
    expect(distance(near.u, base.u)).toBeLessThan(distance(far.u, base.u));
    expect(distance(near.m, base.m)).toBeLessThan(distance(far.m, base.m));
  });
});
