import { Migration } from '@mikro-orm/migrations';

export class Migration20261123111415 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "connector_state" ("system" text not null, "watermark" jsonb null, "status" text not null default 'IDLE', "last_run_started_at" timestamptz null, "last_run_finished_at" timestamptz null, "caught_up_at" timestamptz null, "last_run_rows_seen" int not null default 0, "last_run_rows_changed" int not null default 0, "last_run_rows_quarantined" int not null default 0, "total_rows_seen" bigint not null default 0, "total_rows_changed" bigint not null default 0, "total_rows_quarantined" bigint not null default 0, "last_error" text null, "last_error_at" timestamptz null, constraint "connector_state_pkey" primary key ("system"));`);

    this.addSql(`create table "quarantined_row" ("id" bigserial primary key, "system" text not null, "source_key" text null, "reason" text not null, "detail" text not null, "raw" text not null, "raw_hash" text not null, "first_seen_at" timestamptz not null default now(), "last_seen_at" timestamptz not null default now(), "times_seen" int not null default 1, "resolved_at" timestamptz null);`);
    this.addSql(`create index "quarantined_row_system_source_key_index" on "quarantined_row" ("system", "source_key");`);
    this.addSql(`alter table "quarantined_row" add constraint "quarantined_row_system_raw_hash_unique" unique ("system", "raw_hash");`);

    this.addSql(`create table "source_record" ("id" bigserial primary key, "system" text not null, "source_key" text not null, "content_hash" text not null, "raw" jsonb not null, "source_updated_at" timestamptz not null, "given_name" text null, "family_name" text null, "full_name" text null, "name_script" text null, "given_name_pinyin" text null, "family_name_pinyin" text null, "date_of_birth" date null, "national_id" text null, "national_id_type" text null, "gender" text null, "phones" text[] not null default '{}', "emails" text[] not null default '{}', "address_tokens" text[] not null default '{}', "postcode" text null, "city" text null, "standardization_flags" jsonb not null default '[]', "blocking_keys" text[] not null default '{}', "deleted" boolean not null default false, "first_seen_at" timestamptz not null default now(), "last_seen_at" timestamptz not null default now(), "last_changed_at" timestamptz not null default now());`);
    this.addSql(`create index "source_record_blocking_keys_index" on "source_record" using gin ("blocking_keys");`);
    this.addSql(`alter table "source_record" add constraint "source_record_system_source_key_unique" unique ("system", "source_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "connector_state" cascade;`);

    this.addSql(`drop table if exists "quarantined_row" cascade;`);

    this.addSql(`drop table if exists "source_record" cascade;`);
  }

}
