/** The audit-seal job on Redis: seals every entry, and a rerun (scheduled or on demand) changes nothing. */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { QueueEvents } from 'bullmq';
import { AuditSealQueue, AUDIT_SEAL_QUEUE } from '../../jobs/audit-seal.queue';
import { startAuditSealWorker } from '../../jobs/audit-seal.worker';
import { createQueueBackend, type QueueBackend } from '../../jobs/queue-backend';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { AccessLogWriter } from '../../src/audit/access-log.writer';
import { AuditService } from '../../src/audit/audit.service';
import { AccessLogSealer } from '../../src/audit/sealer';
import { initOrm } from '../../src/orm';
import { createTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix, type TestDatabase } from '../support/database';
import IORedis from 'ioredis';
import { TEST_SEAL_KEY } from '../support/seal-key';

let db: TestDatabase;
let orm: MikroORM;
let backend: QueueBackend;
let events: QueueEvents;
let redis: IORedis;
const prefix = uniqueRedisPrefix('audit_seal');

beforeAll(async () => {
  db = await createTestDatabase('audit_seal');
  orm = await initOrm(db.url, { poolMax: 3 });
  backend = await createQueueBackend({ kind: 'redis', url: TEST_REDIS_URL, prefix });
  redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  events = new QueueEvents(AUDIT_SEAL_QUEUE, { connection: redis, prefix });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events?.close();
  redis?.disconnect();
  await backend?.close();
  await orm?.close();
  await db?.drop();
});

it('seals every entry in id order, and is idempotent', async () => {
  const repository = new AccessLogRepository(orm);
  const writer = new AccessLogWriter(repository);
  const entry = (i: number) => ({ actor: `a${i}`, role: 'APP', purpose: 'SERVICE', operation: 'Q', requestId: `r${i}`, clientAddress: null, subjectId: null, fieldsReturned: [], fieldsMasked: [], fieldsWithheld: [], outcome: 'OK' as const });
  for (let i = 0; i < 5; i++) await writer.write([entry(2 * i), entry(2 * i + 1)]);

  const results: number[] = [];
  startAuditSealWorker({ backend, sealer: new AccessLogSealer(repository, TEST_SEAL_KEY, { graceMs: 0, batchSize: 3 }), lockDurationMs: 5000, onSealed: (n) => results.push(n) });
  const queue = new AuditSealQueue(backend);
  const run = async () => {
    const id = await queue.requestSeal();
    const job = (await queue.queue.getJob(id!))!;
    return job.waitUntilFinished(events, 20_000);
  };

  expect(await run()).toEqual({ sealed: 10 });
  const seals = await orm.em.fork().execute<any[]>(`SELECT entry_id::int AS entry_id, seq::int AS seq, hash FROM access_log_seal ORDER BY seq`);
  expect(seals.map((s) => s.entry_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(seals.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  expect(await run()).toEqual({ sealed: 0 });
  expect(await orm.em.fork().execute<any[]>(`SELECT entry_id::int AS entry_id, seq::int AS seq, hash FROM access_log_seal ORDER BY seq`)).toEqual(seals);
  const audit = new AuditService(repository, new AccessLogSealer(repository, TEST_SEAL_KEY), 10, TEST_SEAL_KEY);
  expect(await audit.verify(new Date(Date.now() - 60_000), new Date(Date.now() + 60_000))).toMatchObject({ ok: true, checked: 10, firstBroken: null, unsigned: 0 });
});
