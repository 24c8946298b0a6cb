/**
 * The `quality` queue. Two kinds of job, one worker:
 * - `quality-records`: re-check the records an ingest page changed or a match job re-linked
 *   (their rules, then the golden customers they belong to);
 * - `quality-sweep`: every rule on every subject, scheduled, after each match batch and on
 *   demand (`runQualitySweep`); one waiting at a time (deduplicated).
 * Both are idempotent: a re-check of unchanged data refreshes the same issues.
 */
import type { Queue } from 'bullmq';
import type { QueueBackend } from './queue-backend.js';
import { upsertScheduler, type ScheduleOptions } from './schedules.js';

export const QUALITY_QUEUE = 'quality';

export type QualitySweepTrigger = 'manual' | 'schedule' | 'after-match-batch';
export type QualityJob = { kind: 'records'; recordIds: string[] } | { kind: 'sweep'; trigger: QualitySweepTrigger };

export const QUALITY_JOB_NAMES = { records: 'quality-records', sweep: 'quality-sweep' } as const;

/** ids per `quality-records` job, as for matching */
export const RECORDS_PER_JOB = 500;

const jobOptions = (attempts: number) => ({
  attempts,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
});

export class QualityQueue {
  readonly queue: Queue<QualityJob>;

  constructor(backend: QueueBackend, private readonly attempts: number) {
    this.queue = backend.queue<QualityJob>(QUALITY_QUEUE);
  }

  async checkRecords(recordIds: readonly string[]): Promise<void> {
    const ids = [...new Set(recordIds)];
    if (ids.length === 0) return;
    const jobs = [];
    for (let i = 0; i < ids.length; i += RECORDS_PER_JOB) {
      const data: QualityJob = { kind: 'records', recordIds: ids.slice(i, i + RECORDS_PER_JOB) };
      jobs.push({ name: QUALITY_JOB_NAMES.records, data, opts: jobOptions(this.attempts) });
    }
    await this.queue.addBulk(jobs);
  }

  /** a full sweep; asking while one waits adds nothing and answers its id */
  async requestSweep(trigger: QualitySweepTrigger = 'manual'): Promise<string | undefined> {
    const job = await this.queue.add(QUALITY_JOB_NAMES.sweep, { kind: 'sweep', trigger }, { ...jobOptions(this.attempts), deduplication: { id: 'quality-sweep' } });
    return job.id;
  }

  async schedule(everyMs: number, options?: ScheduleOptions): Promise<void> {
    await upsertScheduler(this.queue, 'quality-sweep-schedule', everyMs, {
      name: QUALITY_JOB_NAMES.sweep,
      data: { kind: 'sweep', trigger: 'schedule' },
      opts: jobOptions(this.attempts),
    }, options);
  }
}
