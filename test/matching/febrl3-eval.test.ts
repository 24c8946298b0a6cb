/**
 * The evaluation on Febrl dataset 3 (5,000 records, 2,000 persons, 6,538 true pairs), read from
 * the shared data folder: the pipeline with default settings must keep pairwise F1 ≥ 0.99.
 */
import { join } from 'node:path';
import { csvDataset, FEBRL_MAPPING } from '../../src/evaluation/csv-dataset';
import { evaluate } from '../../src/evaluation/evaluate';

// the shared data folder next to the project, as the README says; never copied into it
const DATASET = join(__dirname, '..', '..', '..', 'shared', 'datasets', 'febrl', 'dataset3.csv');

describe('evaluation on Febrl 3', () => {
  it('finds the duplicates with pairwise F1 ≥ 0.99', () => {
    const result = evaluate(csvDataset(DATASET, FEBRL_MAPPING));
    expect(result.records).toBe(5000);
    expect(result.metrics.truePairs).toBe(6538);
    expect(result.metrics.truePositives + result.metrics.falseNegatives).toBe(6538);
    expect(result.metrics.predictedPairs).toBe(result.metrics.truePositives + result.metrics.falsePositives);
    expect(result.batch.oversized).toEqual([]);
    expect(result.emConverged).toBe(true);
    expect(result.metrics.f1).toBeGreaterThanOrEqual(0.99);
  });
});
