/**
 * One structured line per failed job attempt, the same for every queue: queue, job name and id,
 * attempt, whether BullMQ gives up (`final`) and the reason. Job data is never logged, and the
 * reason is what describeError may say: a database error (whose message carries the statement
 * with its values, whatever its SQLSTATE, a lost connection included) only by its code and a
 * value-free message, others with their quoted parts masked.
 */
import type { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { describeError } from '../src/observability/safe-error.js';

export const failureReason = (err: Error): string => describeError(err);

export function logJobFailures(worker: Worker, queue: string, logger: Logger, onFinalFailure?: (job: Job) => void): void {
  worker.on('failed', (job: Job | undefined, err: Error) => {
    const attempts = job?.opts.attempts ?? 1;
    const attempt = job?.attemptsMade ?? 0;
    const final = !job || attempt >= attempts || err.name === 'UnrecoverableError';
    const line = { queue, job: job?.name, jobId: job?.id, attempt, attempts, final, reason: failureReason(err) };
    if (final) logger.error(line, 'job failed');
    else logger.warn(line, 'job attempt failed; will retry');
    if (final && job) onFinalFailure?.(job);
  });
}
