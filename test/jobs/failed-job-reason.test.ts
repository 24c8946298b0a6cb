/**
 * A job that fails on a database error leaves no value behind: the queue store keeps the job's
 * failure (failedReason, shown by dashboards) and the hub logs it, and a MikroORM error's message
 * carries the statement with its parameters inlined — here a made-up phone number.
 */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { Writable } from 'node:stream';
import { logJobFailures } from '../../jobs/job-log';
import { createQueueBackend, type QueueBackend } from '../../jobs/queue-backend';
import { initOrm } from '../../src/orm';
import { createTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix, type TestDatabase } from '../support/database';

const SECRET = '+8613912345678';

let db: TestDatabase;
let orm: MikroORM;
let backend: QueueBackend;

beforeAll(async () => {
  db = await createTestDatabase('failed_job_reason');
  orm = await initOrm(db.url, { poolMax: 2 });
  backend = await createQueueBackend({ kind: 'redis', url: TEST_REDIS_URL, prefix: uniqueRedisPrefix('failed_reason').replace(/:/g, '_') });
}, 120_000);

afterAll(async () => {
  await backend?.close();
  await orm?.close();
  await db?.drop();
});

it('keeps and logs a database failure by its code, never the statement with its values', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const queue = backend.queue('failing');
  const worker = backend.worker('failing', async () => {
    // fails in PostgreSQL (division by zero) with the phone inlined into the statement's text
    await orm.em.fork().execute(`SELECT 1 / 0 WHERE ? <> ''`, [SECRET]);
  });
  logJobFailures(worker, 'failing', logger);
  const job = await queue.add('fail', {}, { attempts: 1 });
  const until = Date.now() + 30_000;
  while (!(await job.isFailed())) {
    if (Date.now() > until) throw new Error('the job did not fail');
    await new Promise((r) => setTimeout(r, 100));
  }
  const stored = await queue.getJob(job.id!);
  expect(stored?.failedReason).toMatch(/^PostgreSQL 22012/);
  expect(JSON.stringify(stored)).not.toContain(SECRET);
  expect(lines.join('')).toContain('22012');
  expect(lines.join('')).not.toContain(SECRET);
  await worker.close();
});
