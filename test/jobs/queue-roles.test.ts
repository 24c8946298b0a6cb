/**
 * The job queues on PostgreSQL with the two database roles (README "Database roles"): the owner
 * makes the queue schema, and the hub's runtime role adds, schedules and processes jobs in it.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createQueueBackend, type QueueBackend } from '../../jobs/queue-backend';
import { initOrm } from '../../src/orm';
import { ADMIN_DATABASE_URL, createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let backend: QueueBackend | undefined;
const role = `hubtest_q_${randomBytes(4).toString('hex')}`;

async function admin(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('queue_roles');
  await (await initOrm(db.url, { poolMax: 1 })).close();
  await admin(db.url, `CREATE ROLE ${role} LOGIN IN ROLE customer_hub_runtime`);
});

afterAll(async () => {
  await backend?.close();
  await db?.drop();
  await admin(ADMIN_DATABASE_URL, `DROP ROLE IF EXISTS ${role}`);
});

it('the runtime role adds, schedules and processes jobs in the queue schema the owner made', async () => {
  const runtime = new URL(db.url);
  runtime.username = role;
  backend = await createQueueBackend({ kind: 'postgres', url: runtime.toString(), schema: 'bullmq', owner: { url: db.url, grantTo: 'customer_hub_runtime' } });
  const seen: number[] = [];
  const processed = new Promise<void>((resolve) => {
    backend!.worker<{ n: number }>('roles', async (job) => {
      seen.push(job.data.n);
      if (seen.includes(42) && seen.includes(7)) resolve();
    });
  });
  const queue = backend.queue<{ n: number }>('roles');
  await queue.add('one', { n: 42 });
  await queue.upsertJobScheduler('every-second', { every: 1000 }, { name: 'scheduled', data: { n: 7 } });
  await processed;
  await queue.removeJobScheduler('every-second');
  expect(seen).toEqual(expect.arrayContaining([42, 7]));
}, 120_000);
