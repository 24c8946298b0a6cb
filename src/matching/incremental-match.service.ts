/**
 * Incremental matching: new, changed or deleted source records are scored against their block
 * neighbours with the latest batch model, their scored pairs replace the old ones, and the
 * components they touch (records joined by auto-link edges, plus the golden customers they
 * were in) are re-clustered with the batch's own clustering, steward links (must-link) and
 * not-a-match pairs (cannot-link) included. A component's clusters depend
 * only on its records and edges (src/matching/clustering.ts), so this gives the batch's result.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import { clusterRecords, compareIds, type MatchSettings, type Scorer } from './engine/index.js';
import type { MatchRecord } from './engine/match-record.js';
import type { SurvivorshipPolicy } from '../golden/survivorship/index.js';
import { writeGoldenCustomers, type GoldenWriteResult } from '../golden/golden-writer.js';
import type { LoadedRecord } from './record-rows.js';
import { orderedPair, MatchingRepository, type StoredPair } from './matching.repository.js';
import { withReviewPriority } from './review-order.js';
import { LatestScorer } from './latest-scorer.js';

export interface ResolutionSettings {
  match: MatchSettings;
  survivorship: SurvivorshipPolicy;
}

export interface IncrementalResult {
  records: number;
  pairsScored: number;
  componentRecords: number;
  golden: GoldenWriteResult;
  timingsMs: { candidates: number; scoring: number; clustering: number; writing: number };
}

export class IncrementalMatcher {
  private readonly latestScorer: LatestScorer;

  constructor(
    private readonly orm: MikroORM,
    private readonly settings: ResolutionSettings,
  ) {
    this.latestScorer = new LatestScorer(settings.match);
  }

  /** null when there is no model yet: a batch run has to estimate one first */
  async matchRecords(ids: readonly string[], actor = 'matcher'): Promise<IncrementalResult | null> {
    const started = new Date();
    return this.orm.em.fork().transactional(async (em) => {
      const repo = new MatchingRepository(em);
      await repo.lockMatching();
      const scorer = await this.latestScorer.get(repo);
      if (!scorer) return null;
      const timings = { candidates: 0, scoring: 0, clustering: 0, writing: 0 };
      let t = performance.now();

      const pending = await repo.pendingVersions(ids);
      const targets = await repo.loadRecords(ids);
      const removed = await repo.deletedLinked(ids);
      const neighbours = await this.neighbours(repo, targets);
      timings.candidates = performance.now() - t;
      t = performance.now();

      const pairs = await this.prioritized(repo, await scorePairs(targets, neighbours, scorer.scorer));
      await repo.forgetPairsOf(ids);
      await repo.storePairs(pairs, scorer.modelId);
      timings.scoring = performance.now() - t;
      t = performance.now();

      const seeds = [...new Set([...ids, ...(await repo.membersOfGoldens(ids))])];
      const component = await repo.componentsOf(seeds);
      const loaded = await repo.loadRecords(component);
      const clusters = await clusterLoaded(repo, loaded, scorer.scorer, this.settings.match);
      timings.clustering = performance.now() - t;
      t = performance.now();

      await repo.lockRecords([...clusters.flat(), ...removed, ...pending.map((p) => p.id)]);
      const golden = await writeGoldenCustomers(em, {
        clusters,
        records: new Map(loaded.map((r) => [r.match.id, r.survivor])),
        removedRecordIds: removed,
        policy: this.settings.survivorship,
        actor,
        now: started,
      });
      await repo.clearPending(pending);
      timings.writing = performance.now() - t;
      return { records: ids.length, pairsScored: pairs.length, componentRecords: component.length, golden, timingsMs: timings };
    });
  }

  /** REVIEW pairs with their queue priority, from the goldens as they stand before this run */
  private async prioritized(repo: MatchingRepository, pairs: StoredPair[]): Promise<StoredPair[]> {
    const ids = [...new Set(pairs.filter((p) => p.status === 'REVIEW').flatMap((p) => [p.a, p.b]))];
    if (ids.length === 0) return pairs;
    const sizes = await repo.goldenSizesOf(ids);
    const golden = await repo.goldenOf(ids);
    return withReviewPriority(pairs, this.settings.match, (a, b) => {
      const [ga, gb] = [golden.get(a), golden.get(b)];
      if (ga !== undefined && ga === gb) return { records: sizes.get(a) ?? 1, together: true };
      return { records: (sizes.get(a) ?? 1) + (sizes.get(b) ?? 1), together: false };
    });
  }

  /** records still waiting to be matched, oldest change first */
  pendingIds(limit: number): Promise<string[]> {
    return new MatchingRepository(this.orm.em.fork()).pendingIds(limit);
  }

  /** live records sharing a usable (not oversized) blocking key with any target */
  private async neighbours(repo: MatchingRepository, targets: readonly LoadedRecord[]): Promise<LoadedRecord[]> {
    const keys = [...new Set(targets.flatMap((r) => r.match.blockingKeys))];
    const sizes = await repo.blockSizes(keys);
    const usable = keys.filter((k) => (sizes.get(k) ?? 0) <= this.settings.match.maxBlockSize);
    return repo.recordsWithKeys(usable).then((rows) => rows.filter((r) => r.match.blockingKeys.some((k) => usable.includes(k))));
  }

}

/** targets scored between turns of the event loop: a job's 500 records against their neighbours take seconds on a busy machine */
const TARGETS_PER_TURN = 25;

/** each target against each neighbour sharing one of its keys, each pair once; kept when at least reviewable */
async function scorePairs(targets: readonly LoadedRecord[], neighbours: readonly LoadedRecord[], scorer: Scorer): Promise<StoredPair[]> {
  const byKey = new Map<string, MatchRecord[]>();
  for (const n of neighbours) {
    for (const key of n.match.blockingKeys) {
      const list = byKey.get(key);
      if (list) list.push(n.match);
      else byKey.set(key, [n.match]);
    }
  }
  const seen = new Set<string>();
  const pairs: StoredPair[] = [];
  for (const [i, { match: target }] of targets.entries()) {
    if (i > 0 && i % TARGETS_PER_TURN === 0) await nextTurn();
    for (const key of target.blockingKeys) {
      for (const other of byKey.get(key) ?? []) {
        if (other.id === target.id) continue;
        const [a, b] = orderedPair(target.id, other.id);
        const pairKey = `${a}:${b}`;
        if (seen.has(pairKey)) continue;
        seen.add(pairKey);
        const weight = scorer.weight(target, other);
        if (weight < scorer.reviewWeight) continue;
        const [left, right] = a === target.id ? [target, other] : [other, target];
        const explanation = scorer.explain(left, right);
        pairs.push({
          a,
          b,
          weight,
          probability: explanation.probability,
          explanation,
          status: weight >= scorer.autoLinkWeight ? 'AUTO_LINK' : 'REVIEW',
        });
      }
    }
  }
  return pairs;
}

/** clusters of these records from their stored auto-link edges, steward links joined and not-a-match pairs kept apart */
export async function clusterLoaded(
  repo: MatchingRepository,
  loaded: readonly LoadedRecord[],
  scorer: Scorer,
  settings: MatchSettings,
): Promise<string[][]> {
  const records = loaded.map((r) => r.match);
  const index = new Map(records.map((r, i) => [r.id, i]));
  const stored = await repo.pairsAmong(records.map((r) => r.id));
  const edges: { a: number; b: number; weight: number }[] = [];
  const apart = new Set<string>();
  const together: [number, number][] = [];
  for (const p of stored) {
    const a = index.get(p.a);
    const b = index.get(p.b);
    if (a === undefined || b === undefined) continue;
    if (p.status === 'NOT_A_MATCH') apart.add(`${Math.min(a, b)}:${Math.max(a, b)}`);
    else if (p.status === 'STEWARD_LINK') together.push([a, b]);
    else edges.push({ a, b, weight: p.weight });
  }
  const weights = new Map<string, number>();
  const weightOf = (a: number, b: number): number => {
    const key = `${Math.min(a, b)}:${Math.max(a, b)}`;
    let w = weights.get(key);
    if (w === undefined) weights.set(key, (w = scorer.weight(records[a], records[b])));
    return w;
  };
  const clusters = clusterRecords(records, edges, weightOf, settings, (a, b) => apart.has(`${Math.min(a, b)}:${Math.max(a, b)}`), together);
  return clusters.map((c) => c.map((i) => records[i].id).sort(compareIds));
}
