/**
 * The order of the steward's review queue: most useful first. A REVIEW pair is useful when its
 * answer is the one the model is least sure of, and when the answer moves many records.
 *
 * - Uncertainty: how close the pair's weight is to the NEARER decision threshold, in bits of
 *   log2 odds (the unit every weight is in). A pair just below auto-link is one small model change
 *   away from being linked automatically, a pair just above the review threshold one away from
 *   being dropped: the steward's answer there says on which side the truth lies, which is what the
 *   labelled estimation (m/u) and the threshold picker (`pickThresholds`) learn from. A pair in
 *   the middle of the band is the one the model would still send to review after a small change
 *   either way, so its answer changes the least.
 * - Impact (tie-breaker and weight): the number of records the decision would join (both pairs'
 *   current clusters together; 2 when nothing else is known). Doubling it is worth one bit of
 *   closeness: priority = log2(records joined) / (1 + distance in bits).
 *
 * Higher is more useful: sort DESCENDING. Pairs outside the band (auto-linked or below review)
 * get 0, so a queue sorted by it never puts them first. Pure and cheap, so the hub can store it
 * on `match_candidate` and index it.
 */
import { weightOfProbability, type MatchSettings } from './settings.js';

export function reviewPriority(
  weight: number,
  thresholds: Pick<MatchSettings, 'autoLinkProbability' | 'reviewProbability'>,
  recordsJoined = 2,
): number {
  const review = weightOfProbability(thresholds.reviewProbability);
  const autoLink = weightOfProbability(thresholds.autoLinkProbability);
  if (!Number.isFinite(weight) || weight < review || weight >= autoLink) return 0;
  const distance = Math.min(weight - review, autoLink - weight);
  return Math.log2(Math.max(2, recordsJoined)) / (1 + distance);
}
