/**
 * Matching settings: the two decision thresholds and the limits of blocking and estimation.
 * Every weight in matching is a log2 odds (prior included), so a probability threshold p is the
 * weight log2(p / (1 - p)).
 */
export interface MatchSettings {
  /** pairs at or above this probability are linked automatically */
  autoLinkProbability: number;
  /** pairs at or above this (and below auto-link) go to steward review; below: no match */
  reviewProbability: number;
  /** blocks (records sharing one blocking key) larger than this are skipped and reported */
  maxBlockSize: number;
  /** random record pairs compared to estimate the u probabilities */
  uSamplePairs: number;
  /** seed of the u sample */
  seed: number;
  /** EM stops after this many iterations ... */
  emMaxIterations: number;
  /** ... or when no m probability or λ moved by more than this in one iteration */
  emTolerance: number;
}

export const DEFAULT_MATCH_SETTINGS: Readonly<MatchSettings> = Object.freeze({
  autoLinkProbability: 0.95,
  reviewProbability: 0.5,
  maxBlockSize: 100,
  uSamplePairs: 500_000,
  seed: 42,
  emMaxIterations: 200,
  emTolerance: 1e-6,
});

/** Settings with defaults filled in and checked; throws on values that make no sense. */
export function resolveSettings(settings: Partial<MatchSettings> = {}): MatchSettings {
  const s: MatchSettings = { ...DEFAULT_MATCH_SETTINGS, ...settings };
  const isProbability = (p: number) => Number.isFinite(p) && p > 0 && p < 1;
  if (!isProbability(s.autoLinkProbability) || !isProbability(s.reviewProbability)) {
    throw new RangeError('match thresholds must be probabilities strictly between 0 and 1');
  }
  if (s.reviewProbability > s.autoLinkProbability) throw new RangeError('reviewProbability must not exceed autoLinkProbability');
  if (!Number.isInteger(s.maxBlockSize) || s.maxBlockSize < 2) throw new RangeError('maxBlockSize must be an integer ≥ 2');
  if (!Number.isInteger(s.uSamplePairs) || s.uSamplePairs < 1) throw new RangeError('uSamplePairs must be a positive integer');
  if (!Number.isInteger(s.emMaxIterations) || s.emMaxIterations < 1) throw new RangeError('emMaxIterations must be a positive integer');
  if (!(s.emTolerance > 0)) throw new RangeError('emTolerance must be positive');
  return s;
}

/** log2 odds of a probability */
export function weightOfProbability(p: number): number {
  return Math.log2(p / (1 - p));
}

/** probability of a log2 odds */
export function probabilityOfWeight(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}
