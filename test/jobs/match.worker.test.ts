/**
 * The match queue end to end on both backends: ingest pages queue their changed records, the
 * first incremental job finds no model and asks for a batch, the batch links everything, and
 * records changed later are matched incrementally, without anyone calling matching by hand.
 */
import type { Worker } from 'bullmq';
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { IngestQueues } from '../../jobs/ingest.queue';
import { startIngestWorkers } from '../../jobs/ingest.worker';
import { MatchQueue } from '../../jobs/match.queue';
import { startMatchWorker } from '../../jobs/match.worker';
import { createQueueBackend, type QueueBackend, type QueueBackendOptions } from '../../jobs/queue-backend';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../../src/golden/survivorship/survivorship-policy';
import { IngestService } from '../../src/ingest/ingest.service';
import { DEFAULT_MATCH_SETTINGS } from '../../src/matching/engine/index';
import { BatchMatcher } from '../../src/matching/batch-match.service';
import { IncrementalMatcher } from '../../src/matching/incremental-match.service';
import { updateSample } from '../../src/sample/generator/index';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
beforeAll(async () => {
  hub = await startSampleHub('match_worker', 250);
});
afterAll(() => hub?.close());

const settings = { match: DEFAULT_MATCH_SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY };
const sql = <T>(text: string) => hub.orm.em.fork().execute<T[]>(text);

const waitFor = async (check: () => Promise<boolean>, ms = 60_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
};

const allMatched = async () => {
  const [r] = await sql<{ unlinked: number; pending: number; total: number }>(
    `SELECT count(*) FILTER (WHERE golden_id IS NULL AND NOT deleted)::int AS unlinked,
            count(*) FILTER (WHERE match_pending_since IS NOT NULL)::int AS pending, count(*)::int AS total FROM source_record`,
  );
  return r.total > 0 && r.unlinked === 0 && r.pending === 0;
};

const backends: [string, () => QueueBackendOptions][] = [
  ['redis', () => ({ kind: 'redis', url: TEST_REDIS_URL, prefix: uniqueRedisPrefix('match_worker') })],
  ['postgres', () => ({ kind: 'postgres', url: hub.db.url, schema: 'bullmq' })],
];

describe.each(backends)('match jobs on the %s backend', (_name, options) => {
  let backend: QueueBackend;
  const workers: Worker[] = [];

  beforeAll(async () => {
    await sql(`TRUNCATE source_consent, source_record, quarantined_row, connector_state, match_candidate, match_model, match_run, golden_customer, golden_event`);
    backend = await createQueueBackend(options());
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await backend?.close();
  });

  it('ingest queues matching; with no model yet a batch runs; every record ends linked', async () => {
    const matchQueue = new MatchQueue(backend, 3);
    const ingestQueues = new IngestQueues(backend, SOURCE_SYSTEMS, { attempts: 3 });
    workers.push(
      startMatchWorker({
        backend,
        queue: matchQueue,
        incremental: new IncrementalMatcher(hub.orm, settings),
        batch: new BatchMatcher(hub.orm, settings),
        lockDurationMs: 10_000,
      }),
      ...startIngestWorkers({
        backend,
        ingest: new IngestService(hub.orm),
        connectors: hub.connectors,
        pageSize: 100,
        lockDurationMs: 10_000,
        onChanged: (ids) => matchQueue.matchRecords(ids),
      }),
    );
    await matchQueue.schedulePendingSweep(1000);
    for (const system of SOURCE_SYSTEMS) await ingestQueues.requestSync(system);
    await waitFor(allMatched);
    const [runs] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM match_run WHERE status = 'DONE'`);
    expect(runs.n).toBeGreaterThanOrEqual(1);

    // later changes at the source are matched incrementally, through the queue
    const [{ last }] = await sql<{ last: string }>(`SELECT max(id)::text AS last FROM source_record`);
    const update = await updateSample(hub.sources, SCHEMAS, { seed: 5, changes: 30, now: new Date('2026-06-01T00:00:00Z') });
    expect(update.coreBanking.added + update.cards.added + update.loans.added).toBeGreaterThan(0);
    for (const system of SOURCE_SYSTEMS) await ingestQueues.requestSync(system);
    await waitFor(async () => {
      const [fresh] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM source_record WHERE id > ${Number(last)} AND golden_id IS NOT NULL`);
      return fresh.n > 0 && (await allMatched());
    });
  });

  it('a match job with a bad payload fails at once, without retries', async () => {
    const queue = new MatchQueue(backend, 5).queue;
    const job = await queue.add('match-records', { kind: 'records', recordIds: ['1; DROP TABLE x'] }, { attempts: 5 });
    await waitFor(async () => (await queue.getJobState(job.id!)) === 'failed');
    expect((await queue.getJob(job.id!))?.attemptsMade).toBe(1);
  });
});
