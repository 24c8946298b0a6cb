/**
 * Writes a migration for the difference between the entities and the schema that the existing
 * migrations build. Runs the existing ones on a scratch database of the PostgreSQL at
 * MIGRATION_DATABASE_URL (default: the local test server), diffs, and drops the scratch database.
 *   npm run migration:create
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { initOrm } from '../src/orm.js';

async function main(): Promise<void> {
  const admin = process.env.MIGRATION_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `hub_migration_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const orm = await initOrm(url.toString());
    const result = await orm.getMigrator().createMigration('src/db/migrations');
    await orm.close();
    console.log(result.fileName ? `wrote src/db/migrations/${result.fileName}; add it to src/db/migrations/index.ts` : 'entities and migrations agree: nothing to write');
  } finally {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
