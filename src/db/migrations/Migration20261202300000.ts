import { Migration } from '@mikro-orm/migrations';

/**
 * Steward decisions that stick (issue E, items 1–2): a pair a steward linked is kept in
 * `match_candidate` as `STEWARD_LINK` (must-link; `NOT_A_MATCH` stays the cannot-link), with who
 * decided, when, and now why (`reason`). Machine re-scoring never changes a decided status
 * (src/matching/matching.repository.ts).
 */
export class Migration20261202300000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "match_candidate" add column "reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "match_candidate" where "status" = 'STEWARD_LINK';`);
    this.addSql(`alter table "match_candidate" drop column "reason";`);
  }
}
