import { pickThresholds } from '../../src/matching/engine/index';

const current = { autoLinkProbability: 0.95, reviewProbability: 0.5 };
/** n labelled pairs at probabilities spread evenly over [from, to] */
const spread = (n: number, from: number, to: number, match: boolean) =>
  Array.from({ length: n }, (_, i) => ({ probability: from + ((to - from) * i) / Math.max(1, n - 1), match }));

describe('pickThresholds', () => {
  it('keeps the current thresholds with too few labels of either class', () => {
    const pick = pickThresholds([...spread(29, 0.8, 0.94, true), ...spread(100, 0.5, 0.7, false)], current);
    expect(pick).toMatchObject({ autoLinkProbability: 0.95, reviewProbability: 0.5, matches: 29, nonMatches: 100 });
    expect(pick.kept[0]).toMatch(/too few labels/);
  });

  it('picks auto-link where labelled precision reaches the target and review below the uncertain region', () => {
    // non-matches 0.50–0.70, matches 0.80–0.94, a mixed region 0.70–0.80
    const labelled = [...spread(40, 0.5, 0.69, false), ...spread(40, 0.8, 0.94, true), { probability: 0.72, match: true }, { probability: 0.75, match: false }, { probability: 0.78, match: true }];
    const pick = pickThresholds(labelled, current);
    expect(pick.kept).toEqual([]);
    // everything from 0.78 up is a match; 0.75 is not
    expect(pick.autoLinkProbability).toBeCloseTo(0.78, 10);
    expect(pick.autoLinkPrecision).toBe(1);
    // below 0.72 only non-matches
    expect(pick.reviewProbability).toBeCloseTo(0.72, 10);
    expect(pick.belowReviewNonMatchShare).toBe(1);
  });

  it('keeps a threshold no labelled cut can justify, and never puts review above auto-link', () => {
    // matches and non-matches interleaved everywhere: precision 0.5 at every cut
    const labelled = Array.from({ length: 80 }, (_, i) => ({ probability: 0.5 + i * 0.005, match: i % 2 === 0 }));
    const pick = pickThresholds(labelled, current);
    expect(pick.autoLinkProbability).toBe(0.95);
    expect(pick.kept.some((k) => /auto-link/.test(k))).toBe(true);
    expect(pick.reviewProbability).toBeLessThanOrEqual(pick.autoLinkProbability);
  });

  it('takes a lower target when asked', () => {
    const labelled = [...spread(40, 0.5, 0.69, false), ...spread(40, 0.8, 0.94, true), { probability: 0.85, match: false }];
    expect(pickThresholds(labelled, current).autoLinkProbability).toBeGreaterThan(0.85);
    expect(pickThresholds(labelled, current, { targetPrecision: 0.97 }).autoLinkProbability).toBeCloseTo(0.8, 10);
  });
});
