/**
 * The review queue's order stored with each pair: `reviewPriority` (engine/review-priority.ts)
 * of the pair's weight and the records a merge would join. The batch knows its clusters; an
 * incremental run uses the goldens as they stand before it (a later change of a cluster's size
 * is picked up by the pair's next scoring or the next batch).
 */
import { reviewPriority } from './engine/review-priority.js';
import type { MatchSettings } from './engine/index.js';
import type { StoredPair } from './matching.repository.js';

export function withReviewPriority(
  pairs: readonly StoredPair[],
  thresholds: Pick<MatchSettings, 'autoLinkProbability' | 'reviewProbability'>,
  recordsJoined: (a: string, b: string) => number,
): StoredPair[] {
  return pairs.map((p) => (p.status === 'REVIEW' ? { ...p, priority: reviewPriority(p.weight, thresholds, recordsJoined(p.a, p.b)) } : p));
}

/** records a merge of a and b would join, from a clustering: both clusters (one when they share it) */
export function joinedByClusters(clusters: readonly (readonly string[])[]): (a: string, b: string) => number {
  const of = new Map<string, readonly string[]>();
  for (const c of clusters) for (const id of c) of.set(id, c);
  return (a, b) => {
    const ca = of.get(a);
    const cb = of.get(b);
    if (ca && ca === cb) return ca.length;
    return (ca?.length ?? 1) + (cb?.length ?? 1);
  };
}
