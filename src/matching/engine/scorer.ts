/**
 * Scoring a pair with a model: the match weight is the prior's log2 odds plus, per field, the
 * weight of the level the pair reached (log2 m/u; 0 for null), plus the term-frequency
 * adjustment of an exact name match. It is the log2 odds that the two records are one person,
 * so probability = 1 / (1 + 2^-weight), and every weight is explained as the sum of its terms.
 *
 * The fast path (`prepare` once per record, then `weightOfCode` per compared pair) allocates
 * nothing; `weight(a, b)` on plain records keeps the prepared form of each record it has seen.
 */
import {
  comparedValues,
  compareRecords,
  FIELD_COUNT,
  FIELD_INDEX,
  FIELDS,
  levelOf,
  NAME_LEVEL,
  NameMode,
  nameModeOf,
  prepareRecord,
  type PreparedRecord,
} from './comparisons.js';
import type { MatchRecord } from './match-record.js';
import type { MatchModel } from './model.js';
import { probabilityOfWeight, resolveSettings, weightOfProbability, type MatchSettings } from './settings.js';
import { termFrequencyAdjustment } from './term-frequency.js';

export interface PairExplanationTerm {
  /** a field name, or 'prior' */
  field: string;
  /** the level reached ('null' when a side has no value); a swapped name adds ' (swapped)' */
  level: string;
  left: string | null;
  right: string | null;
  /** the term's weight, term-frequency adjustment included */
  weight: number;
}

export interface PairExplanation {
  weight: number;
  probability: number;
  terms: PairExplanationTerm[];
}

export interface Scorer {
  weight(a: MatchRecord, b: MatchRecord): number;
  explain(a: MatchRecord, b: MatchRecord): PairExplanation;
  probability(weight: number): number;
  /** pairs at or above: linked automatically */
  readonly autoLinkWeight: number;
  /** pairs at or above (and below auto-link): steward review */
  readonly reviewWeight: number;
  readonly model: MatchModel;
  /** a record in comparison form with this model's term frequencies (fast path) */
  prepare(record: MatchRecord): PreparedRecord;
  /** sets the term-frequency adjustments of records prepared without this model */
  applyTermFrequencies(record: PreparedRecord): void;
  /** weight of a pair already compared (`compareRecords(a, b)`) */
  weightOfCode(code: number, a: PreparedRecord, b: PreparedRecord): number;
  weightPrepared(a: PreparedRecord, b: PreparedRecord): number;
}

export function createScorer(model: MatchModel, settings: Partial<MatchSettings> = {}): Scorer {
  const s = resolveSettings(settings);
  checkModel(model);
  // table[f * 8 + level]: level 0 (null) weighs 0
  const table = new Float64Array(FIELD_COUNT * 8);
  FIELDS.forEach((_, f) => {
    const fm = model.fields[f]!;
    for (let l = 0; l < fm.levels.length; l++) table[f * 8 + l + 1] = Math.log2(fm.m[l]! / fm.u[l]!);
  });
  const prior = weightOfProbability(model.priorProbability);
  const uExactGiven = model.fields[FIELD_INDEX.givenName]!.u[NAME_LEVEL.exact - 1]!;
  const uExactFamily = model.fields[FIELD_INDEX.familyName]!.u[NAME_LEVEL.exact - 1]!;
  const tf = model.termFrequencies;
  const givenCache = new Map<string, number>();
  const familyCache = new Map<string, number>();
  const cached = (cache: Map<string, number>, value: string | null, compute: (v: string) => number): number => {
    if (value === null) return 0;
    let adj = cache.get(value);
    if (adj === undefined) {
      adj = compute(value);
      if (cache.size < 200_000) cache.set(value, adj);
    }
    return adj;
  };
  const applyTermFrequencies = (r: PreparedRecord): void => {
    r.tfGiven = cached(givenCache, r.given, (v) => termFrequencyAdjustment(tf.givenName, v, uExactGiven));
    r.tfFamily = cached(familyCache, r.family, (v) => termFrequencyAdjustment(tf.familyName, v, uExactFamily));
  };
  const prepare = (record: MatchRecord): PreparedRecord => {
    const p = prepareRecord(record);
    applyTermFrequencies(p);
    return p;
  };

  /** term weights in field order; the sum is taken in this order everywhere */
  const termWeight = (code: number, f: number, a: PreparedRecord, b: PreparedRecord): number => {
    const level = (code >>> FIELDS[f]!.shift) & ((1 << FIELDS[f]!.bits) - 1);
    let w = table[f * 8 + level]!;
    if (level === NAME_LEVEL.exact && f <= FIELD_INDEX.familyName) {
      // the exact value is on a's side except when the crossed term took b's name (see comparisons)
      const fromB = nameModeOf(code) === NameMode.CrossedFamilyFirst;
      w += f === FIELD_INDEX.givenName ? (fromB ? b.tfGiven : a.tfGiven) : fromB ? b.tfFamily : a.tfFamily;
    }
    return w;
  };
  const weightOfCode = (code: number, a: PreparedRecord, b: PreparedRecord): number => {
    let w = prior;
    for (let f = 0; f < FIELD_COUNT; f++) w += termWeight(code, f, a, b);
    return w;
  };

  const preparedOf = new WeakMap<MatchRecord, PreparedRecord>();
  const get = (r: MatchRecord): PreparedRecord => {
    let p = preparedOf.get(r);
    if (p === undefined) {
      p = prepare(r);
      preparedOf.set(r, p);
    }
    return p;
  };

  return {
    model,
    autoLinkWeight: weightOfProbability(s.autoLinkProbability),
    reviewWeight: weightOfProbability(s.reviewProbability),
    probability: probabilityOfWeight,
    prepare,
    applyTermFrequencies,
    weightOfCode,
    weightPrepared: (a, b) => weightOfCode(compareRecords(a, b), a, b),
    weight: (a, b) => {
      const pa = get(a);
      const pb = get(b);
      return weightOfCode(compareRecords(pa, pb), pa, pb);
    },
    explain: (a, b) => {
      const pa = get(a);
      const pb = get(b);
      const code = compareRecords(pa, pb);
      const values = comparedValues(pa, pb, code);
      const swapped = nameModeOf(code) !== NameMode.Direct;
      const terms: PairExplanationTerm[] = [{ field: 'prior', level: 'prior', left: null, right: null, weight: prior }];
      let weight = prior;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const level = levelOf(code, f);
        const w = termWeight(code, f, pa, pb);
        weight += w;
        const name = level === 0 ? 'null' : FIELDS[f]!.levels[level - 1]!;
        terms.push({
          field: FIELDS[f]!.name,
          level: swapped && f <= FIELD_INDEX.familyName && level !== 0 ? `${name} (swapped)` : name,
          left: values[f]![0],
          right: values[f]![1],
          weight: w,
        });
      }
      return { weight, probability: probabilityOfWeight(weight), terms };
    },
  };
}

function checkModel(model: MatchModel): void {
  if (model.version !== 1 || model.fields.length !== FIELD_COUNT) throw new Error('match model: unsupported version or field list');
  FIELDS.forEach((f, i) => {
    const fm = model.fields[i]!;
    if (fm.field !== f.name || fm.levels.length !== f.levels.length || fm.levels.some((l, k) => l !== f.levels[k])) {
      throw new Error(`match model: field ${i} is ${fm.field}, expected ${f.name} with levels ${f.levels.join(', ')}`);
    }
  });
  if (!(model.priorProbability > 0 && model.priorProbability < 1)) throw new Error('match model: prior probability out of range');
}
