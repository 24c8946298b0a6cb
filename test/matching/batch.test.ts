import { csvDataset, FEBRL_MAPPING } from '../../src/evaluation/csv-dataset';
import { candidatePairs, DEFAULT_MATCH_SETTINGS, matchBatch, weightOfProbability, type MatchModel } from '../../src/matching/engine/index';

// Febrl dataset 1: 1,000 records, 500 persons with one duplicate each
const records = csvDataset('/work/shared/datasets/febrl/dataset1.csv', FEBRL_MAPPING).records;

describe('matchBatch', () => {
  const result = matchBatch(records);

  it('puts every record in exactly one cluster and reports what it did', () => {
    const ids = result.clusters.flat();
    expect(ids).toHaveLength(records.length);
    expect(new Set(ids).size).toBe(records.length);
    expect(result.stats.records).toBe(1000);
    expect(result.stats.pairsCompared).toBe(candidatePairs(records, DEFAULT_MATCH_SETTINGS).count);
    expect(result.stats.emIterations).toBeGreaterThan(0);
    expect(result.model.estimation.emConverged).toBe(true);
    expect(Object.keys(result.stats.timingsMs).sort()).toEqual(['blocking', 'clustering', 'comparing', 'estimating', 'scoring']);
  });

  it('returns the scored pairs at or above the review weight, strongest first', () => {
    const review = weightOfProbability(DEFAULT_MATCH_SETTINGS.reviewProbability);
    expect(result.candidates.length).toBeGreaterThan(400);
    for (const c of result.candidates) expect(c.weight).toBeGreaterThanOrEqual(review);
    for (let i = 1; i < result.candidates.length; i++) expect(result.candidates[i]!.weight).toBeLessThanOrEqual(result.candidates[i - 1]!.weight);
  });

  it('reuses a given (stored) model instead of estimating, with the same outcome', () => {
    const stored = JSON.parse(JSON.stringify(result.model)) as MatchModel;
    const again = matchBatch(records, {}, { model: stored });
    expect(again.stats.emIterations).toBe(0);
    expect(again.model).toBe(stored);
    expect(again.clusters).toEqual(result.clusters);
    expect(again.candidates).toEqual(result.candidates);
  });

  it('does not depend on the order of the records', () => {
    const reversed = matchBatch([...records].reverse());
    expect(reversed.clusters).toEqual(result.clusters);
    expect(reversed.model).toEqual(result.model);
  });

  it('never clusters a cannot-link pair', () => {
    const pair = result.clusters.find((c) => c.length === 2)!;
    const apart = matchBatch(records, {}, { model: result.model, cannotLink: (a, b) => pair.includes(a) && pair.includes(b) });
    expect(apart.clusters.some((c) => c.includes(pair[0]!) && c.includes(pair[1]!))).toBe(false);
  });
});
