import { Migration } from '@mikro-orm/migrations';

/**
 * Field-level policy and consent (PIPL Art. 13-14, 28-29):
 * - `access_policy`: role × purpose × data category → ALLOW, MASK, REQUIRE_CONSENT or DENY; what
 *   is not listed is denied. Seeded with the bank's defaults; admins change it (`setAccessPolicy`),
 *   every change kept in `access_policy_change`.
 * - `consent`: one row per consent event (granted, denied, revoked), never updated: the current
 *   state of a customer's consent to a purpose is its latest row (`consent_current`), and the
 *   rows before it are its history.
 */
export class Migration20261123170000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "access_policy" (
      "role" text not null, "purpose" text not null, "category" text not null,
      "decision" text not null check ("decision" in ('ALLOW', 'MASK', 'REQUIRE_CONSENT', 'DENY')),
      "updated_at" timestamptz not null default now(), "updated_by" text not null default 'migration',
      primary key ("role", "purpose", "category"));`);
    this.addSql(`create table "access_policy_change" (
      "id" bigserial primary key, "role" text not null, "purpose" text not null, "category" text not null,
      "before" text null, "after" text not null, "changed_by" text not null, "changed_at" timestamptz not null default clock_timestamp());`);
    const rows = DEFAULT_POLICY.map(([role, purpose, decisions]) =>
      CATEGORIES.map((category, i) => `('${role}', '${purpose}', '${category}', '${DECISION[decisions[i]]}')`).join(', '),
    ).join(', ');
    this.addSql(`insert into "access_policy" ("role", "purpose", "category", "decision") values ${rows};`);

    this.addSql(`create table "consent" (
      "id" bigserial primary key, "golden_id" uuid not null, "purpose" text not null, "categories" text[] not null,
      "status" text not null check ("status" in ('GRANTED', 'DENIED', 'REVOKED')),
      "given_at" timestamptz not null, "expires_at" timestamptz null, "channel" text not null, "evidence" text null,
      "source" text not null default 'HUB', "recorded_by" text not null, "recorded_at" timestamptz not null default clock_timestamp());`);
    this.addSql(`create index "consent_golden_id_purpose_index" on "consent" ("golden_id", "purpose", "recorded_at" desc, "id" desc);`);
    this.addSql(`create view "consent_current" as
      select distinct on ("golden_id", "purpose") * from "consent" order by "golden_id", "purpose", "recorded_at" desc, "id" desc;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists "consent_current";`);
    this.addSql(`drop table if exists "consent", "access_policy_change", "access_policy";`);
  }
}

const CATEGORIES = ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL', 'PROFILING'] as const;
const DECISION = { A: 'ALLOW', M: 'MASK', C: 'REQUIRE_CONSENT', D: 'DENY' } as const;
type D = keyof typeof DECISION;

/** role, purpose, decisions per category in the order of CATEGORIES */
const DEFAULT_POLICY: [string, string, D[]][] = [
  // serving the customer (branch, app, call centre): what the service needs, ids masked
  ['APP', 'SERVICE', ['A', 'M', 'A', 'A', 'A']],
  // marketing needs the customer's separate consent for everything, never the id number
  ['APP', 'MARKETING', ['C', 'D', 'C', 'C', 'C']],
  // credit risk: identity and finances in full, contacts masked
  ['APP', 'RISK', ['A', 'A', 'M', 'A', 'A']],
  // stewards fix records: identity and contacts, not finances or profiles
  ['STEWARD', 'SERVICE', ['A', 'A', 'A', 'D', 'D']],
  // a data subject's own request (PIPL Art. 45): everything
  ['STEWARD', 'SUBJECT_RIGHTS', ['A', 'A', 'A', 'A', 'A']],
  // admins operate the hub: they see that data exists, masked, and the segments
  ['ADMIN', 'SERVICE', ['M', 'M', 'M', 'D', 'A']],
];
