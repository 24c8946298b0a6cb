/**
 * Decision thresholds re-derived from labelled pairs (steward decisions): given each labelled
 * pair's probability under the current model and its label, pick
 *
 * - auto-link: the lowest labelled probability t such that the labelled pairs at or above t are
 *   matches with precision ≥ `targetPrecision`;
 * - review: the highest labelled probability t (not above auto-link) such that the labelled pairs
 *   below t — the ones that would be dropped without review — are non-matches with a share
 *   ≥ `targetPrecision`. The band [review, auto-link) is then the labelled region where the
 *   labels disagree with each other: the uncertain one.
 *
 * Labels come from the review queue, so they lie inside the current band: the picker can narrow
 * or shift the band within it, never widen it beyond the labelled region. With fewer than
 * `minPerClass` labels of either class (or no cut reaching the target) the current threshold is
 * kept and the reason says so. Pure; it only proposes — whether to store it is the caller's.
 */
import { MIN_LABELS_PER_CLASS } from './labels.js';
import type { MatchSettings } from './settings.js';

export interface LabelledProbability {
  probability: number;
  match: boolean;
}

export interface ThresholdPick {
  autoLinkProbability: number;
  reviewProbability: number;
  /** labelled precision at or above the picked auto-link threshold (null: kept the current one) */
  autoLinkPrecision: number | null;
  /** labelled share of non-matches below the picked review threshold (null: kept the current one) */
  belowReviewNonMatchShare: number | null;
  matches: number;
  nonMatches: number;
  /** why a threshold was kept as it was, if one was */
  kept: string[];
}

export function pickThresholds(
  labelled: readonly LabelledProbability[],
  current: Pick<MatchSettings, 'autoLinkProbability' | 'reviewProbability'>,
  options: { targetPrecision?: number; minPerClass?: number } = {},
): ThresholdPick {
  const target = options.targetPrecision ?? 0.99;
  const minPerClass = options.minPerClass ?? MIN_LABELS_PER_CLASS;
  const pairs = labelled.filter((p) => Number.isFinite(p.probability)).sort((x, y) => x.probability - y.probability);
  const matches = pairs.filter((p) => p.match).length;
  const nonMatches = pairs.length - matches;
  const pick: ThresholdPick = {
    autoLinkProbability: current.autoLinkProbability,
    reviewProbability: current.reviewProbability,
    autoLinkPrecision: null,
    belowReviewNonMatchShare: null,
    matches,
    nonMatches,
    kept: [],
  };
  if (matches < minPerClass || nonMatches < minPerClass) {
    pick.kept.push(`too few labels (${matches} matches, ${nonMatches} non-matches; ${minPerClass} of each needed)`);
    return pick;
  }

  // auto-link: scan from the top; the lowest cut (at a change of probability) still precise enough
  let above = 0;
  let matchesAbove = 0;
  let autoIndex = -1;
  for (let i = pairs.length - 1; i >= 0; i--) {
    above++;
    if (pairs[i]!.match) matchesAbove++;
    const cut = i === 0 || pairs[i - 1]!.probability !== pairs[i]!.probability;
    if (cut && matchesAbove / above >= target) {
      autoIndex = i;
      pick.autoLinkPrecision = matchesAbove / above;
    }
  }
  if (autoIndex < 0) pick.kept.push(`no labelled cut reaches precision ${target} for auto-link`);
  else pick.autoLinkProbability = pairs[autoIndex]!.probability;

  // review: scan from the bottom; the highest cut below which enough are non-matches
  const limit = autoIndex < 0 ? pairs.length : autoIndex;
  let below = 0;
  let nonMatchesBelow = 0;
  let reviewIndex = -1;
  for (let i = 0; i < limit; i++) {
    below++;
    if (!pairs[i]!.match) nonMatchesBelow++;
    const cut = i + 1 < pairs.length && pairs[i + 1]!.probability !== pairs[i]!.probability;
    if (cut && nonMatchesBelow / below >= target && pairs[i + 1]!.probability <= pick.autoLinkProbability) {
      reviewIndex = i + 1;
      pick.belowReviewNonMatchShare = nonMatchesBelow / below;
    }
  }
  if (reviewIndex < 0) pick.kept.push(`no labelled cut leaves ≥ ${target} non-matches below review`);
  else pick.reviewProbability = pairs[reviewIndex]!.probability;
  if (pick.reviewProbability > pick.autoLinkProbability) pick.reviewProbability = pick.autoLinkProbability;
  return pick;
}
