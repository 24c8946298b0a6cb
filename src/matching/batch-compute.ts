/**
 * The CPU-bound part of a full re-match, pure: the batch pipeline (src/matching: blocking,
 * comparing, EM, scoring, clustering) over every live record, then the explanation of each
 * candidate pair a steward has not kept apart; a steward's links are joined first. It takes seconds at tens of thousands of records
 * and minutes at a million, so the hub runs it in a worker thread (./match-thread.ts); this
 * module is what that thread runs, and what runs in-process when asked.
 */
import { compareIds, createScorer, matchBatch, type BatchResult, type BatchStage, type LabelledPair, type MatchRecord, type MatchSettings } from './engine/index.js';
import type { StoredPair } from './matching.repository.js';

export interface BatchComputation {
  model: BatchResult['model'];
  /** record ids; every record in exactly one cluster */
  clusters: string[][];
  stats: BatchResult['stats'];
  /** candidates at or above the review weight with their explanations, strongest first */
  pairs: StoredPair[];
}

export type BatchComputeProgress = (stage: BatchStage | 'explaining', done: number, total: number) => void;

/** `a:b` with a before b in id order: how a pair kept apart is looked up */
export function pairKey(a: string, b: string): string {
  return compareIds(a, b) <= 0 ? `${a}:${b}` : `${b}:${a}`;
}

/** a steward's links as matches, their not-a-match pairs as non-matches */
export function stewardLabels(apart: ReadonlySet<string>, together: readonly (readonly [string, string])[]): LabelledPair[] {
  const pairs: LabelledPair[] = together.map(([a, b]) => ({ a, b, label: 'MATCH' }));
  for (const key of apart) {
    const [a, b] = key.split(':') as [string, string];
    pairs.push({ a, b, label: 'NOT_A_MATCH' });
  }
  return pairs;
}

export function computeBatch(
  records: readonly MatchRecord[],
  settings: MatchSettings,
  apart: ReadonlySet<string>,
  onProgress?: BatchComputeProgress,
  /** pairs a steward linked (must-link): joined whatever their score */
  together: readonly (readonly [string, string])[] = [],
): BatchComputation {
  const result = matchBatch(records, settings, {
    cannotLink: (a, b) => apart.has(pairKey(a, b)),
    mustLink: together,
    // steward decisions are labelled pairs: the new model's m/u learn from them where a field has
    // enough of each class (engine/labels.ts), EM estimates the rest
    labels: apart.size + together.length > 0 ? { pairs: stewardLabels(apart, together) } : undefined,
    onProgress,
  });
  const byId = new Map(records.map((r) => [r.id, r]));
  const scorer = createScorer(result.model, settings);
  const pairs: StoredPair[] = [];
  onProgress?.('explaining', 0, result.candidates.length);
  for (const c of result.candidates) {
    // candidates come with a before b in id order
    if (apart.has(`${c.a}:${c.b}`)) continue;
    const explanation = scorer.explain(byId.get(c.a)!, byId.get(c.b)!);
    pairs.push({ a: c.a, b: c.b, weight: c.weight, probability: c.probability, explanation, status: c.weight >= scorer.autoLinkWeight ? 'AUTO_LINK' : 'REVIEW' });
  }
  onProgress?.('explaining', result.candidates.length, result.candidates.length);
  return { model: result.model, clusters: result.clusters, stats: result.stats, pairs };
}
