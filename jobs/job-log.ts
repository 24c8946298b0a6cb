/**
 * One structured line per failed job attempt, the same for every queue: queue, job name and id,
 * attempt, whether BullMQ gives up (`final`) and the reason — the error's message, which job
 * code keeps free of personal data (it names sources, rules, ids of jobs, never a customer's
 * value). Job data is never logged.
 */
import type { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';

export function logJobFailures(worker: Worker, queue: string, logger: Logger, onFinalFailure?: (job: Job) => void): void {
  worker.on('failed', (job: Job | undefined, err: Error) => {
    const attempts = job?.opts.attempts ?? 1;
    const attempt = job?.attemptsMade ?? 0;
    const final = !job || attempt >= attempts || err.name === 'UnrecoverableError';
    const line = { queue, job: job?.name, jobId: job?.id, attempt, attempts, final, reason: (err.message ?? String(err)).slice(0, 300) };
    if (final) logger.error(line, 'job failed');
    else logger.warn(line, 'job attempt failed; will retry');
    if (final && job) onFinalFailure?.(job);
  });
}
