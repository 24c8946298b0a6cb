import { Migration } from '@mikro-orm/migrations';

/**
 * A match run names the queue job that runs it, so a run whose job is gone (its worker was
 * killed, its Redis restarted empty, the queue retried it) can be told apart from one that is
 * still running, and marked FAILED instead of staying RUNNING forever
 * (src/matching/match-runs.ts). Runs started before this migration have none.
 */
export class Migration20261202020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "match_run" add column "job_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "match_run" drop column "job_id";`);
  }

}
