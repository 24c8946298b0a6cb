import { Migration } from '@mikro-orm/migrations';

/**
 * The access log and its seals (DESIGN.md, Audit). Both tables are append-only, enforced by the
 * database itself: triggers refuse UPDATE, DELETE and TRUNCATE whoever asks, and PUBLIC holds no
 * such privilege. A superuser can still get around triggers (e.g. session_replication_role =
 * replica); that is what the hash chain in access_log_seal detects (src/audit/chain.ts).
 *
 * Retention: nothing in the hub deletes entries. PIPL Art. 55–56 asks for records of personal
 * information processing to be kept at least three years; archiving older partitions is an
 * operator's decision, outside the application.
 */
export class Migration20261123180000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "access_log" (
      "id" bigserial primary key,
      "at" timestamptz not null default clock_timestamp(),
      "actor" text not null,
      "role" text not null,
      "purpose" text null,
      "operation" text null,
      "request_id" text not null,
      "client_address" text null,
      "subject_id" text null,
      "fields_returned" text[] not null default '{}',
      "fields_masked" text[] not null default '{}',
      "fields_withheld" jsonb not null default '[]',
      "outcome" text not null check ("outcome" in ('OK', 'PARTIAL', 'ERROR', 'DENIED'))
    );`);
    this.addSql(`create index "access_log_subject_id_index" on "access_log" ("subject_id", "id");`);
    this.addSql(`create index "access_log_actor_index" on "access_log" ("actor", "id");`);
    this.addSql(`create index "access_log_at_index" on "access_log" ("at");`);

    this.addSql(`create table "access_log_seal" (
      "entry_id" bigint primary key,
      "seq" bigint not null unique,
      "prev_hash" text not null,
      "hash" text not null,
      "sealed_at" timestamptz not null default clock_timestamp()
    );`);
    this.addSql(`create index "access_log_seal_sealed_at_index" on "access_log_seal" ("sealed_at");`);

    this.addSql(`create function "audit_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % refused', TG_TABLE_NAME, TG_OP using errcode = 'insufficient_privilege';
      end
    $$;`);
    for (const table of ['access_log', 'access_log_seal']) {
      this.addSql(`create trigger "${table}_no_change" before update or delete on "${table}" for each row execute function "audit_append_only"();`);
      this.addSql(`create trigger "${table}_no_truncate" before truncate on "${table}" for each statement execute function "audit_append_only"();`);
      this.addSql(`revoke update, delete, truncate on "${table}" from public;`);
    }
  }

  override async down(): Promise<void> {
    // dropping the tables is the one way out; it needs the owner, and loses the log
    this.addSql(`drop table if exists "access_log_seal";`);
    this.addSql(`drop table if exists "access_log";`);
    this.addSql(`drop function if exists "audit_append_only"();`);
  }

}
