import { Migration } from '@mikro-orm/migrations';

/**
 * Consent read from source systems (issue D, item 2): where a bank keeps a customer's consent in
 * a source (marketing consent in core banking), that statement counts in policy decisions.
 *
 * - `source_consent`: each source record's current statement per purpose, as its connector
 *   mapped it; rewritten by ingest in the page's transaction (a statement the source no longer
 *   holds is removed). `seen_at` is when the hub first saw this version of the statement;
 *   `latest_given_at` the latest instant it can have been given (the end of the day when the
 *   source keeps only the day).
 * - `consent_statement`: every statement about a golden customer, the hub's own consent events
 *   and the source statements of its linked, non-deleted records (`source` = the system).
 * - `consent_current`: per customer and purpose, the most recent statement wins, whoever made
 *   it. A hub event is dated when the hub recorded it; a source statement when it was given or,
 *   if the source keeps only the day, by the end of that day or when the hub first saw it,
 *   whichever is earlier (a refusal keyed at the branch after an app grant that morning wins once
 *   read; a years-old statement does not override a newer hub event just because a connector was
 *   added later). On an exact tie the hub event wins.
 *   `Customer.consents` (the history) reads `consent_statement`.
 */
export class Migration20261123190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "source_consent" (
      "system" text not null, "source_key" text not null, "purpose" text not null, "categories" text[] not null,
      "status" text not null check ("status" in ('GRANTED', 'DENIED', 'REVOKED')),
      "given_at" timestamptz not null, "latest_given_at" timestamptz not null, "expires_at" timestamptz null,
      "channel" text not null, "evidence" text null, "seen_at" timestamptz not null default now(),
      primary key ("system", "source_key", "purpose"),
      foreign key ("system", "source_key") references "source_record" ("system", "source_key") on delete cascade);`);

    this.addSql(`create view "consent_statement" as
      select c."id"::text as "id", c."id" as "hub_seq", coalesce(g."merged_into", c."golden_id") as "golden_id", c."purpose", c."categories",
             c."status", c."given_at", c."expires_at", c."channel", c."evidence", c."source", c."recorded_by", c."recorded_at"
        from "consent" c
        -- consent given to a customer later merged away holds for the survivor (redirects never chain)
        left join "golden_customer" g on g."id" = c."golden_id" and g."status" = 'MERGED'
      union all
      select sc."system" || ':' || sc."source_key" || ':' || sc."purpose", null, r."golden_id", sc."purpose", sc."categories", sc."status",
             sc."given_at", sc."expires_at", sc."channel", sc."evidence", sc."system", sc."system", least(sc."seen_at", sc."latest_given_at")
        from "source_consent" sc
        join "source_record" r on r."system" = sc."system" and r."source_key" = sc."source_key"
       where r."golden_id" is not null and not r."deleted";`);
    this.addSql(`drop view "consent_current";`);
    this.addSql(`create view "consent_current" as
      select distinct on ("golden_id", "purpose") * from "consent_statement"
       order by "golden_id", "purpose", "recorded_at" desc, "hub_seq" desc nulls last, "id" desc;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view "consent_current";`);
    this.addSql(`drop view "consent_statement";`);
    this.addSql(`drop table "source_consent";`);
    this.addSql(`create view "consent_current" as
      select distinct on ("golden_id", "purpose") * from "consent" order by "golden_id", "purpose", "recorded_at" desc, "id" desc;`);
  }
}
