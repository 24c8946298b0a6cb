import { Migration } from '@mikro-orm/migrations';

/**
 * Customer search: every source record's findable values as one array (name words in
 * comparison form and pinyin, the Han name written together, national id, phones in E.164,
 * e-mails), a generated column so ingest and existing rows need no code to fill it. Searching
 * all linked records, not only the survived values, finds a customer by an older phone too.
 */
export class Migration20261123153000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "source_record" add column "search_terms" text[] generated always as (${SEARCH_TERMS_EXPRESSION}) stored;`);
    this.addSql(`create index "source_record_search_terms_index" on "source_record" using gin ("search_terms");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "source_record" drop column "search_terms";`);
  }
}

export const SEARCH_TERMS_EXPRESSION = `array_remove(
  array[family_name, family_name_pinyin, given_name_pinyin, family_name || given_name, national_id]
  || coalesce(string_to_array(given_name, ' '), '{}')
  || phones || emails, null)`;
