/**
 * The review queue's order stored with each pair: `reviewPriority` (engine/review-priority.ts)
 * of the pair's weight, the records the decision concerns and whether they are already one customer. The batch knows its clusters; an
 * incremental run uses the goldens as they stand before it (a later change of a cluster's size
 * is picked up by the pair's next scoring or the next batch).
 */
import { reviewPriority, type ReviewImpact } from './engine/review-priority.js';
import type { MatchSettings } from './engine/index.js';
import type { StoredPair } from './matching.repository.js';

export function withReviewPriority(
  pairs: readonly StoredPair[],
  thresholds: Pick<MatchSettings, 'autoLinkProbability' | 'reviewProbability'>,
  impactOf: (a: string, b: string) => ReviewImpact,
): StoredPair[] {
  return pairs.map((p) => (p.status === 'REVIEW' ? { ...p, priority: reviewPriority(p.weight, thresholds, impactOf(p.a, p.b)) } : p));
}

/** what deciding a and b concerns, from a clustering: both clusters' records (one cluster's when they share it) */
export function joinedByClusters(clusters: readonly (readonly string[])[]): (a: string, b: string) => ReviewImpact {
  const of = new Map<string, readonly string[]>();
  for (const c of clusters) for (const id of c) of.set(id, c);
  return (a, b) => {
    const ca = of.get(a);
    const cb = of.get(b);
    if (ca && ca === cb) return { records: ca.length, together: true };
    return { records: (ca?.length ?? 1) + (cb?.length ?? 1), together: false };
  };
}
