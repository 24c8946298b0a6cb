import { Migration } from '@mikro-orm/migrations';

/**
 * Data-quality checks (issue E, item 7): the rule table with the default rules and the issue
 * table. The defaults are frozen here (a migration must not change after release; they equal
 * DEFAULT_RULES in src/quality/checks/rules.ts as of this migration); the bank tunes them in the
 * table. One unresolved issue per (rule, subject, field), held by the database. An index on
 * source_record's national id for the uniqueness re-check of changed records.
 */
const DEFAULT_RULES: [code: string, kind: string, check: string, parameters: unknown, severity: string, description: string][] = [
  ['NATIONAL_ID_VALID', 'VALIDITY', 'nationalIdValid', {}, 'ERROR',
    'National id rejected by standardization (CN resident id: check digit, length or embedded date)'],
  ['RESIDENT_ID_BIRTH_DATE', 'VALIDITY', 'residentIdBirthDate', {}, 'WARNING',
    "CN resident id's birth date differs from the record's date of birth"],
  ['PHONE_VALID', 'VALIDITY', 'phoneFormat', { mobileOnly: false }, 'WARNING',
    'Phone number that is not a valid number in its numbering plan'],
  ['EMAIL_VALID', 'VALIDITY', 'emailFormat', {}, 'WARNING',
    'E-mail address that is not an address'],
  ['DATE_OF_BIRTH_RANGE', 'VALIDITY', 'dateRange', { earliest: '1900-01-01', minAgeYears: 0 }, 'ERROR',
    'Date of birth not a date, in the future or before 1900'],
  ['REQUIRED_FIELDS', 'COMPLETENESS', 'requiredFields',
    { bySystem: { core_banking: ['name', 'dateOfBirth', 'nationalId', 'phone'], cards: ['name', 'dateOfBirth', 'phone', 'email'], loans: ['name', 'dateOfBirth', 'nationalId', 'phone'] } }, 'WARNING',
    'A field the source system is expected to fill is missing (KYC: id and birth date for accounts and loans; contact for cards)'],
  ['CROSS_SOURCE_CONSISTENCY', 'CONSISTENCY', 'crossSourceConsistency', { fields: ['dateOfBirth', 'nationalId', 'name'] }, 'WARNING',
    'Linked source records of one customer disagree on date of birth, national id or name'],
  ['UNIQUE_NATIONAL_ID', 'UNIQUENESS', 'uniqueNationalId', {}, 'ERROR',
    'One national id on two or more active golden customers (a missed merge or a wrong id)'],
  ['SOURCE_FRESHNESS', 'TIMELINESS', 'sourceFreshness', { maxAgeMinutes: 1440 }, 'ERROR',
    'A source system not read to its end within its expected interval (default a day)'],
];

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

export class Migration20261202600000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "dq_rule" ("id" serial primary key, "code" text not null, "kind" text not null, "check_name" text not null,
      "parameters" jsonb not null default '{}', "severity" text not null, "enabled" boolean not null default true, "description" text not null,
      "updated_at" timestamptz not null default now(), "updated_by" text null);`);
    this.addSql(`alter table "dq_rule" add constraint "dq_rule_code_unique" unique ("code");`);
    this.addSql(`create table "dq_issue" ("id" bigserial primary key, "rule_id" int not null, "severity" text not null, "subject_key" text not null,
      "source_record_id" bigint null, "golden_id" uuid null, "system" text null, "field" text not null default '', "reason" text not null,
      "detail" jsonb null, "status" text not null default 'OPEN', "first_seen_at" timestamptz not null, "last_seen_at" timestamptz not null,
      "resolved_at" timestamptz null, "acknowledged_by" text null, "acknowledged_at" timestamptz null, "acknowledge_reason" text null);`);
    this.addSql(`create index "dq_issue_golden_id_index" on "dq_issue" ("golden_id");`);
    this.addSql(`create index "dq_issue_source_record_id_index" on "dq_issue" ("source_record_id");`);
    this.addSql(`create index "dq_issue_status_rule_id_index" on "dq_issue" ("status", "rule_id");`);
    this.addSql(`create index "dq_issue_first_seen_at_index" on "dq_issue" ("first_seen_at");`);
    this.addSql(`create unique index "dq_issue_unresolved_unique" on "dq_issue" ("rule_id", "subject_key", "field") where "status" <> 'RESOLVED';`);
    // the uniqueness re-check of a changed record looks up who else holds its national id: without
    // this, every such job would scan source_record (ingest's table; the index serves only this read)
    this.addSql(`create index "source_record_national_id_index" on "source_record" ("national_id") where "national_id" is not null;`);
    for (const [code, kind, check, parameters, severity, description] of DEFAULT_RULES) {
      this.addSql(`insert into "dq_rule" ("code", "kind", "check_name", "parameters", "severity", "description") values (${literal(code)}, ${literal(kind)}, ${literal(check)}, ${literal(JSON.stringify(parameters))}::jsonb, ${literal(severity)}, ${literal(description)});`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "source_record_national_id_index";`);
    this.addSql(`drop table if exists "dq_issue";`);
    this.addSql(`drop table if exists "dq_rule";`);
  }
}
