/**
 * Full re-match: every live record through the pure batch pipeline (src/matching/batch.ts),
 * which estimates a fresh model — in a worker thread (./match-thread.ts), so the event loop stays
 * free for the job's lock, health checks and shutdown — then the scored pairs, the model and the
 * golden customers are written in one transaction. Records that change while the batch computes stay match-pending
 * and are picked up incrementally afterwards.
 *
 * Steward decisions (match_candidate STEWARD_LINK / NOT_A_MATCH) are honoured: must-link and
 * cannot-link pairs of the clustering. A steward may decide while the batch computes (their
 * change is applied at once, under the matching lock): so, under the lock, the batch compares the
 * decisions with those it computed with and re-clusters the components of every record whose
 * decisions changed with the current ones, in place of what it computed for them.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { BatchResult } from './engine/index.js';
import { pairKey } from './batch-compute.js';
import { writeGoldenCustomers, type GoldenWriteResult } from '../golden/golden-writer.js';
import type { ResolutionSettings } from './incremental-match.service.js';
import type { LoadedRecord } from './record-rows.js';
import { computeBatchInThread } from './match-thread.js';
import { createScorer, type MatchSettings } from './engine/index.js';
import { clusterLoaded } from './incremental-match.service.js';
import { MatchingRepository, type DecidedPair } from './matching.repository.js';
import { joinedByClusters, withReviewPriority } from './review-order.js';

export interface BatchRunResult {
  runId: number;
  modelId: number;
  records: number;
  clusters: number;
  candidates: number;
  stats: BatchResult['stats'];
  golden: GoldenWriteResult;
  timingsMs: { loading: number; matching: number; writing: number };
}

export type BatchProgress = (stage: string, done: number, total: number) => void | Promise<void>;

export class BatchMatcher {
  constructor(
    private readonly orm: MikroORM,
    private readonly settings: ResolutionSettings,
  ) {}

  /**
   * `jobId`: the queue job running this batch, kept on the run (see src/matching/match-runs.ts);
   * `signal`: aborting stops the matching (shutdown); the run is recorded FAILED and nothing is written
   */
  async run(onProgress?: BatchProgress, actor = 'matcher', { jobId, signal }: { jobId?: string; signal?: AbortSignal } = {}): Promise<BatchRunResult> {
    const started = new Date();
    const em = this.orm.em.fork();
    const repo = new MatchingRepository(em);
    const run = { id: await repo.startRun(jobId ?? null) };
    try {
      let t = performance.now();
      const pending = await repo.pendingVersions();
      const loaded: LoadedRecord[] = [];
      for await (const page of repo.allRecords()) {
        loaded.push(...page);
        await onProgress?.('loading', loaded.length, loaded.length);
      }
      const decided = await repo.stewardPairs();
      const apart = new Set(decided.filter((p) => p.status === 'NOT_A_MATCH').map((p) => pairKey(p.a, p.b)));
      const together = decided.filter((p) => p.status === 'STEWARD_LINK').map((p) => [p.a, p.b] as const);
      const loadingMs = performance.now() - t;

      t = performance.now();
      const records = loaded.map((r) => r.match);
      // progress is advisory: a report that fails (its queue store down) is dropped, never left unhandled
      const onStage = (stage: string, done: number, total: number) => void Promise.resolve(onProgress?.(stage, done, total)).catch(() => undefined);
      const { model, clusters, stats, pairs } = await computeBatchInThread({ records, settings: this.settings.match, apart, together, onProgress: onStage, signal });
      const matchingMs = performance.now() - t;

      t = performance.now();
      // Reported before the transaction, never inside it: progress is written on the queue's own
      // connection, and embedded PostgreSQL serves one transaction at a time (it would wait on us).
      await onProgress?.('writing', 0, clusters.length);
      const outcome = await this.orm.em.fork().transactional(async (tx) => {
        const txRepo = new MatchingRepository(tx);
        await txRepo.lockMatching();
        const modelId = await txRepo.saveModel(model, this.settings.match, { ...stats, runId: run.id });
        await txRepo.forgetAllMachinePairs();
        await txRepo.storePairs(withReviewPriority(pairs, this.settings.match, joinedByClusters(clusters)), modelId);
        const removedRecordIds = await txRepo.deletedLinked();
        const { clusters: final, loaded: reloaded } = await withCurrentDecisions(txRepo, decided, clusters, model, this.settings.match);
        await txRepo.lockRecords([...final.flat(), ...removedRecordIds, ...pending.map((p) => p.id)]);
        const survivors = new Map(loaded.map((r) => [r.match.id, r.survivor]));
        for (const r of reloaded) survivors.set(r.match.id, r.survivor);
        const golden = await writeGoldenCustomers(tx, {
          clusters: final,
          records: survivors,
          removedRecordIds,
          policy: this.settings.survivorship,
          actor,
          now: started,
        });
        await txRepo.clearPending(pending);
        return { modelId, golden };
      });
      const writingMs = performance.now() - t;
      const summary: BatchRunResult = {
        runId: run.id,
        modelId: outcome.modelId,
        records: records.length,
        clusters: clusters.length,
        candidates: pairs.length,
        stats,
        golden: outcome.golden,
        timingsMs: { loading: loadingMs, matching: matchingMs, writing: writingMs },
      };
      await repo.runDone(run.id, outcome.modelId, summary);
      return summary;
    } catch (err) {
      await repo.runFailed(run.id, err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      throw err;
    }
  }
}

/**
 * The batch's clusters, except where a steward decided since the batch read the decisions: the
 * components of the records those decisions touch (grown until no computed cluster straddles
 * their edge) are re-clustered from the stored edges with the current decisions, as the
 * incremental path would.
 */
async function withCurrentDecisions(
  repo: MatchingRepository,
  before: readonly DecidedPair[],
  clusters: string[][],
  model: BatchResult['model'],
  settings: MatchSettings,
): Promise<{ clusters: string[][]; loaded: LoadedRecord[] }> {
  const now = await repo.stewardPairs();
  const key = (p: DecidedPair) => `${p.a}:${p.b}:${p.status}`;
  const was = new Set(before.map(key));
  const is = new Set(now.map(key));
  const touched = new Set<string>();
  for (const p of now) if (!was.has(key(p))) touched.add(p.a).add(p.b);
  for (const p of before) if (!is.has(key(p))) touched.add(p.a).add(p.b);
  if (touched.size === 0) return { clusters, loaded: [] };

  const clusterOf = new Map<string, number>();
  clusters.forEach((c, i) => c.forEach((id) => clusterOf.set(id, i)));
  let component = new Set(await repo.componentsOf([...new Set([...touched, ...(await repo.membersOfGoldens([...touched]))])]));
  for (;;) {
    const straddling = new Set<number>();
    for (const id of component) {
      const i = clusterOf.get(id);
      if (i !== undefined) straddling.add(i);
    }
    const grown = new Set(component);
    for (const i of straddling) for (const id of clusters[i]!) grown.add(id);
    if (grown.size === component.size) break;
    component = new Set(await repo.componentsOf([...grown]));
  }
  const loaded = await repo.loadRecords([...component]);
  const redone = await clusterLoaded(repo, loaded, createScorer(model, settings), settings);
  const live = new Set(loaded.map((r) => r.match.id));
  const kept = clusters.filter((c) => !c.some((id) => component.has(id)));
  // a record of the component deleted meanwhile is not loaded: it stays out, as deletedLinked says
  return { clusters: [...kept, ...redone.filter((c) => c.every((id) => live.has(id)))], loaded };
}
