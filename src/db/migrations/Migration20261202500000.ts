import { Migration } from '@mikro-orm/migrations';

/**
 * Two database roles, so the hub at run time cannot rewrite its own access log. The role that
 * runs the migrations owns every table (DATABASE_OWNER_URL); the hub connects as a member of
 * `customer_hub_runtime` (DATABASE_URL), which may read and append to `access_log` and
 * `access_log_seal` and nothing else there — not UPDATE, DELETE or TRUNCATE, not choose an
 * entry's id or time, and, not owning them, not `ALTER TABLE … DISABLE TRIGGER` — while it reads
 * and writes every other hub table as before. Tables created by later migrations of the owner
 * get the same read-write grant (default privileges); a later log-like table must revoke it.
 *
 * Roles are cluster-wide and several hub databases (or test runs) may share a server: the role is
 * made only when missing, and a concurrent migration making it at the same moment is no error.
 * Creating it needs CREATEROLE; an owner without it needs the role made beforehand (README).
 *
 * Seals gain the Ed25519 signature of the hub's key over (seq, entry id, hash) and the key's id;
 * seals made before stay unsigned, covered by the first signed seal's hash.
 */
export const RUNTIME_ROLE = 'customer_hub_runtime';

const ENTRY_COLUMNS = [
  'actor', 'role', 'purpose', 'operation', 'request_id', 'client_address', 'subject_id',
  'fields_returned', 'fields_masked', 'fields_withheld', 'outcome', 'searched', 'consent_refs',
];
const SEAL_COLUMNS = ['entry_id', 'seq', 'prev_hash', 'hash', 'signature', 'key_id'];

export class Migration20261202500000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "access_log_seal" add column "signature" text null, add column "key_id" text null;`);
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${RUNTIME_ROLE}') then
        begin
          create role ${RUNTIME_ROLE} nologin;
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
    end $$;`);
    this.addSql(`grant usage on schema public to ${RUNTIME_ROLE};`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to ${RUNTIME_ROLE};`);
    this.addSql(`grant usage, select on all sequences in schema public to ${RUNTIME_ROLE};`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to ${RUNTIME_ROLE};`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to ${RUNTIME_ROLE};`);
    // the migrations' own bookkeeping is the owner's
    this.addSql(`revoke insert, update, delete on "mikro_orm_migrations" from ${RUNTIME_ROLE};`);
    // the log: read, and append with the id and time the database gives
    this.addSql(`revoke all on "access_log", "access_log_seal" from ${RUNTIME_ROLE};`);
    this.addSql(`grant select on "access_log", "access_log_seal" to ${RUNTIME_ROLE};`);
    this.addSql(`grant insert (${ENTRY_COLUMNS.map((c) => `"${c}"`).join(', ')}) on "access_log" to ${RUNTIME_ROLE};`);
    this.addSql(`grant insert (${SEAL_COLUMNS.map((c) => `"${c}"`).join(', ')}) on "access_log_seal" to ${RUNTIME_ROLE};`);
    this.addSql(`revoke update on sequence "access_log_id_seq" from ${RUNTIME_ROLE};`);
  }

  override async down(): Promise<void> {
    // the role stays: other databases on the server may use it
    this.addSql(`revoke all on all tables in schema public from ${RUNTIME_ROLE};`);
    this.addSql(`revoke all on all sequences in schema public from ${RUNTIME_ROLE};`);
    this.addSql(`alter default privileges in schema public revoke all on tables from ${RUNTIME_ROLE};`);
    this.addSql(`alter default privileges in schema public revoke all on sequences from ${RUNTIME_ROLE};`);
    this.addSql(`revoke usage on schema public from ${RUNTIME_ROLE};`);
    this.addSql(`alter table "access_log_seal" drop column "signature", drop column "key_id";`);
  }
}
