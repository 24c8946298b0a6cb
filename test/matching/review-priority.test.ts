import { reviewPriority, weightOfProbability } from '../../src/matching/engine/index';

const thresholds = { autoLinkProbability: 0.95, reviewProbability: 0.5 };
const review = weightOfProbability(0.5); // 0
const autoLink = weightOfProbability(0.95); // ≈ 4.25

describe('reviewPriority (higher first)', () => {
  it('puts pairs already in one golden record before all others, whatever their weight or size', () => {
    const middle = (review + autoLink) / 2;
    const together = reviewPriority(middle, thresholds, { together: true, records: 2 });
    const apart = reviewPriority(review + 0.01, thresholds, { together: false, records: 1000 });
    expect(together).toBeGreaterThan(apart);
    expect(together).toBeGreaterThanOrEqual(1);
    expect(apart).toBeLessThan(1);
  });

  it('within a group, puts the pairs nearest a threshold first and the middle of the band last', () => {
    const middle = (review + autoLink) / 2;
    const weights = [middle, review + 0.1, autoLink - 0.1, review + 1, autoLink - 1.5];
    for (const together of [false, true]) {
      const p = (w: number) => reviewPriority(w, thresholds, { together });
      const ordered = [...weights].sort((x, y) => p(y) - p(x));
      expect(ordered[ordered.length - 1]).toBe(middle);
      expect(ordered.slice(0, 2).sort()).toEqual([review + 0.1, autoLink - 0.1].sort());
      expect(p(review + 0.1)).toBeCloseTo(p(autoLink - 0.1), 10);
      expect(p(review + 1)).toBeGreaterThan(p(autoLink - 1.5));
    }
  });

  it('weighs the records a decision concerns: doubling them is worth one bit of closeness', () => {
    const w = review + 0.5;
    expect(reviewPriority(w, thresholds, { records: 6 })).toBeGreaterThan(reviewPriority(w, thresholds, { records: 2 }));
    expect(reviewPriority(review + 1, thresholds, { records: 4 })).toBeCloseTo(reviewPriority(review, thresholds, { records: 2 }), 10);
    // fewer than two records is still a pair; no impact given counts as a pair
    expect(reviewPriority(w, thresholds, { records: 1 })).toBe(reviewPriority(w, thresholds));
  });

  it('gives 0 to pairs outside the review band and to non-numbers', () => {
    expect(reviewPriority(autoLink, thresholds, { together: true })).toBe(0);
    expect(reviewPriority(autoLink + 3, thresholds)).toBe(0);
    expect(reviewPriority(review - 0.01, thresholds)).toBe(0);
    expect(reviewPriority(Number.NaN, thresholds)).toBe(0);
    expect(reviewPriority(review, thresholds)).toBeGreaterThan(0);
  });
});
