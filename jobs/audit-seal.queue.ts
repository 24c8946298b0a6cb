/**
 * The `audit-seal` queue: one job kind, `audit-seal`, scheduled every AUDIT_SEAL_EVERY_MS and on
 * demand. At most one waits or runs (deduplicated): a second queued behind the first would find
 * nothing left. Sealing is idempotent, and two sealers never interleave (advisory lock).
 */
import type { Queue } from 'bullmq';
import type { QueueBackend } from './queue-backend.js';
import { upsertScheduler, type ScheduleOptions } from './schedules.js';

export const AUDIT_SEAL_QUEUE = 'audit-seal';
export const AUDIT_SEAL_JOB = 'audit-seal';

export type AuditSealJob = { trigger: 'manual' | 'schedule' };

const jobOptions = {
  attempts: 3,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
};

export class AuditSealQueue {
  readonly queue: Queue<AuditSealJob>;

  constructor(backend: QueueBackend) {
    this.queue = backend.queue<AuditSealJob>(AUDIT_SEAL_QUEUE);
  }

  async requestSeal(): Promise<string | undefined> {
    const job = await this.queue.add(AUDIT_SEAL_JOB, { trigger: 'manual' }, { ...jobOptions, deduplication: { id: AUDIT_SEAL_JOB } });
    return job.id;
  }

  async schedule(everyMs: number, options?: ScheduleOptions): Promise<void> {
    await upsertScheduler(this.queue, 'audit-seal-schedule', everyMs, { name: AUDIT_SEAL_JOB, data: { trigger: 'schedule' }, opts: jobOptions }, options);
  }
}
