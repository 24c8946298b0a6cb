/**
 * The `ingest` queues: one per connector (`ingest-core_banking`, …), so a slow source never holds
 * up another and each can be paused, retried and watched on its own. A job means "sync this
 * connector from its watermark"; whether scheduled or on demand, the work is the same.
 */
import type { Queue } from 'bullmq';
import type { SourceSystem } from '../connectors/contract.js';
import type { QueueBackend } from './queue-backend.js';
import { upsertScheduler, type ScheduleOptions } from './schedules.js';

export interface IngestJob {
  system: SourceSystem;
  trigger: 'schedule' | 'manual' | 'start';
}

export const ingestQueueName = (system: SourceSystem): string => `ingest-${system}`;
export const INGEST_JOB = 'sync-connector';

export interface IngestRetryPolicy {
  attempts: number;
}

export function ingestJobOptions({ attempts }: IngestRetryPolicy) {
  return {
    attempts,
    backoff: { type: 'exponential' as const, delay: 2000 },
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 500 },
  };
}

export class IngestQueues {
  private readonly queues = new Map<SourceSystem, Queue<IngestJob>>();

  constructor(backend: QueueBackend, systems: readonly SourceSystem[], private readonly retry: IngestRetryPolicy) {
    for (const system of systems) this.queues.set(system, backend.queue<IngestJob>(ingestQueueName(system)));
  }

  get systems(): SourceSystem[] {
    return [...this.queues.keys()];
  }

  queue(system: SourceSystem): Queue<IngestJob> {
    const queue = this.queues.get(system);
    if (!queue) throw new Error(`no ingest queue for ${system}`);
    return queue;
  }

  /**
   * Asks for a sync now. While one is already waiting, asking again adds nothing (deduplicated):
   * the waiting sync will read everything changed up to when it runs.
   */
  async requestSync(system: SourceSystem, trigger: IngestJob['trigger'] = 'manual'): Promise<string | undefined> {
    const job = await this.queue(system).add(
      INGEST_JOB,
      { system, trigger },
      { ...ingestJobOptions(this.retry), deduplication: { id: `ingest-${system}` } },
    );
    return job.id;
  }

  /** The repeatable schedule: one scheduler per connector, updated in place on restart. */
  async schedule(everyMs: number, options?: ScheduleOptions): Promise<void> {
    for (const [system, queue] of this.queues) {
      await upsertScheduler(
        queue,
        `ingest-${system}-schedule`,
        everyMs,
        { name: INGEST_JOB, data: { system, trigger: 'schedule' }, opts: ingestJobOptions(this.retry) },
        options,
      );
    }
  }
}
