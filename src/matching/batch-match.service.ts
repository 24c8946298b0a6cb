/**
 * Full re-match: every live record through the pure batch pipeline (src/matching/batch.ts),
 * which estimates a fresh model — in a worker thread (./match-thread.ts), so the event loop stays
 * free for the job's lock, health checks and shutdown — then the scored pairs, the model and the
 * golden customers are written in one transaction. Records that change while the batch computes stay match-pending
 * and are picked up incrementally afterwards.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { BatchResult } from './engine/index.js';
import { pairKey } from './batch-compute.js';
import { writeGoldenCustomers, type GoldenWriteResult } from '../golden/golden-writer.js';
import type { ResolutionSettings } from './incremental-match.service.js';
import type { LoadedRecord } from './record-rows.js';
import { computeBatchInThread } from './match-thread.js';
import { MatchingRepository } from './matching.repository.js';
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
      const apart = new Set((await repo.notAMatchPairs()).map((p) => pairKey(p.a, p.b)));
      const loadingMs = performance.now() - t;

      t = performance.now();
      const records = loaded.map((r) => r.match);
      const onStage = (stage: string, done: number, total: number) => void onProgress?.(stage, done, total);
      const { model, clusters, stats, pairs } = await computeBatchInThread({ records, settings: this.settings.match, apart, onProgress: onStage, signal });
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
        await txRepo.lockRecords([...clusters.flat(), ...removedRecordIds, ...pending.map((p) => p.id)]);
        const golden = await writeGoldenCustomers(tx, {
          clusters,
          records: new Map(loaded.map((r) => [r.match.id, r.survivor])),
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
