import { Migration } from '@mikro-orm/migrations';

/**
 * Stewardship reads (issue E):
 * - `match_candidate.review_priority`: the review queue's order (src/matching/engine/review-priority.ts),
 *   stored with each pair and indexed per status, so the queue's pages are keyset reads of the
 *   index at any size. Existing rows are backfilled with the default thresholds (0.5, 0.95) and
 *   two records joined; the next batch stores every pair's priority with the configured ones.
 * - `golden_override`: a steward's sticky value of one golden field; survivorship never
 *   overwrites it until a steward clears it.
 * - the seeded policy gains STEWARD / DATA_QUALITY: stewards working the review queue and field
 *   conflicts compare identity, id numbers and contacts; no finances or profiles.
 */
export class Migration20261202400000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "match_candidate" add column "review_priority" double precision not null default 0;`);
    // weight is log2 odds: the band is [log2(0.5/0.5), log2(0.95/0.05)) = [0, log2(19))
    this.addSql(`update "match_candidate" set "review_priority" = 1.0 / (1 + least("weight", log(2, 19::numeric)::float8 - "weight"))
      where "status" = 'REVIEW' and "weight" >= 0 and "weight" < log(2, 19::numeric)::float8;`);
    this.addSql(`create index "match_candidate_queue_index" on "match_candidate" ("status", "review_priority", "id");`);

    this.addSql(`create table "golden_override" (
      "golden_id" uuid not null, "field" text not null, "value" jsonb not null,
      "reason" text not null, "actor" text not null, "set_at" timestamptz not null default clock_timestamp(),
      primary key ("golden_id", "field"));`);

    this.addSql(`insert into "access_policy" ("role", "purpose", "category", "decision") values
      ('STEWARD', 'DATA_QUALITY', 'IDENTITY', 'ALLOW'), ('STEWARD', 'DATA_QUALITY', 'GOVERNMENT_ID', 'ALLOW'),
      ('STEWARD', 'DATA_QUALITY', 'CONTACT', 'ALLOW'), ('STEWARD', 'DATA_QUALITY', 'FINANCIAL', 'DENY'),
      ('STEWARD', 'DATA_QUALITY', 'PROFILING', 'DENY')
      on conflict ("role", "purpose", "category") do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "access_policy" where "role" = 'STEWARD' and "purpose" = 'DATA_QUALITY' and "updated_by" = 'migration';`);
    this.addSql(`drop table if exists "golden_override";`);
    this.addSql(`drop index if exists "match_candidate_queue_index";`);
    this.addSql(`alter table "match_candidate" drop column if exists "review_priority";`);
  }
}
