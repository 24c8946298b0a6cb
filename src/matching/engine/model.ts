/**
 * The Fellegi-Sunter model: per field and level, m = P(level | same person) and
 * u = P(level | different persons); the level's weight is log2(m / u). Plus the prior (the
 * probability that two records drawn at random are the same person) and the term-frequency
 * tables of the names. Estimated from the data itself (labelled pairs, when a steward has
 * decided enough of them, only adjust m/u of some fields: labels.ts):
 *
 * - u from random record pairs (a seeded sample): almost all random pairs are different persons.
 * - m by EM with u held fixed, on training pairs: all pairs of records that agree exactly on the
 *   fields of one training rule (same birth date and postcode; same given and family name), in
 *   groups of at most `maxBlockSize`, sampled down to `uSamplePairs` per rule. Two different
 *   persons who happen to share a birth date and postcode still look like a random pair on every
 *   OTHER field, so the random-pair u is right for them, and EM separates matches from
 *   non-matches on those fields. The rule's own fields, and fields tied to them (gender and
 *   e-mail, mostly made of the name, to the name), are left out of its run; each field's m is
 *   the mean over the runs that estimated it.
 *   The training pairs are drawn from the records, not from the candidate pairs: a candidate
 *   pair agreeing on birth date may have been blocked for also sharing a name, and then the
 *   random-pair u is wrong for the name. (EM over all candidate pairs with free u was tried
 *   first: with common names the candidates are mostly same-name strangers, and EM took "same
 *   name" for the match class — 0.35 precision on 200k sample records.)
 * - λ, the share of matches among the candidate pairs, by EM on λ alone (m and u fixed); the
 *   prior is λ × candidate pairs / all pairs (the matches blocking lets through, over every pair).
 * - u corrected for the matches among the random pairs, u = (u_observed − prior·m) / (1 − prior),
 *   and m, λ estimated again with it (two rounds): in a file that is one third duplicates the
 *   random pairs hold enough matches to halve the weight of the strong levels.
 *
 * `MatchModel` is plain JSON: it is stored (jsonb) and reused to score new records the same way.
 */
import { compareRecords, FIELD_COUNT, FIELDS, LEVEL_MASK, levelOf, type PreparedRecord } from './comparisons.js';
import { normalise, runEm, type EmParameters } from './em.js';
import { idRanks } from './ids.js';
import { blendWithLabels, countLabels, DEFAULT_LABEL_PRIOR_PAIRS, labelledFields, MIN_LABELS_PER_CLASS, type LabelOptions } from './labels.js';
import { createRng } from './random.js';
import type { MatchSettings } from './settings.js';
import { buildTermFrequencies, type TermFrequencyTable } from './term-frequency.js';

export interface FieldModel {
  field: string;
  /** level names, levels 1..n (level 0, null, has weight 0) */
  levels: string[];
  m: number[];
  u: number[];
  /** log2(m / u), for reading; the scorer recomputes it from m and u */
  weights: number[];
}

export interface MatchModel {
  version: 1;
  fields: FieldModel[];
  /** probability that two records drawn at random are the same person */
  priorProbability: number;
  termFrequencies: { givenName: TermFrequencyTable; familyName: TermFrequencyTable };
  estimation: {
    records: number;
    candidatePairs: number;
    /** distinct comparison vectors among the candidate pairs */
    patterns: number;
    uSamplePairs: number;
    seed: number;
    /** λ: estimated share of matches among the candidate pairs */
    matchShare: number;
    /** EM iterations over all training runs (and the λ fit) */
    emIterations: number;
    emConverged: boolean;
    training: { rule: string; pairs: number; iterations: number; converged: boolean; matchShare: number }[];
    /** labelled pairs used (steward decisions), and the fields whose m / u came from them */
    labels?: { matches: number; nonMatches: number; fields: string[]; priorPairs: number; minPerClass: number };
  };
}

interface TrainingRule {
  name: string;
  /** records with the same non-null key form a training group */
  key: (r: PreparedRecord) => string | null;
  /** fields not estimated by this run (the defining ones and fields tied to them) */
  ignore: readonly string[];
}

const TRAINING_RULES: readonly TrainingRule[] = [
  {
    name: 'same date of birth and postcode',
    key: (r) => (r.dob !== null && r.postcode !== null ? `${r.dob}|${r.postcode}` : null),
    ignore: ['dateOfBirth', 'address'],
  },
  {
    name: 'same given and family name',
    key: (r) => (r.given !== null && r.family !== null ? `${r.given}|${r.family}` : null),
    // gender goes with the given name, and e-mail local parts are mostly made of the name
    ignore: ['givenName', 'familyName', 'gender', 'email'],
  },
];

/** a training run with fewer pairs than this says too little to be used */
const MIN_TRAINING_PAIRS = 20;

const PSEUDO_COUNT = 0.5;

/**
 * Estimates a model from the prepared records and the packed comparison vectors of their
 * candidate pairs (`codes[0..count)`). Labelled pairs (steward decisions), when given, set m and
 * u of the fields with enough of them (labels.ts); EM and the random pairs estimate the rest.
 */
export function estimateModel(
  records: readonly PreparedRecord[],
  codes: ArrayLike<number>,
  count: number,
  settings: MatchSettings,
  labels?: LabelOptions,
): MatchModel {
  // samples are drawn in id order, so the model depends on the records, not on their order
  const ranks = idRanks(records.map((r) => r.record.id));
  const byId: PreparedRecord[] = new Array(records.length);
  records.forEach((r, i) => (byId[ranks[i]!] = r));
  const uObserved = estimateU(byId, settings);
  const { levels, counts, distinct } = patternsOf(codes, count);
  const trainingSets = TRAINING_RULES.map((rule) => {
    const trainingCodes = trainingPairCodes(byId, rule, settings);
    return { rule, patterns: patternsOf(trainingCodes, trainingCodes.length) };
  });
  const n = records.length;
  const allPairs = n < 2 ? 1 : (n * (n - 1)) / 2;

  // Two rounds: the random pairs behind u include the data's own matches (in a file that is
  // one third duplicates, enough to blur u of the strong levels), so once m and the prior are
  // known, u is corrected for them, u = (u_observed - prior * m) / (1 - prior), and m
  // re-estimated with it.
  // labelled fields: m and u blended with the labels after every estimate of them
  const labelled = labels === undefined ? null : labelSetup(records, labels);
  const withLabelsM = (m: number[][]) =>
    labelled === null ? m : blendWithLabels(m, labelled.counts.matchCounts, labelled.counts.matches, labelled.use, labelled.priorPairs);
  const withLabelsU = (u: number[][]) =>
    labelled === null ? u : blendWithLabels(u, labelled.counts.nonMatchCounts, labelled.counts.nonMatches, labelled.use, labelled.priorPairs);

  let u = withLabelsU(uObserved);
  let m!: number[][];
  let round!: ReturnType<typeof estimateM>;
  let share!: ReturnType<typeof estimateMatchShare>;
  let priorProbability = 0;
  let iterations = 0;
  for (let r = 0; r < 2; r++) {
    round = estimateM(trainingSets, u, settings);
    m = withLabelsM(round.m);
    share = estimateMatchShare(levels, counts, m, u);
    iterations += round.iterations + share.iterations;
    priorProbability = Math.min(0.5, Math.max(share.lambda * count, 1) / Math.max(allPairs, 2));
    u = withLabelsU(correctU(uObserved, m, priorProbability));
  }
  // the final u goes with the m estimated under it; the prior with both
  share = estimateMatchShare(levels, counts, m, u);
  iterations += share.iterations;
  priorProbability = Math.min(0.5, Math.max(share.lambda * count, 1) / Math.max(allPairs, 2));
  const em = { m, lambda: share.lambda, iterations, converged: round.converged && share.converged };
  const training = round.training;

  return {
    version: 1,
    fields: FIELDS.map((f, i) => ({
      field: f.name,
      levels: [...f.levels],
      m: em.m[i]!,
      u: u[i]!,
      weights: em.m[i]!.map((m, l) => Math.log2(m / u[i]![l]!)),
    })),
    priorProbability,
    termFrequencies: {
      givenName: buildTermFrequencies(records.map((r) => r.given)),
      familyName: buildTermFrequencies(records.map((r) => r.family)),
    },
    estimation: {
      records: n,
      candidatePairs: count,
      patterns: distinct,
      uSamplePairs: n < 2 ? 0 : settings.uSamplePairs,
      seed: settings.seed,
      matchShare: em.lambda,
      emIterations: em.iterations,
      emConverged: em.converged,
      training,
      ...(labelled === null
        ? {}
        : {
            labels: {
              matches: labelled.matches,
              nonMatches: labelled.nonMatches,
              fields: FIELDS.filter((_, f) => labelled.use[f]).map((f) => f.name),
              priorPairs: labelled.priorPairs,
              minPerClass: labelled.minPerClass,
            },
          }),
    },
  };
}

function labelSetup(records: readonly PreparedRecord[], options: LabelOptions) {
  const byId = new Map(records.map((r) => [r.record.id, r]));
  const counts = countLabels(byId, options.pairs);
  const minPerClass = options.minPerClass ?? MIN_LABELS_PER_CLASS;
  const priorPairs = options.priorPairs ?? DEFAULT_LABEL_PRIOR_PAIRS;
  let matches = 0;
  for (const p of options.pairs) if (p.label === 'MATCH' && byId.has(p.a) && byId.has(p.b)) matches++;
  return { counts, use: labelledFields(counts, minPerClass), minPerClass, priorPairs, matches, nonMatches: counts.used - matches };
}

/** u per field and level from a seeded sample of random record pairs */
export function estimateU(records: readonly PreparedRecord[], settings: Pick<MatchSettings, 'uSamplePairs' | 'seed'>): number[][] {
  const counts = FIELDS.map((f) => new Float64Array(f.levels.length));
  const n = records.length;
  if (n >= 2) {
    const rng = createRng(settings.seed);
    for (let k = 0; k < settings.uSamplePairs; k++) {
      const i = rng.below(n);
      let j = rng.below(n - 1);
      if (j >= i) j++;
      const code = compareRecords(records[i]!, records[j]!);
      for (let f = 0; f < FIELD_COUNT; f++) {
        const level = levelOf(code, f);
        if (level !== 0) counts[f]![level - 1]!++;
      }
    }
  }
  return counts.map((row) => normalise(row, PSEUDO_COUNT));
}

/** m by EM (u fixed) on each training set; each field's m is the mean over the runs estimating it */
function estimateM(
  sets: readonly { rule: TrainingRule; patterns: ReturnType<typeof patternsOf> }[],
  u: number[][],
  settings: MatchSettings,
): { m: number[][]; iterations: number; converged: boolean; training: MatchModel['estimation']['training'] } {
  const levelCounts = FIELDS.map((f) => f.levels.length);
  const fieldIndex = (name: string) => FIELDS.findIndex((f) => f.name === name);
  const estimates: number[][][] = FIELDS.map(() => []);
  const training: MatchModel['estimation']['training'] = [];
  let iterations = 0;
  let converged = true;
  for (const { rule, patterns } of sets) {
    const pairs = patterns.counts.reduce((sum, c) => sum + c, 0);
    if (pairs < MIN_TRAINING_PAIRS) {
      training.push({ rule: rule.name, pairs, iterations: 0, converged: true, matchShare: 0 });
      continue;
    }
    const ignore = rule.ignore.map(fieldIndex);
    const init: EmParameters = { lambda: 0.5, m: levelCounts.map(initialM), u };
    const em = runEm(patterns.levels, patterns.counts, levelCounts, init, {
      maxIterations: settings.emMaxIterations,
      tolerance: settings.emTolerance,
      pseudoCount: PSEUDO_COUNT,
      fixU: true,
      ignoreFields: ignore,
    });
    iterations += em.iterations;
    converged &&= em.converged;
    training.push({ rule: rule.name, pairs, iterations: em.iterations, converged: em.converged, matchShare: em.lambda });
    FIELDS.forEach((_, f) => {
      if (!ignore.includes(f)) estimates[f]!.push(em.m[f]!);
    });
  }
  const m = FIELDS.map((_, f) => {
    const list = estimates[f]!;
    if (list.length === 0) return initialM(levelCounts[f]!);
    return list[0]!.map((_, l) => list.reduce((sum, e) => sum + e[l]!, 0) / list.length);
  });
  return { m, iterations, converged, training };
}

/** u without the matches among the random pairs; never below a floor, renormalised */
function correctU(observed: number[][], m: number[][], prior: number): number[][] {
  return observed.map((row, f) => {
    const floor = Math.min(...row) / 2;
    const corrected = row.map((u, l) => Math.max(floor, (u - prior * m[f]![l]!) / (1 - prior)));
    const sum = corrected.reduce((a, b) => a + b, 0);
    return corrected.map((u) => u / sum);
  });
}

/** identical vectors -> one pattern (levels row) with a count */
function patternsOf(codes: ArrayLike<number>, count: number): { levels: Uint8Array; counts: Float64Array; distinct: number } {
  // the level part of a vector is a small integer: count in an array indexed by it
  const byCode = new Float64Array(LEVEL_MASK + 1);
  for (let k = 0; k < count; k++) byCode[codes[k]! & LEVEL_MASK]!++;
  const keys: number[] = [];
  for (let code = 0; code <= LEVEL_MASK; code++) if (byCode[code] !== 0) keys.push(code);
  const levels = new Uint8Array(keys.length * FIELD_COUNT);
  const counts = new Float64Array(keys.length);
  keys.forEach((key, p) => {
    counts[p] = byCode[key]!;
    for (let f = 0; f < FIELD_COUNT; f++) levels[p * FIELD_COUNT + f] = levelOf(key, f);
  });
  return { levels, counts, distinct: keys.length };
}

/**
 * Comparison vectors of a rule's training pairs: every pair inside each group of 2..maxBlockSize
 * records sharing the rule's key, or, when that is more than `uSamplePairs`, a seeded sample of
 * them (each pair kept with the same probability).
 */
function trainingPairCodes(records: readonly PreparedRecord[], rule: TrainingRule, settings: MatchSettings): Int32Array {
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    const key = rule.key(r);
    if (key === null) return;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  let total = 0;
  const usable: number[][] = [];
  for (const g of groups.values()) {
    if (g.length < 2 || g.length > settings.maxBlockSize) continue;
    usable.push(g);
    total += (g.length * (g.length - 1)) / 2;
  }
  const keep = Math.min(1, settings.uSamplePairs / Math.max(total, 1));
  const rng = createRng(settings.seed ^ 0x5bd1e995);
  const codes: number[] = [];
  for (const g of usable) {
    for (let x = 0; x < g.length; x++) {
      for (let y = x + 1; y < g.length; y++) {
        if (keep < 1 && rng.below(1_000_000) >= keep * 1_000_000) continue;
        codes.push(compareRecords(records[g[x]!]!, records[g[y]!]!));
      }
    }
  }
  return Int32Array.from(codes);
}

/** λ over all candidate pairs with m and u fixed (EM on λ alone) */
function estimateMatchShare(levels: Uint8Array, counts: Float64Array, m: number[][], u: number[][]): { lambda: number; iterations: number; converged: boolean } {
  // the likelihood ratio of each pattern does not change; only λ moves
  const ratio = new Float64Array(counts.length);
  let total = 0;
  for (let p = 0; p < counts.length; p++) {
    let logRatio = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const level = levels[p * FIELD_COUNT + f]!;
      if (level !== 0) logRatio += Math.log(m[f]![level - 1]! / u[f]![level - 1]!);
    }
    ratio[p] = Math.exp(Math.min(700, logRatio));
    total += counts[p]!;
  }
  if (total === 0) return { lambda: 0, iterations: 0, converged: true };
  let lambda = 0.1;
  for (let i = 1; i <= 1000; i++) {
    let mass = 0;
    for (let p = 0; p < counts.length; p++) mass += (counts[p]! * lambda * ratio[p]!) / (lambda * ratio[p]! + 1 - lambda);
    const next = Math.min(1 - 1e-9, Math.max(1e-12, mass / total));
    const change = Math.abs(next - lambda);
    lambda = next;
    if (change < 1e-9) return { lambda, iterations: i, converged: true };
  }
  return { lambda, iterations: 1000, converged: false };
}

/** starting m: most matches agree exactly, few land on the weaker levels */
function initialM(levels: number): number[] {
  const raw = Array.from({ length: levels }, (_, l) => (l === 0 ? 0.8 : 0.2 / Math.pow(2, l)));
  return normalise(raw, 0);
}
