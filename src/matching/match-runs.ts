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

export const INTERRUPTED = 'interrupted: its job is no longer running (worker stopped, queue retried or lost it)';

export class MatchRuns {
  constructor(private readonly orm: MikroORM) {}

  /** At the start of an attempt: earlier attempts of the same job that never finished. */
  async failEarlierAttempts(jobId: string): Promise<number[]> {
    const rows = await this.orm.em.fork().execute<{ id: number }[]>(
      `UPDATE match_run SET status = 'FAILED', error = ?, finished_at = now() WHERE status = 'RUNNING' AND job_id = ? RETURNING id`,
      [INTERRUPTED, jobId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Every RUNNING run whose job `isActive` says is not running (a run from before runs kept
   * their job is asked about with null: "is any batch running?").
   */
  async failInterrupted(isActive: (jobId: string | null) => Promise<boolean>): Promise<number[]> {
    const em = this.orm.em.fork();
    const running = await em.execute<{ id: number; job_id: string | null }[]>(`SELECT id, job_id FROM match_run WHERE status = 'RUNNING' ORDER BY id`);
    const failed: number[] = [];
    for (const run of running) {
      if (await isActive(run.job_id)) continue;
      // still RUNNING: a run that finished meanwhile keeps its outcome
      const rows = await em.execute<{ id: number }[]>(
        `UPDATE match_run SET status = 'FAILED', error = ?, finished_at = now() WHERE id = ? AND status = 'RUNNING' RETURNING id`,
        [INTERRUPTED, run.id],
      );
      failed.push(...rows.map((r) => r.id));
    }
    return failed;
  }
}
