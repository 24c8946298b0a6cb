/**
 * One structured line per failed job attempt, the same for every queue: queue, job name and id,
 * attempt, whether BullMQ gives up (`final`) and the reason. Job data is never logged. The
 * reason is the error's message — job code keeps those free of personal data (they name
 * sources, rules, job ids, never a customer's value) — except for database errors, whose
 * messages may quote the values or the SQL at fault: those are reduced to their class and
 * SQLSTATE.
 */
import type { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';

function sqlState(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && /\d/.test(code)) return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? sqlState(cause, depth + 1) : null;
}

export function failureReason(err: Error): string {
  const state = sqlState(err);
  if (state) return `${err.name} (SQLSTATE ${state})`;
  return String(err.message ?? err).slice(0, 300);
}

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
