/**
 * Worker of the `match` queue. Incremental jobs need a model; until the first batch has
 * estimated one they leave their records match-pending, so nothing is lost, and ask for that
 * batch once the initial ingest is complete (src/matching/first-batch.ts): the batch matches
 * everything present, and the pending sweep catches what came later. The sweep also marks
 * batch runs whose job is gone as failed (src/matching/match-runs.ts).
 */
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { BatchMatcher, BatchRunResult } from '../src/matching/batch-match.service.js';
import type { IncrementalMatcher, IncrementalResult } from '../src/matching/incremental-match.service.js';
import { MATCH_QUEUE, type MatchJob, type MatchQueue } from './match.queue.js';
import type { QueueBackend } from './queue-backend.js';
import { reportProgress } from './job-progress.js';

export interface MatchWorkerDeps {
  backend: QueueBackend;
  queue: MatchQueue;
  incremental: IncrementalMatcher;
  batch: BatchMatcher;
  lockDurationMs: number;
  /** records per incremental step of a sweep */
  sweepChunk?: number;
  onBatch?: (result: BatchRunResult) => void;
  /** records an incremental job or a sweep has just matched (their links may have changed) */
  onMatched?: (recordIds: readonly string[]) => void;
  /** whether the first batch may run now (default: at once) */
  firstBatchDue?: () => Promise<boolean>;
  /** interrupted batch runs: failed when their job is retried, and by each sweep */
  runs?: {
    failEarlierAttempts(jobId: string): Promise<unknown>;
    failInterrupted(): Promise<unknown>;
  };
}

/** queues the first batch once it is due (no model yet, every source read to its end once) */
export async function askForFirstBatch(deps: Pick<MatchWorkerDeps, 'firstBatchDue' | 'queue'>): Promise<void> {
  if (deps.firstBatchDue && !(await deps.firstBatchDue())) return;
  await deps.queue.requestBatch('no-model');
}

export type MatchJobResult =
  | { kind: 'records' | 'pending'; matched: number; deferred: boolean; results?: IncrementalResult[] }
  | { kind: 'batch'; result: BatchRunResult };

export function startMatchWorker(deps: MatchWorkerDeps): Worker<MatchJob> {
  // Closing the worker (shutdown) stops a running batch instead of waiting minutes for it: the
  // batch's run is recorded FAILED, nothing of it is written, and the job is retried (the next
  // start runs it from the beginning).
  const closing = new AbortController();
  const worker = deps.backend.worker<MatchJob>(MATCH_QUEUE, (job) => runMatchJob(job, deps, closing.signal), {
    concurrency: 1,
    lockDuration: deps.lockDurationMs,
    stalledInterval: deps.lockDurationMs,
  });
  worker.on('closing', () => closing.abort(new Error('the worker is shutting down')));
  return worker;
}

async function runMatchJob(job: Job<MatchJob>, deps: MatchWorkerDeps, closing: AbortSignal): Promise<MatchJobResult> {
  const data = job.data;
  switch (data?.kind) {
    case 'records': {
      if (!Array.isArray(data.recordIds) || !data.recordIds.every((id) => typeof id === 'string' && /^\d+$/.test(id))) {
        throw new UnrecoverableError(`match job ${job.id} has no valid record ids`);
      }
      const result = await deps.incremental.matchRecords(data.recordIds);
      if (result === null) {
        await askForFirstBatch(deps);
        return { kind: 'records', matched: 0, deferred: true };
      }
      deps.onMatched?.(data.recordIds);
      return { kind: 'records', matched: result.records, deferred: false };
    }
    case 'pending': {
      await deps.runs?.failInterrupted();
      let matched = 0;
      // bounded, so a sweep never holds the worker for long; the schedule comes back for the rest
      for (let step = 0; step < 20; step++) {
        const ids = await deps.incremental.pendingIds(deps.sweepChunk ?? 500);
        if (ids.length === 0) break;
        const result = await deps.incremental.matchRecords(ids);
        if (result === null) {
          await askForFirstBatch(deps);
          return { kind: 'pending', matched, deferred: true };
        }
        matched += result.records;
        deps.onMatched?.(ids);
        await reportProgress(job, { matched });
      }
      return { kind: 'pending', matched, deferred: false };
    }
    case 'batch': {
      if (job.id) await deps.runs?.failEarlierAttempts(job.id);
      const result = await deps.batch.run((stage, done, total) => reportProgress(job, { stage, done, total }), 'matcher', { jobId: job.id, signal: closing });
      deps.onBatch?.(result);
      return { kind: 'batch', result };
    }
    default:
      throw new UnrecoverableError(`match job ${job.id} is of no known kind`);
  }
}
