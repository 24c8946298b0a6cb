import { reviewPriority, weightOfProbability } from '../../src/matching/engine/index';

const thresholds = { autoLinkProbability: 0.95, reviewProbability: 0.5 };
const review = weightOfProbability(0.5); // 0
const autoLink = weightOfProbability(0.95); // ≈ 4.25

describe('reviewPriority (higher first)', () => {
  it('puts the pairs nearest a threshold first and the middle of the band last', () => {
    const middle = (review + autoLink) / 2;
    const weights = [middle, review + 0.1, autoLink - 0.1, review + 1, autoLink - 1.5];
    const ordered = [...weights].sort((x, y) => reviewPriority(y, thresholds) - reviewPriority(x, thresholds));
    expect(ordered[ordered.length - 1]).toBe(middle);
    expect(ordered.slice(0, 2).sort()).toEqual([review + 0.1, autoLink - 0.1].sort());
    expect(reviewPriority(review + 0.1, thresholds)).toBeCloseTo(reviewPriority(autoLink - 0.1, thresholds), 10);
    expect(reviewPriority(review + 1, thresholds)).toBeGreaterThan(reviewPriority(autoLink - 1.5, thresholds));
  });

  it('weighs the records a decision would join: doubling them is worth one bit of closeness', () => {
    const w = review + 0.5;
    expect(reviewPriority(w, thresholds, 6)).toBeGreaterThan(reviewPriority(w, thresholds, 2));
    expect(reviewPriority(review + 1, thresholds, 4)).toBeCloseTo(reviewPriority(review, thresholds, 2), 10);
    // fewer than two records is still a pair
    expect(reviewPriority(w, thresholds, 1)).toBe(reviewPriority(w, thresholds, 2));
  });

  it('gives 0 to pairs outside the review band and to non-numbers', () => {
    expect(reviewPriority(autoLink, thresholds)).toBe(0);
    expect(reviewPriority(autoLink + 3, thresholds)).toBe(0);
    expect(reviewPriority(review - 0.01, thresholds)).toBe(0);
    expect(reviewPriority(Number.NaN, thresholds)).toBe(0);
    expect(reviewPriority(review, thresholds)).toBeGreaterThan(0);
  });
});
