/**
 * One evaluation run: the matching pipeline over a data set's records (default settings, the
 * model estimated from the data set itself), then — only then — the truth, and the pairwise
 * metrics. Linkage data sets differ in one thing only: records of one file may not share a
 * cluster (cannot-link), and only cross-file pairs are counted.
 */
import { createScorer, DEFAULT_MATCH_SETTINGS, matchBatch, type BatchResult, type MatchSettings, type PairExplanation } from '../matching/engine/index.js';
import type { EvaluationDataset } from './dataset.js';
import { errorPairs, pairwiseMetrics, type PairwiseMetrics } from './metrics.js';
import { simulateSteward, type StewardOptions, type StewardResult } from './steward.js';

export interface EvaluationResult {
  dataset: string;
  records: number;
  excluded: number;
  linkage: boolean;
  metrics: PairwiseMetrics;
  /** compared pairs between the review and auto-link thresholds (steward queue) */
  reviewPairs: number;
  batch: BatchResult['stats'];
  emConverged: boolean;
  /** scorer speed measured on the compared pairs */
  scorerPairsPerSecond: number;
  errors: { kind: 'false-positive' | 'false-negative'; explanation: PairExplanation }[];
  /** with `steward`: the simulated decisions and F1 before and after (steward.ts) */
  steward?: StewardResult;
}

export function evaluate(
  dataset: EvaluationDataset,
  options: {
    settings?: Partial<MatchSettings>;
    errorExamples?: number;
    onProgress?: (stage: string, done: number, total: number) => void;
    steward?: StewardOptions;
  } = {},
): EvaluationResult {
  const settings = { ...DEFAULT_MATCH_SETTINGS, ...options.settings };
  const systemOf = new Map(dataset.records.map((r) => [r.id, r.system]));
  const cannotLink = dataset.linkage ? (a: string, b: string) => systemOf.get(a) === systemOf.get(b) : undefined;
  const batch = matchBatch(dataset.records, settings, { cannotLink, onProgress: options.onProgress });

  const scorer = createScorer(batch.model, settings);
  const scorerPairsPerSecond = measureScorer(dataset, scorer);

  // the truth is read here, after the pipeline has run
  const truth = dataset.truth();
  const scoring = { crossSystemOnly: dataset.linkage, systemOf: (id: string) => systemOf.get(id) ?? '' };
  const metrics = pairwiseMetrics(batch.clusters, truth, scoring);
  const reviewPairs = batch.candidates.filter((c) => c.weight < scorer.autoLinkWeight).length;

  const errors: EvaluationResult['errors'] = [];
  if ((options.errorExamples ?? 0) > 0) {
    const byId = new Map(dataset.records.map((r) => [r.id, r]));
    const wrong = errorPairs(batch.clusters, truth, options.errorExamples!, scoring);
    for (const [kind, list] of [['false-positive', wrong.falsePositives], ['false-negative', wrong.falseNegatives]] as const) {
      for (const [a, b] of list) errors.push({ kind, explanation: scorer.explain(byId.get(a)!, byId.get(b)!) });
    }
  }
  const steward = options.steward ? simulateSteward(dataset, batch, truth, settings, scoring, cannotLink, options.steward) : undefined;
  return {
    dataset: dataset.label,
    records: dataset.records.length,
    excluded: dataset.excluded,
    linkage: dataset.linkage,
    metrics,
    reviewPairs,
    batch: batch.stats,
    emConverged: batch.model.estimation.emConverged,
    scorerPairsPerSecond,
    errors,
    ...(steward ? { steward } : {}),
  };
}

/** compare + weigh random-ish pairs of prepared records: the per-pair cost of scoring */
function measureScorer(dataset: EvaluationDataset, scorer: ReturnType<typeof createScorer>): number {
  const prepared = dataset.records.map((r) => scorer.prepare(r));
  const n = prepared.length;
  if (n < 2) return 0;
  const pairs = 200_000;
  let sink = 0;
  const start = performance.now();
  for (let k = 0; k < pairs; k++) {
    const i = (k * 7919) % n;
    const j = (k * 104729 + 1) % n;
    sink += scorer.weightPrepared(prepared[i]!, prepared[j === i ? (j + 1) % n : j]!);
  }
  const seconds = (performance.now() - start) / 1000;
  return Number.isFinite(sink) || sink !== 0 ? Math.round(pairs / seconds) : 0;
}
