/**
 * Progress is advisory. When the queue store cannot take it (Redis down or reconnecting), the
 * job's work goes on and its result is stored once the store is back: reporting progress must
 * neither fail the job nor — from a callback no one awaits, like the batch's thread stages —
 * crash the process with an unhandled rejection.
 */
import type { Job } from 'bullmq';

export function reportProgress(job: Pick<Job, 'updateProgress'>, progress: Parameters<Job['updateProgress']>[0]): Promise<void> {
  return job.updateProgress(progress).catch(() => undefined);
}
