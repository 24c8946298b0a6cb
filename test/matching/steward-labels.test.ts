/**
 * A full re-match learns from steward decisions: their links are labelled matches, their
 * not-a-match pairs labelled non-matches, and a field with enough of each class takes its m/u
 * from them (src/matching/engine/labels.ts); with none, the model is estimated as before.
 */
import { csvDataset, FEBRL_MAPPING } from '../../src/evaluation/csv-dataset';
import { computeBatch, pairKey } from '../../src/matching/batch-compute';
import { DEFAULT_MATCH_SETTINGS, MIN_LABELS_PER_CLASS } from '../../src/matching/engine/index';

// Febrl dataset 1: 1,000 records, 500 persons with one duplicate each
const records = csvDataset('/work/shared/datasets/febrl/dataset1.csv', FEBRL_MAPPING).records;
const settings = { ...DEFAULT_MATCH_SETTINGS };

it('estimates m/u from steward decisions where a field has enough of each class, and as before without any', () => {
  const plain = computeBatch(records, settings, new Set());
  expect(plain.model.estimation.labels).toBeUndefined();

  // decisions a steward could have made: linked pairs confirmed, records of different clusters kept apart
  const together = plain.pairs.filter((p) => p.status === 'AUTO_LINK').slice(0, MIN_LABELS_PER_CLASS).map((p) => [p.a, p.b] as const);
  const firsts = plain.clusters.map((c) => c[0]!);
  const apart = new Set(firsts.slice(0, MIN_LABELS_PER_CLASS).map((a, i) => pairKey(a, firsts[MIN_LABELS_PER_CLASS + i]!)));
  expect(together).toHaveLength(MIN_LABELS_PER_CLASS);

  const taught = computeBatch(records, settings, apart, undefined, together);
  const labels = taught.model.estimation.labels!;
  expect(labels.matches).toBeGreaterThanOrEqual(MIN_LABELS_PER_CLASS);
  expect(labels.nonMatches).toBeGreaterThanOrEqual(MIN_LABELS_PER_CLASS);
  expect(labels.fields.length).toBeGreaterThan(0);
  const mOf = (model: typeof plain.model, name: string) => model.fields.find((f) => f.field === name)!.m;
  for (const field of labels.fields) expect(mOf(taught.model, field)).not.toEqual(mOf(plain.model, field));
});
