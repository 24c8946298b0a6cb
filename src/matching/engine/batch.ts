/**
 * The whole matching pipeline over a set of records, in memory: block, compare, estimate the
 * model (unless one is given), score, cluster. Pure: no I/O. The hub's batch job and the
 * evaluation CLI both call this; incremental matching reuses the stored model and the same
 * scorer and clustering.
 */
import { candidatePairs } from './blocking.js';
import { clusterRecords, type WeightedEdge } from './clustering.js';
import { compareRecords, prepareRecord } from './comparisons.js';
import { compareIds } from './ids.js';
import type { MatchRecord } from './match-record.js';
import type { LabelOptions } from './labels.js';
import { estimateModel, type MatchModel } from './model.js';
import { createScorer } from './scorer.js';
import { resolveSettings, type MatchSettings } from './settings.js';

export type BatchStage = 'blocking' | 'comparing' | 'estimating' | 'scoring' | 'clustering';

export interface BatchOptions {
  /** use this model instead of estimating one (incremental matching, re-runs) */
  model?: MatchModel;
  /** pairs that must never end in one cluster (steward decisions, linkage across files) */
  cannotLink?: (idA: string, idB: string) => boolean;
  /** pairs of record ids that end in one cluster (steward merges), unless a cannot-link forbids it */
  mustLink?: readonly (readonly [string, string])[];
  /** labelled pairs (steward decisions) for the model estimation (ignored when `model` is given) */
  labels?: LabelOptions;
  onProgress?: (stage: BatchStage, done: number, total: number) => void;
}

export interface ScoredPair {
  /** record ids, a before b in id order */
  a: string;
  b: string;
  weight: number;
  probability: number;
}

export interface BatchResult {
  model: MatchModel;
  /** record ids; every record in exactly one cluster, singletons included */
  clusters: string[][];
  /** compared pairs at or above the review weight, strongest first */
  candidates: ScoredPair[];
  stats: {
    records: number;
    pairsCompared: number;
    blocks: number;
    oversized: { key: string; size: number }[];
    /** 0 when a model was given */
    emIterations: number;
    timingsMs: { blocking: number; comparing: number; estimating: number; scoring: number; clustering: number };
  };
}

const PROGRESS_EVERY = 1 << 20;

export function matchBatch(records: readonly MatchRecord[], settings: Partial<MatchSettings> = {}, options: BatchOptions = {}): BatchResult {
  const s = resolveSettings(settings);
  const progress = options.onProgress ?? (() => {});
  const clock = () => performance.now();

  let t = clock();
  progress('blocking', 0, records.length);
  const pairs = candidatePairs(records, s);
  progress('blocking', records.length, records.length);
  const blocking = clock() - t;

  t = clock();
  const prepared = records.map(prepareRecord);
  const codes = new Int32Array(pairs.count);
  for (let k = 0; k < pairs.count; k++) {
    codes[k] = compareRecords(prepared[pairs.left[k]!]!, prepared[pairs.right[k]!]!);
    if ((k & (PROGRESS_EVERY - 1)) === 0 && k > 0) progress('comparing', k, pairs.count);
  }
  progress('comparing', pairs.count, pairs.count);
  const comparing = clock() - t;

  t = clock();
  progress('estimating', 0, 1);
  const model = options.model ?? estimateModel(prepared, codes, pairs.count, s, options.labels);
  progress('estimating', 1, 1);
  const estimating = clock() - t;

  t = clock();
  const scorer = createScorer(model, s);
  for (const p of prepared) scorer.applyTermFrequencies(p);
  const edges: WeightedEdge[] = [];
  for (let k = 0; k < pairs.count; k++) {
    const a = pairs.left[k]!;
    const b = pairs.right[k]!;
    const weight = scorer.weightOfCode(codes[k]!, prepared[a]!, prepared[b]!);
    if (weight >= scorer.reviewWeight) edges.push({ a, b, weight });
    if ((k & (PROGRESS_EVERY - 1)) === 0 && k > 0) progress('scoring', k, pairs.count);
  }
  progress('scoring', pairs.count, pairs.count);
  const scoring = clock() - t;

  t = clock();
  progress('clustering', 0, 1);
  const cannotLink = options.cannotLink;
  let mustLink: [number, number][] | undefined;
  if (options.mustLink !== undefined && options.mustLink.length > 0) {
    const indexOf = new Map(records.map((r, i) => [r.id, i]));
    mustLink = [];
    for (const [x, y] of options.mustLink) {
      const a = indexOf.get(x);
      const b = indexOf.get(y);
      if (a !== undefined && b !== undefined && a !== b) mustLink.push([a, b]);
    }
  }
  const clusterIndexes = clusterRecords(
    records,
    edges,
    (a, b) => scorer.weightPrepared(prepared[a]!, prepared[b]!),
    s,
    cannotLink ? (a, b) => cannotLink(records[a]!.id, records[b]!.id) : undefined,
    mustLink,
  );
  const clusters = clusterIndexes.map((c) => c.map((i) => records[i]!.id));
  progress('clustering', 1, 1);
  const clustering = clock() - t;

  const candidates = edges.map((e) => {
    const [x, y] = [records[e.a]!.id, records[e.b]!.id];
    const [a, b] = compareIds(x, y) <= 0 ? [x, y] : [y, x];
    return { a, b, weight: e.weight, probability: scorer.probability(e.weight) };
  });
  candidates.sort((x, y) => y.weight - x.weight || compareIds(x.a, y.a) || compareIds(x.b, y.b));

  return {
    model,
    clusters,
    candidates,
    stats: {
      records: records.length,
      pairsCompared: pairs.count,
      blocks: pairs.blocks,
      oversized: pairs.oversized,
      emIterations: options.model ? 0 : model.estimation.emIterations,
      timingsMs: { blocking, comparing, estimating, scoring, clustering },
    },
  };
}
