/**
 * Labelled pairs (steward decisions) in model estimation. For each field, the labelled pairs
 * with a non-null level are counted per class; where a field has at least
 * `MIN_LABELS_PER_CLASS` labelled matches AND as many labelled non-matches, its m and u come from
 * the labels:
 *
 *   m = (labelled matches per level + P · m_EM) / (labelled matches + P)
 *   u = (labelled non-matches per level + P · u_random) / (labelled non-matches + P)
 *
 * where P (`priorPairs`) is the pseudo-count of the unlabelled estimate: it weighs the labels
 * against what the data said without them (a level no labelled match reached is not
 * impossible), plus 0.5 on every level so none is ever 0. Elsewhere m and u are EM's and the random pairs' as
 * before. Both classes, always together: the review queue selects pairs by their comparison
 * vector, so labelled matches are untypical matches (they disagree somewhere) and labelled
 * non-matches untypical non-matches (they agree a lot); in the weight log2(m/u) the two biases
 * largely cancel, alone they do not. Measured on the sample data (95 of 103 queue pairs are
 * non-matches): u alone from the labels cost 0.001–0.005 F1, m and u together gained.
 *
 * Why 30 per class: with 30 pairs a level of probability 0.5 is known to about ±0.09 (one
 * standard error), so one decision moves no level by more than ~3 %; with fewer, one steward's
 * answer could swing a weight by a bit or more.
 *
 * Why P = 1000 by default, measured (src/evaluation/README.md): for the same selection bias, m and
 * u from the labels alone (P = 0) cost F1 on the sample data; with P = 1000 the labels mostly move
 * u of the levels that strangers in one household share (family name, address), and F1 rose.
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

/** added to every level on top of P (as everywhere in estimation): no level ever gets 0, even with P = 0 */
const LEVEL_PSEUDO_COUNT = 0.5;

/** `estimate` with the labelled fields' rows replaced by the blend of labels and `estimate` */
export function blendWithLabels(estimate: readonly number[][], counts: readonly Float64Array[], totals: readonly number[], use: readonly boolean[], priorPairs: number): number[][] {
  return estimate.map((row, f) => {
    if (!use[f]) return [...row];
    const n = totals[f]! + priorPairs + LEVEL_PSEUDO_COUNT * row.length;
    return row.map((p, l) => (counts[f]![l]! + priorPairs * p + LEVEL_PSEUDO_COUNT) / n);
  });
}
