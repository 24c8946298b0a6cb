import { Migration } from '@mikro-orm/migrations';

export class Migration20261123141959 extends Migration {

  override async up(): Promise<void> {
    // Matching looks records up by blocking key all the time; GIN's fast-update pending list
    // (unsorted, scanned by every lookup) made those lookups seconds slow right after inserts.
    this.addSql(`alter index "source_record_blocking_keys_index" set (fastupdate = off);`);

    this.addSql(`create table "golden_customer" ("id" uuid not null, "version" int not null default 1, "status" text not null default 'ACTIVE', "merged_into" uuid null, "attributes" jsonb not null default '{}', "provenance" jsonb not null default '{}', "record_count" int not null default 0, "created_at" timestamptz not null default clock_timestamp(), "updated_at" timestamptz not null default clock_timestamp(), constraint "golden_customer_pkey" primary key ("id"));`);
    this.addSql(`create index "golden_customer_merged_into_index" on "golden_customer" ("merged_into");`);

    this.addSql(`create table "golden_event" ("id" bigserial primary key, "golden_id" uuid not null, "type" text not null, "actor" text not null, "reason" text null, "details" jsonb not null default '{}', "before" jsonb null, "after" jsonb null, "at" timestamptz not null default clock_timestamp());`);
    this.addSql(`create index "golden_event_golden_id_at_index" on "golden_event" ("golden_id", "at");`);

    this.addSql(`create table "match_candidate" ("id" bigserial primary key, "record_a" bigint not null, "record_b" bigint not null, "weight" double precision not null, "probability" double precision not null, "explanation" jsonb not null, "status" text not null, "decided_by" text null, "decided_at" timestamptz null, "model_id" int null, "scored_at" timestamptz not null default now());`);
    this.addSql(`create index "match_candidate_status_index" on "match_candidate" ("status");`);
    this.addSql(`create index "match_candidate_record_b_index" on "match_candidate" ("record_b");`);
    this.addSql(`alter table "match_candidate" add constraint "match_candidate_record_a_record_b_unique" unique ("record_a", "record_b");`);

    this.addSql(`create table "match_model" ("id" serial primary key, "model" jsonb not null, "settings" jsonb not null, "report" jsonb not null default '{}', "created_at" timestamptz not null default now());`);

    this.addSql(`create table "match_run" ("id" serial primary key, "status" text not null default 'RUNNING', "model_id" int null, "stats" jsonb not null default '{}', "error" text null, "started_at" timestamptz not null default now(), "finished_at" timestamptz null);`);

    this.addSql(`alter table "source_record" add column "golden_id" uuid null, add column "link_type" text null, add column "match_pending_since" timestamptz null;`);
    this.addSql(`create index "source_record_match_pending_index" on "source_record" ("match_pending_since") where "match_pending_since" is not null;`);
    this.addSql(`create index "source_record_golden_id_index" on "source_record" ("golden_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "golden_customer" cascade;`);

    this.addSql(`drop table if exists "golden_event" cascade;`);

    this.addSql(`drop table if exists "match_candidate" cascade;`);

    this.addSql(`drop table if exists "match_model" cascade;`);

    this.addSql(`drop table if exists "match_run" cascade;`);

    this.addSql(`alter index "source_record_blocking_keys_index" reset (fastupdate);`);
    this.addSql(`drop index "source_record_match_pending_index";`);
    this.addSql(`drop index "source_record_golden_id_index";`);
    this.addSql(`alter table "source_record" drop column "golden_id", drop column "link_type", drop column "match_pending_since";`);
  }

}
