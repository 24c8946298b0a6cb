/**
 * Labelled pairs (steward decisions) in model estimation. For each field, the labelled pairs
 * with a non-null level are counted per class; where a field has at least
 * `MIN_LABELS_PER_CLASS` labelled matches AND as many labelled non-matches, its m and u come from
 * the labels:
 *
 *   m = (labelled matches per level + P · m_EM) / (labelled matches + P)
 *   u = (labelled non-matches per level + P · u_random) / (labelled non-matches + P)
 *
 * where P (`priorPairs`) is the pseudo-count of the unlabelled estimate: it keeps every level
 * away from 0 (a level no labelled match reached is not impossible) and weighs the labels
 * against what the data said without them. Elsewhere m and u are EM's and the random pairs' as
 * before. Both classes are required: a field's weight is log2(m/u), and one side from labels and
 * the other from unlabelled data would mix two populations.
 *
 * Why 30 per class: with 30 pairs a level of probability 0.5 is known to about ±0.09 (one
 * standard error), so one decision moves no level by more than ~3 %; with fewer, one steward's
 * answer could swing a weight by a bit or more.
 *
 * Caution, measured (see src/evaluation/README.md): the labels come from the review queue, which
 * selects pairs by their comparison vector, so labelled matches are the untypical ones that
 * disagree and labelled non-matches the ones that agree. m and u from them alone would be badly
 * biased (an exact national id would weigh little); hence the strong default P.
 */
import { compareRecords, FIELD_COUNT, FIELDS, levelOf, type PreparedRecord } from './comparisons.js';

export type PairLabel = 'MATCH' | 'NOT_A_MATCH';

export interface LabelledPair {
  /** record ids */
  a: string;
  b: string;
  label: PairLabel;
}

export const MIN_LABELS_PER_CLASS = 30;

/** pseudo-count of the unlabelled estimate against the labels (see above) */
export const DEFAULT_LABEL_PRIOR_PAIRS = 1000;

export interface LabelOptions {
  pairs: readonly LabelledPair[];
  /** default `DEFAULT_LABEL_PRIOR_PAIRS` */
  priorPairs?: number;
  /** default `MIN_LABELS_PER_CLASS` */
  minPerClass?: number;
}

export interface LabelCounts {
  /** per field, per level (1..n at index 0..n-1) */
  matchCounts: Float64Array[];
  nonMatchCounts: Float64Array[];
  /** per field: labelled pairs with a non-null level */
  matches: number[];
  nonMatches: number[];
  /** labelled pairs whose records were both found */
  used: number;
}

/** Comparison levels of the labelled pairs, counted per class. Pairs of unknown ids are skipped. */
export function countLabels(byId: ReadonlyMap<string, PreparedRecord>, pairs: readonly LabelledPair[]): LabelCounts {
  const matchCounts = FIELDS.map((f) => new Float64Array(f.levels.length));
  const nonMatchCounts = FIELDS.map((f) => new Float64Array(f.levels.length));
  const matches = FIELDS.map(() => 0);
  const nonMatches = FIELDS.map(() => 0);
  let used = 0;
  for (const p of pairs) {
    const a = byId.get(p.a);
    const b = byId.get(p.b);
    if (a === undefined || b === undefined || a === b) continue;
    used++;
    const code = compareRecords(a, b);
    const isMatch = p.label === 'MATCH';
    for (let f = 0; f < FIELD_COUNT; f++) {
      const level = levelOf(code, f);
      if (level === 0) continue;
      if (isMatch) {
        matchCounts[f]![level - 1]!++;
        matches[f]!++;
      } else {
        nonMatchCounts[f]![level - 1]!++;
        nonMatches[f]!++;
      }
    }
  }
  return { matchCounts, nonMatchCounts, matches, nonMatches, used };
}

/** the fields with enough labelled pairs of both classes */
export function labelledFields(counts: LabelCounts, minPerClass = MIN_LABELS_PER_CLASS): boolean[] {
  return FIELDS.map((_, f) => counts.matches[f]! >= minPerClass && counts.nonMatches[f]! >= minPerClass);
}

/** `estimate` with the labelled fields' rows replaced by the blend of labels and `estimate` */
export function blendWithLabels(estimate: readonly number[][], counts: readonly Float64Array[], totals: readonly number[], use: readonly boolean[], priorPairs: number): number[][] {
  return estimate.map((row, f) => {
    if (!use[f]) return [...row];
    const n = totals[f]!;
    return row.map((p, l) => (counts[f]![l]! + priorPairs * p) / (n + priorPairs));
  });
}
