/**
 * README "Database roles" as an operator follows it on a real PostgreSQL: its SQL, run as a
 * superuser, makes an owner that is no superuser and cannot create roles, which migrates the
 * hub, and an application role the hub's start-up check accepts, and which cannot rewrite the log.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { initOrm } from '../../src/orm';
import { inspectRuntimeRole, runtimeRoleProblems } from '../../src/db/runtime-role';
import { ADMIN_DATABASE_URL } from '../support/database';

const suffix = randomBytes(4).toString('hex');
const OWNER = `hubtest_owner_${suffix}`;
const APP = `hubtest_app_${suffix}`;
const DATABASE = `hubtest_readme_${suffix}`;

async function run(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const urlOf = (user: string) => {
  const u = new URL(ADMIN_DATABASE_URL);
  u.username = user;
  u.password = '';
  u.pathname = `/${DATABASE}`;
  return u.toString();
};

afterAll(async () => {
  await run(ADMIN_DATABASE_URL, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await run(ADMIN_DATABASE_URL, `DROP ROLE IF EXISTS ${APP}`);
  await run(ADMIN_DATABASE_URL, `DROP ROLE IF EXISTS ${OWNER}`);
});

it("the README's SQL gives an owner that migrates without being a superuser and an app role the hub accepts", async () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const block = /### Database roles[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const statements = block!
    .split('\n').map((l) => l.replace(/--.*$/, '')).join('\n')
    .split(';').map((s) => s.trim()).filter(Boolean)
    .map((s) => s.replace(/customer_hub_owner/g, OWNER).replace(/customer_hub_app/g, APP).replace(/DATABASE customer_hub\b/g, `DATABASE ${DATABASE}`));
  expect(statements).toHaveLength(4);
  for (const statement of statements) {
    try {
      await run(ADMIN_DATABASE_URL, statement);
    } catch (err) {
      // the server's one customer_hub_runtime may exist already (other hub databases, other tests)
      if (!(/customer_hub_runtime NOLOGIN/.test(statement) && (err as { code?: string }).code === '42710')) throw err;
    }
  }

  const owner = await initOrm(urlOf(OWNER), { poolMax: 1 });
  await owner.close();
  const app = await initOrm(urlOf(APP), { migrate: false, poolMax: 1 });
  try {
    expect(runtimeRoleProblems(await inspectRuntimeRole(app))).toEqual([]);
    await app.em.fork().execute(`INSERT INTO access_log (actor, role, request_id, outcome) VALUES ('a', 'APP', 'r', 'OK')`);
    await expect(app.em.fork().execute(`ALTER TABLE access_log DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(app.em.fork().execute(`DELETE FROM access_log`)).rejects.toThrow(/permission denied/);
    // the rest of the hub reads and writes as before
    await app.em.fork().execute(`UPDATE segment_rule SET updated_by = 'readme-test' WHERE id = (SELECT min(id) FROM segment_rule)`);
  } finally {
    await app.close();
  }
  // and the owner, as the hub would be without DATABASE_OWNER_URL, is named for what it could do
  const asOwner = await initOrm(urlOf(OWNER), { migrate: false, poolMax: 1 });
  try {
    expect(runtimeRoleProblems(await inspectRuntimeRole(asOwner))).toEqual(['owns the access log tables (can disable their triggers)']);
  } finally {
    await asOwner.close();
  }
});
