/**
 * Job schedulers (BullMQ repeatable jobs) live in the queue store. At start every scheduler is
 * upserted (a changed interval applies); after a reconnect only the missing ones are created, so
 * a Redis that kept its data is left as it was and one that lost it gets them back.
 */
import type { Queue } from 'bullmq';

export interface ScheduleOptions {
  /** create the scheduler only if the queue store does not hold it (after a reconnect) */
  onlyIfMissing?: boolean;
}

export async function upsertScheduler<T>(
  queue: Queue<T>,
  id: string,
  everyMs: number,
  template: { name: string; data: NoInfer<T>; opts?: Record<string, unknown> },
  options: ScheduleOptions = {},
): Promise<void> {
  if (options.onlyIfMissing && (await queue.getJobScheduler(id))) return;
  await (queue as unknown as Queue).upsertJobScheduler(id, { every: everyMs }, template as never);
}
