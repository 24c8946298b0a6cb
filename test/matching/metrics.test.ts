import { pairwiseMetrics } from '../../src/evaluation/metrics';

describe('pairwiseMetrics', () => {
  const truth = new Map([
    ['1', 'p'],
    ['2', 'p'],
    ['3', 'p'],
    ['4', 'q'],
    ['5', 'q'],
  ]);

  it('counts predicted, true and wrong pairs', () => {
    // predicted: {1,2,4} {3} {5}: pairs 1-2 (true), 1-4, 2-4 (false); true pairs 1-2, 1-3, 2-3, 4-5
    const m = pairwiseMetrics([['1', '2', '4'], ['3'], ['5']], truth);
    expect(m).toMatchObject({ predictedPairs: 3, truePairs: 4, truePositives: 1, falsePositives: 2, falseNegatives: 3 });
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.recall).toBeCloseTo(1 / 4, 12);
    expect(m.f1).toBeCloseTo((2 * (1 / 3) * (1 / 4)) / (1 / 3 + 1 / 4), 12);
  });

  it('counts only pairs across systems for linkage', () => {
    const system = new Map([
      ['1', 'a'],
      ['2', 'a'],
      ['3', 'b'],
      ['4', 'a'],
      ['5', 'b'],
    ]);
    const m = pairwiseMetrics([['1', '2', '3'], ['4', '5']], truth, { crossSystemOnly: true, systemOf: (id) => system.get(id)! });
    // cross pairs predicted: 1-3, 2-3, 4-5 (all true); true cross pairs: 1-3, 2-3, 4-5
    expect(m).toMatchObject({ predictedPairs: 3, truePairs: 3, truePositives: 3, precision: 1, recall: 1, f1: 1 });
  });
});
