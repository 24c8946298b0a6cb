/**
 * The quality queue on Redis: a records job re-checks what it names, a sweep job checks
 * everything, a second sweep asked for while one waits is the same job, and a malformed payload
 * fails at once instead of retrying.
 */
import type { Worker } from 'bullmq';
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { QualityQueue } from '../../jobs/quality.queue';
import { startQualityWorker } from '../../jobs/quality.worker';
import { createQueueBackend, type QueueBackend } from '../../jobs/queue-backend';
import { QualityService, type SweepResult } from '../../src/quality/quality.service';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';
import { waitFor } from '../support/wait-for';

let hub: SampleHub;
let backend: QueueBackend;
let worker: Worker;
let queue: QualityQueue;
const sweeps: SweepResult[] = [];

beforeAll(async () => {
  hub = await startMatchedHub('quality_worker', 80);
  backend = await createQueueBackend({ kind: 'redis', url: TEST_REDIS_URL, prefix: uniqueRedisPrefix('quality_worker') });
  queue = new QualityQueue(backend, 1);
  const quality = new QualityService(hub.orm, { systems: [...SOURCE_SYSTEMS], pageSize: 50 }, queue);
  worker = startQualityWorker({ backend, quality, lockDurationMs: 30_000, onSweep: (r) => sweeps.push(r) });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await backend?.close();
  await hub?.close();
});

const openIssues = async () => (await hub.orm.em.fork().execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM dq_issue WHERE status <> 'RESOLVED'`))[0]!.n;

it('a records job checks the records it names', async () => {
  const ids = (await hub.orm.em.fork().execute<{ id: string }[]>(`SELECT id::text FROM source_record ORDER BY id`)).map((r) => r.id);
  await queue.checkRecords(ids);
  await waitFor('issues from the records job', async () => (await openIssues()) > 0, { ms: 30_000 });
  const checked = await hub.orm.em.fork().execute<{ n: number }[]>(`SELECT count(DISTINCT source_record_id)::int AS n FROM dq_issue`);
  expect(checked[0]!.n).toBeGreaterThan(0);
});

it('a sweep checks everything; asking again while it waits gives the same job', async () => {
  await worker.pause();
  const first = await queue.requestSweep('manual');
  const second = await queue.requestSweep('schedule');
  expect(second).toBe(first);
  worker.resume();
  await waitFor('the sweep', async () => sweeps.length === 1, { ms: 60_000 });
  expect(sweeps[0]!.records).toBe(Number((await hub.orm.em.fork().execute<{ n: string }[]>(`SELECT count(*) AS n FROM source_record`))[0]!.n));
  expect(sweeps[0]!.customers).toBeGreaterThan(0);
});

it('a malformed records job fails at once', async () => {
  const job = await queue.queue.add('quality-records', { kind: 'records', recordIds: ['1; drop table'] }, { attempts: 5 });
  await waitFor('the job to fail', async () => (await job.getState()) === 'failed', { ms: 30_000 });
  const failed = await queue.queue.getJob(job.id!);
  expect(failed!.attemptsMade).toBe(1);
  expect(failed!.failedReason).toMatch(/no valid record ids/);
});
