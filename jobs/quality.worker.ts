/**
 * Worker of the `quality` queue. A database failure throws, so BullMQ retries with backoff (a
 * re-check is idempotent). A malformed stored rule or payload fails at once: retrying cannot fix
 * it, and the next run picks up a corrected rule. Results are counts, never values.
 */
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { RuleError } from '../src/quality/checks/rules.js';
import type { QualityService, SweepResult } from '../src/quality/quality.service.js';
import { QUALITY_QUEUE, type QualityJob } from './quality.queue.js';
import type { QueueBackend } from './queue-backend.js';
import { reportProgress } from './job-progress.js';

export interface QualityWorkerDeps {
  backend: QueueBackend;
  quality: QualityService;
  lockDurationMs: number;
  onSweep?: (result: SweepResult) => void;
}

export type QualityJobResult = { kind: 'records'; records: number; customers: number } | { kind: 'sweep'; result: SweepResult };

export function startQualityWorker(deps: QualityWorkerDeps): Worker<QualityJob> {
  return deps.backend.worker<QualityJob>(QUALITY_QUEUE, (job) => runQualityJob(job, deps), {
    concurrency: 1,
    lockDuration: deps.lockDurationMs,
    stalledInterval: deps.lockDurationMs,
  });
}

async function runQualityJob(job: Job<QualityJob>, deps: QualityWorkerDeps): Promise<QualityJobResult> {
  const data = job.data;
  try {
    switch (data?.kind) {
      case 'records': {
        if (!Array.isArray(data.recordIds) || !data.recordIds.every((id) => typeof id === 'string' && /^\d+$/.test(id))) {
          throw new UnrecoverableError(`quality job ${job.id} has no valid record ids`);
        }
        return { kind: 'records', ...(await deps.quality.checkRecords(data.recordIds)) };
      }
      case 'sweep': {
        const result = await deps.quality.sweep((done) => reportProgress(job, done));
        deps.onSweep?.(result);
        return { kind: 'sweep', result };
      }
      default:
        throw new UnrecoverableError(`quality job ${job.id} is of no known kind`);
    }
  } catch (err) {
    if (err instanceof RuleError) throw new UnrecoverableError(err.message);
    throw err;
  }
}
