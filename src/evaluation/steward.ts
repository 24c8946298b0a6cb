/**
 * A simulated data steward: answers the review queue's first N pairs (in `reviewPriority`
 * order) from the truth, then the pipeline runs again with those decisions, as the hub would on
 * its next batch: as labels for the model estimation (model effect), as must-link (MATCH) and
 * cannot-link (NOT_A_MATCH) in the clustering (constraint effect), and both. Each is measured
 * against the truth, so the two effects can be told apart.
 */
import {
  compareIds,
  matchBatch,
  pickThresholds,
  reviewPriority,
  weightOfProbability,
  type BatchResult,
  type LabelledPair,
  type MatchSettings,
  type ThresholdPick,
} from '../matching/engine/index.js';
import type { EvaluationDataset } from './dataset.js';
import { pairwiseMetrics, type PairwiseMetrics, type ScoringOptions } from './metrics.js';

export interface StewardOptions {
  /** decisions to simulate (the queue's first N) */
  decisions: number;
  /** pseudo-count of the unlabelled estimate against the labels (labels.ts default when absent) */
  labelPriorPairs?: number;
  /** labelled pairs of each class a field needs before its m/u come from labels (labels.ts default when absent) */
  labelMinPerClass?: number;
}

export interface StewardResult {
  /** pairs in the review queue (between the thresholds) */
  queue: number;
  /** decisions made: min(N, queue) */
  decisions: number;
  matches: number;
  nonMatches: number;
  before: PairwiseMetrics;
  /** labels in the estimation only */
  modelOnly: PairwiseMetrics;
  /** must-link / cannot-link only, with the model estimated without labels */
  constraintsOnly: PairwiseMetrics;
  /** both, as the hub's next batch would run */
  after: PairwiseMetrics;
  /** fields whose m and u came from the labels */
  labelledFields: string[];
  /** thresholds the labels imply under the model before (proposed, not applied) */
  thresholds: ThresholdPick;
  timingsMs: number;
}

export function simulateSteward(
  dataset: EvaluationDataset,
  before: BatchResult,
  truth: ReadonlyMap<string, string>,
  settings: MatchSettings,
  scoring: ScoringOptions,
  baseCannotLink: ((a: string, b: string) => boolean) | undefined,
  options: StewardOptions,
): StewardResult {
  const started = performance.now();
  const queue = reviewQueue(before, settings, scoring);
  const chosen = queue.slice(0, options.decisions);
  const entityOf = (id: string) => truth.get(id) ?? `\u0000${id}`;
  const labels: LabelledPair[] = chosen.map((p) => ({ a: p.a, b: p.b, label: entityOf(p.a) === entityOf(p.b) ? 'MATCH' : 'NOT_A_MATCH' }));
  const mustLink = labels.filter((l) => l.label === 'MATCH').map((l) => [l.a, l.b] as const);
  const apart = new Set(labels.filter((l) => l.label === 'NOT_A_MATCH').map((l) => `${l.a}:${l.b}`));
  const key = (a: string, b: string) => (compareIds(a, b) <= 0 ? `${a}:${b}` : `${b}:${a}`);
  const cannotLink = (a: string, b: string) => apart.has(key(a, b)) || (baseCannotLink?.(a, b) ?? false);
  const labelOptions = { pairs: labels, priorPairs: options.labelPriorPairs, minPerClass: options.labelMinPerClass };

  const metrics = (r: BatchResult) => pairwiseMetrics(r.clusters, truth, scoring);
  const modelOnly = matchBatch(dataset.records, settings, { cannotLink: baseCannotLink, labels: labelOptions });
  const constraintsOnly = matchBatch(dataset.records, settings, { model: before.model, cannotLink, mustLink });
  const after = matchBatch(dataset.records, settings, { cannotLink, mustLink, labels: labelOptions });
  const matches = mustLink.length;
  return {
    queue: queue.length,
    decisions: labels.length,
    matches,
    nonMatches: labels.length - matches,
    before: metrics(before),
    modelOnly: metrics(modelOnly),
    constraintsOnly: metrics(constraintsOnly),
    after: metrics(after),
    labelledFields: modelOnly.model.estimation.labels?.fields ?? [],
    thresholds: pickThresholds(
      chosen.map((p, i) => ({ probability: p.probability, match: labels[i]!.label === 'MATCH' })),
      settings,
      { minPerClass: options.labelMinPerClass },
    ),
    timingsMs: performance.now() - started,
  };
}

/**
 * The steward's queue: candidate pairs between the thresholds (cross-file ones only for
 * linkage), most useful first by `reviewPriority` (pairs already in one cluster first, then
 * nearest a threshold, weighted by the records of both clusters), ties by weight, then ids.
 */
export function reviewQueue(batch: BatchResult, settings: MatchSettings, scoring: ScoringOptions = {}): (BatchResult['candidates'][number] & { priority: number })[] {
  const autoLink = weightOfProbability(settings.autoLinkProbability);
  const clusterOf = new Map<string, number>();
  batch.clusters.forEach((c, i) => c.forEach((id) => clusterOf.set(id, i)));
  const size = (id: string) => batch.clusters[clusterOf.get(id)!]?.length ?? 1;
  const systemOf = scoring.systemOf ?? (() => '');
  return batch.candidates
    .filter((c) => c.weight < autoLink && (!scoring.crossSystemOnly || systemOf(c.a) !== systemOf(c.b)))
    .map((c) => {
      const together = clusterOf.get(c.a) === clusterOf.get(c.b);
      return { ...c, priority: reviewPriority(c.weight, settings, { together, records: together ? size(c.a) : size(c.a) + size(c.b) }) };
    })
    .sort((x, y) => y.priority - x.priority || y.weight - x.weight || compareIds(x.a, y.a) || compareIds(x.b, y.b));
}
