import { Migration } from '@mikro-orm/migrations';

/**
 * Access log entries say more about how a person's data was reached: `searched` lists the data
 * categories a search or filter ran on (a search answering only ids still reveals who holds a
 * phone), `consent_refs` the consent statements a read relied on. Entries written before have
 * both empty, and the chain hashes them only when non-empty, so earlier seals still verify.
 */
export class Migration20261202000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "access_log" add column "searched" text[] not null default '{}', add column "consent_refs" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "access_log" drop column "searched", drop column "consent_refs";`);
  }
}
