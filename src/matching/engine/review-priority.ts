/**
 * The order of the steward's review queue: most useful first. Higher is more useful: sort
 * DESCENDING. Pure and cheap, so the hub can store it on `match_candidate` and index it.
 *
 * 1. Pairs the clustering has already put in ONE golden record come first (priority ≥ 1, the
 *    others < 1). Their link is an automatic decision taken on uncertain evidence (average
 *    linkage joined them although the pair itself is below auto-link), so the answer changes a
 *    golden record now when it is NOT_A_MATCH, and most review pairs are non-matches (95 of 103
 *    on the sample data). A pair in two golden records changes something only when it is a
 *    MATCH. Measured with `npm run eval -- --sample --steward N` (constraints only): the first 10
 *    decisions in this order gave F1 0.99687 → 0.99773 (seed 42) and 0.99763 → 0.99824 (seed 7),
 *    about all that the whole queue gives; ordered by closeness alone, 10 decisions changed
 *    nothing, and lowest- or highest-weight first did less.
 * 2. Within each group: closeness of the weight to the NEARER threshold, in bits of log2 odds. A
 *    pair just below auto-link is one small model change away from being linked automatically,
 *    one just above review from being dropped: the answer says on which side the truth lies,
 *    which is what the labelled estimation and `pickThresholds` learn from.
 * 3. Weighted by the records the decision concerns (both golden records' source records; 2 when
 *    unknown): doubling them is worth one bit of closeness, x = log2(records) / (1 + distance),
 *    squashed to [0, 1) as x / (1 + x) so the group in (1) always decides first.
 *
 * Pairs outside the review band (auto-linked, or below review) get 0.
 */
import { weightOfProbability, type MatchSettings } from './settings.js';

export interface ReviewImpact {
  /** source records in the two golden records the pair's records belong to (one, if the same) */
  records?: number;
  /** both records already belong to one golden record */
  together?: boolean;
}

export function reviewPriority(
  weight: number,
  thresholds: Pick<MatchSettings, 'autoLinkProbability' | 'reviewProbability'>,
  impact: ReviewImpact = {},
): number {
  const review = weightOfProbability(thresholds.reviewProbability);
  const autoLink = weightOfProbability(thresholds.autoLinkProbability);
  if (!Number.isFinite(weight) || weight < review || weight >= autoLink) return 0;
  const distance = Math.min(weight - review, autoLink - weight);
  const x = Math.log2(Math.max(2, impact.records ?? 2)) / (1 + distance);
  return (impact.together === true ? 1 : 0) + x / (1 + x);
}
