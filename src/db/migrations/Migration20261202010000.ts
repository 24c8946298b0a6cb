import { Migration } from '@mikro-orm/migrations';

/**
 * One open quarantine entry per source row (issue I, item 5). A row that arrived bad, then bad
 * again in another version, used to keep both entries open; ingest now closes the older one when
 * it records the newer verdict. This closes the duplicates already there (the most recently seen
 * entry of each key stays open) and lets the database hold the rule.
 */
export class Migration20261202010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "quarantined_row" q set "resolved_at" = now()
      where q."resolved_at" is null and q."source_key" is not null
        and exists (select 1 from "quarantined_row" n
                     where n."system" = q."system" and n."source_key" = q."source_key" and n."resolved_at" is null
                       and (n."last_seen_at", n."id") > (q."last_seen_at", q."id"));`);
    this.addSql(`create unique index "quarantined_row_open_key_unique" on "quarantined_row" ("system", "source_key")
      where "resolved_at" is null and "source_key" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "quarantined_row_open_key_unique";`);
  }
}
