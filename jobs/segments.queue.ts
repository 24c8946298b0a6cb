/**
 * The `segments` queue. Two kinds of job, one worker:
 * - `segment-all`: every ACTIVE golden customer, scheduled and on demand; one waiting or running
 *   at a time (deduplicated), since a second full run queued behind the first adds nothing;
 * - `segment-customers`: the given golden customers, e.g. the ones a match run touched.
 * Both are idempotent: segmenting a customer twice with the same rules and holdings writes the
 * same values. A failing source fails the job, which BullMQ retries with exponential backoff.
 */
import type { Queue } from 'bullmq';
import type { QueueBackend } from './queue-backend.js';
import { upsertScheduler, type ScheduleOptions } from './schedules.js';

export const SEGMENTS_QUEUE = 'segments';

export type SegmentsJob = { kind: 'all'; trigger: SegmentAllTrigger } | { kind: 'customers'; goldenIds: string[] };
export type SegmentAllTrigger = 'manual' | 'schedule' | 'start' | 'after-match-batch';

export const SEGMENTS_JOB_NAMES = { all: 'segment-all', customers: 'segment-customers' } as const;

/** golden ids per `segment-customers` job: one page of the segmentation service */
export const CUSTOMERS_PER_JOB = 500;

const jobOptions = (attempts: number) => ({
  attempts,
  // sources recover in seconds to minutes: 5 s, 10 s, 20 s, …
  backoff: { type: 'exponential' as const, delay: 5000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
});

export class SegmentsQueue {
  readonly queue: Queue<SegmentsJob>;

  constructor(backend: QueueBackend, private readonly attempts: number) {
    this.queue = backend.queue<SegmentsJob>(SEGMENTS_QUEUE);
  }

  /**
   * A full run. Asking while one waits or runs adds nothing and answers its id — except after a
   * match batch (`matchRunId`): a run already under way may have passed the pages where the
   * batch's new golden customers land, so each batch gets a run of its own.
   */
  async requestAll(trigger: SegmentAllTrigger = 'manual', matchRunId?: number): Promise<string | undefined> {
    const id = matchRunId === undefined ? 'segment-all' : `segment-all-after-match-run-${matchRunId}`;
    const job = await this.queue.add(SEGMENTS_JOB_NAMES.all, { kind: 'all', trigger }, { ...jobOptions(this.attempts), deduplication: { id } });
    return job.id;
  }

  async segmentCustomers(goldenIds: readonly string[]): Promise<void> {
    const ids = [...new Set(goldenIds)];
    if (ids.length === 0) return;
    const jobs = [];
    for (let i = 0; i < ids.length; i += CUSTOMERS_PER_JOB) {
      const data: SegmentsJob = { kind: 'customers', goldenIds: ids.slice(i, i + CUSTOMERS_PER_JOB) };
      jobs.push({ name: SEGMENTS_JOB_NAMES.customers, data, opts: jobOptions(this.attempts) });
    }
    await this.queue.addBulk(jobs);
  }

  async schedule(everyMs: number, options?: ScheduleOptions): Promise<void> {
    await upsertScheduler(this.queue, 'segment-all-schedule', everyMs, {
      name: SEGMENTS_JOB_NAMES.all,
      data: { kind: 'all', trigger: 'schedule' },
      opts: jobOptions(this.attempts),
    }, options);
  }
}
