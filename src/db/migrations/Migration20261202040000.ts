import { Migration } from '@mikro-orm/migrations';

/**
 * Which consent statement is in force (issue P, item 7): the one *given* last, not the one
 * recorded last. Before, a grant back-dated before a revocation but keyed in after it undid the
 * revocation, a grant dated weeks ahead counted at once, and a hub grant of July overrode a
 * core banking revocation of August because the hub recorded it later.
 *
 * - `consent_statement` gains `effective_at`, the instant a statement counts from: when it was
 *   given. A hub statement's `given_at` (never after it was recorded: the new check below, and
 *   the hub refuses a future `givenAt`). A source statement that keeps only the day could have
 *   been given at any time of it: a grant counts from the start of that day, a refusal or
 *   withdrawal from its end or from when the hub first read it, whichever is earlier — so of two
 *   statements of one day the withdrawal wins.
 * - `consent_current`: per customer and purpose, among the statements whose `effective_at` has
 *   come (a statement dated in the future does not count until then), the latest `effective_at`
 *   wins, hub and source statements alike; on a tie a refusal or withdrawal wins over a grant,
 *   then the one recorded later, then the hub's, then the higher id. `Customer.consents` lists
 *   statements in the same order (ConsentRepository.STATEMENT_ORDER).
 * - `consent`: `given_at` may not be after `recorded_at` (post-dating); rows stored before are
 *   not checked (NOT VALID) — the view ignores them until their date.
 */
export class Migration20261202040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "consent" add constraint "consent_given_not_after_recorded" check ("given_at" <= "recorded_at") not valid;`);
    this.addSql(`drop view "consent_current";`);
    this.addSql(`drop view "consent_statement";`);
    this.addSql(`create view "consent_statement" as
      select c."id"::text as "id", c."id" as "hub_seq", coalesce(g."merged_into", c."golden_id") as "golden_id", c."purpose", c."categories",
             c."status", c."given_at", c."expires_at", c."channel", c."evidence", c."source", c."recorded_by", c."recorded_at",
             c."given_at" as "effective_at"
        from "consent" c
        -- consent given to a customer later merged away holds for the survivor (redirects never chain)
        left join "golden_customer" g on g."id" = c."golden_id" and g."status" = 'MERGED'
      union all
      -- named by the hub's record id, not the source's key: ids end up in the append-only access log
      select sc."system" || ':' || r."id"::text || ':' || sc."purpose", null, r."golden_id", sc."purpose", sc."categories", sc."status",
             sc."given_at", sc."expires_at", sc."channel", sc."evidence", sc."system", sc."system", least(sc."seen_at", sc."latest_given_at"),
             case when sc."status" = 'GRANTED' then sc."given_at" else least(sc."seen_at", sc."latest_given_at") end
        from "source_consent" sc
        join "source_record" r on r."system" = sc."system" and r."source_key" = sc."source_key"
       where r."golden_id" is not null and not r."deleted";`);
    this.addSql(`create view "consent_current" as
      select distinct on ("golden_id", "purpose") * from "consent_statement"
       where "effective_at" <= now()
       order by "golden_id", "purpose", "effective_at" desc, ("status" <> 'GRANTED') desc, "recorded_at" desc, "hub_seq" desc nulls last, "id" desc;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view "consent_current";`);
    this.addSql(`drop view "consent_statement";`);
    this.addSql(`alter table "consent" drop constraint "consent_given_not_after_recorded";`);
    this.addSql(`create view "consent_statement" as
      select c."id"::text as "id", c."id" as "hub_seq", coalesce(g."merged_into", c."golden_id") as "golden_id", c."purpose", c."categories",
             c."status", c."given_at", c."expires_at", c."channel", c."evidence", c."source", c."recorded_by", c."recorded_at"
        from "consent" c
        left join "golden_customer" g on g."id" = c."golden_id" and g."status" = 'MERGED'
      union all
      -- named by the hub's record id, not the source's key: ids end up in the append-only access log
      select sc."system" || ':' || r."id"::text || ':' || sc."purpose", null, r."golden_id", sc."purpose", sc."categories", sc."status",
             sc."given_at", sc."expires_at", sc."channel", sc."evidence", sc."system", sc."system", least(sc."seen_at", sc."latest_given_at")
        from "source_consent" sc
        join "source_record" r on r."system" = sc."system" and r."source_key" = sc."source_key"
       where r."golden_id" is not null and not r."deleted";`);
    this.addSql(`create view "consent_current" as
      select distinct on ("golden_id", "purpose") * from "consent_statement"
       order by "golden_id", "purpose", "recorded_at" desc, "hub_seq" desc nulls last, "id" desc;`);
  }
}
