/**
 * The ingest queues on both backends the hub supports: Redis (REDIS_URL set) and BullMQ's
 * PostgreSQL backend (the zero-setup default), with the same assertions.
 */
import { SOURCE_SYSTEMS, type SourceSystem } from '../../connectors/contract';
import { IngestQueues, ingestQueueName } from '../../jobs/ingest.queue';
import { startIngestWorkers } from '../../jobs/ingest.worker';
import { createQueueBackend, type QueueBackend, type QueueBackendOptions } from '../../jobs/queue-backend';
import { IngestService, type SyncResult } from '../../src/ingest/ingest.service';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { hubCounts, startSampleHub, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
beforeAll(async () => {
  hub = await startSampleHub('ingest_worker', 300);
});
afterAll(() => hub?.close());

const backends: [string, () => QueueBackendOptions][] = [
  ['redis', () => ({ kind: 'redis', url: TEST_REDIS_URL, prefix: uniqueRedisPrefix('ingest_worker') })],
  ['postgres', () => ({ kind: 'postgres', url: hub.db.url, schema: 'bullmq' })],
];

describe.each(backends)('ingest jobs on the %s backend', (_name, options) => {
  let backend: QueueBackend;
  let queues: IngestQueues;
  const synced: SyncResult[] = [];

  beforeAll(async () => {
    await hub.orm.em.fork().execute(`TRUNCATE source_consent, source_record, quarantined_row, connector_state`);
    backend = await createQueueBackend(options());
    queues = new IngestQueues(backend, SOURCE_SYSTEMS, { attempts: 3 });
  });
  afterAll(() => backend?.close());

  const waitFor = async (check: () => boolean | Promise<boolean>, ms = 30000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('asking twice while a sync waits queues it once', async () => {
    const first = await queues.requestSync('core_banking');
    const second = await queues.requestSync('core_banking');
    expect(second).toBe(first);
    expect(await queues.queue('core_banking').getWaitingCount()).toBe(1);
  });

  it('workers sync every connector into the hub', async () => {
    for (const s of ['cards', 'loans'] as SourceSystem[]) await queues.requestSync(s);
    const workers = startIngestWorkers({
      backend,
      ingest: new IngestService(hub.orm),
      connectors: hub.connectors,
      pageSize: 64,
      lockDurationMs: 5000,
      onSynced: (r) => synced.push(r),
    });
    await waitFor(() => synced.length === 3);
    const expected = await hub.sourceRowCounts();
    for (const system of SOURCE_SYSTEMS) {
      const c = await hubCounts(hub.orm, system);
      expect(c.records + c.quarantined_keys).toBe(expected[system]);
    }
    await Promise.all(workers.map((w) => w.close()));
  });

  it('a job with a bad payload fails at once, without retries', async () => {
    const queue = queues.queue('loans');
    const job = await queue.add('sync-connector', { system: 'mainframe' } as never, { attempts: 5 });
    const worker = startIngestWorkers({
      backend,
      ingest: new IngestService(hub.orm),
      connectors: new Map([['loans', hub.connectors.get('loans')!]]),
      pageSize: 64,
      lockDurationMs: 5000,
    })[0];
    await waitFor(async () => (await queue.getJobState(job.id!)) === 'failed');
    const failed = await queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/names no connector/);
    await worker.close();
  });

  it('schedules one repeatable sync per connector', async () => {
    await queues.schedule(60_000);
    await queues.schedule(30_000); // restart with a new interval updates in place
    for (const system of SOURCE_SYSTEMS) {
      const schedulers = await queues.queue(system).getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: `ingest-${system}-schedule`, every: 30_000 });
    }
    expect(ingestQueueName('cards')).toBe('ingest-cards');
  });
});
