/**
 * The `match` queue. Three kinds of job, one worker:
 * - `match-records`: the records one ingest page changed, matched incrementally;
 * - `match-pending`: a sweep of every record still marked match-pending (changes whose job was
 *   lost, or that arrived before any model existed), scheduled and on demand;
 * - `match-batch`: a full re-match that also re-estimates the model.
 * All three are idempotent: matching a record twice gives the same links.
 */
import type { Queue } from 'bullmq';
import type { QueueBackend } from './queue-backend.js';
import { upsertScheduler, type ScheduleOptions } from './schedules.js';

export const MATCH_QUEUE = 'match';

export type MatchJob =
  | { kind: 'records'; recordIds: string[] }
  | { kind: 'pending' }
  | { kind: 'batch'; trigger: 'manual' | 'no-model' | 'schedule' };

export const MATCH_JOB_NAMES = { records: 'match-records', pending: 'match-pending', batch: 'match-batch' } as const;

/** ids per `match-records` job: big enough to amortise the job, small enough to keep latency low */
export const RECORDS_PER_JOB = 500;

const jobOptions = (attempts: number) => ({
  attempts,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { count: 200 },
  removeOnFail: { count: 1000 },
});

export class MatchQueue {
  readonly queue: Queue<MatchJob>;

  constructor(backend: QueueBackend, private readonly attempts: number) {
    this.queue = backend.queue<MatchJob>(MATCH_QUEUE);
  }

  async matchRecords(recordIds: readonly string[]): Promise<void> {
    if (recordIds.length === 0) return;
    const jobs = [];
    for (let i = 0; i < recordIds.length; i += RECORDS_PER_JOB) {
      const data: MatchJob = { kind: 'records', recordIds: recordIds.slice(i, i + RECORDS_PER_JOB) };
      jobs.push({ name: MATCH_JOB_NAMES.records, data, opts: jobOptions(this.attempts) });
    }
    await this.queue.addBulk(jobs);
  }

  /** one sweep at a time: asking while one waits adds nothing */
  async sweepPending(): Promise<string | undefined> {
    const job = await this.queue.add(MATCH_JOB_NAMES.pending, { kind: 'pending' }, { ...jobOptions(this.attempts), deduplication: { id: 'match-pending' } });
    return job.id;
  }

  /** one batch at a time: asking while one waits or runs adds nothing */
  async requestBatch(trigger: 'manual' | 'no-model' | 'schedule' = 'manual'): Promise<string | undefined> {
    const job = await this.queue.add(MATCH_JOB_NAMES.batch, { kind: 'batch', trigger }, { ...jobOptions(this.attempts), deduplication: { id: 'match-batch' } });
    return job.id;
  }

  /** Whether a batch job is running now: the job `jobId`, or (null) any batch. */
  async isBatchActive(jobId: string | null): Promise<boolean> {
    if (jobId === null) return (await this.queue.getJobs(['active'])).some((j) => j.name === MATCH_JOB_NAMES.batch);
    return (await this.queue.getJobState(jobId)) === 'active';
  }

  async schedulePendingSweep(everyMs: number, options?: ScheduleOptions): Promise<void> {
    await upsertScheduler(this.queue, 'match-pending-schedule', everyMs, {
      name: MATCH_JOB_NAMES.pending,
      data: { kind: 'pending' },
      opts: jobOptions(this.attempts),
    }, options);
  }
}
