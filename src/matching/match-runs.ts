/**
 * Batch runs whose job is gone. A run is inserted RUNNING when its batch starts and set DONE or
 * FAILED when it ends; a worker killed in between, or a Redis restarted without its data, leaves
 * it RUNNING with nobody running it. Such runs are marked FAILED (`interrupted`) when the queue
 * retries their job (a new attempt gets a new run) and by the pending sweep, which runs on
 * every worker start and every few seconds after: a run whose job is not active any more was
 * interrupted. Matching itself loses nothing — records stay match-pending until a batch or
 * incremental job commits them.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { MatchingRepository } from './matching.repository.js';

export const INTERRUPTED = 'interrupted: its job is no longer running (worker stopped, queue retried or lost it)';

export class MatchRuns {
  constructor(private readonly orm: MikroORM) {}

  /** At the start of an attempt: earlier attempts of the same job that never finished. */
  failEarlierAttempts(jobId: string): Promise<number[]> {
    return new MatchingRepository(this.orm.em.fork()).failRunningAttemptsOf(jobId, INTERRUPTED);
  }

  /**
   * Every RUNNING run whose job `isActive` says is not running (a run from before runs kept
   * their job is asked about with null: "is any batch running?").
   */
  async failInterrupted(isActive: (jobId: string | null) => Promise<boolean>): Promise<number[]> {
    const repo = new MatchingRepository(this.orm.em.fork());
    const running = await repo.runningRuns();
    const failed: number[] = [];
    for (const run of running) {
      if (await isActive(run.job_id)) continue;
      failed.push(...(await repo.failIfRunning(run.id, INTERRUPTED)));
    }
    return failed;
  }
}
