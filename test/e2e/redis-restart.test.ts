/**
 * Redis restarted without persistence while a worker ingests: it comes back empty — no job
 * schedulers, no queued jobs. The worker notices the reconnection and puts its schedules and
 * pending work back on its own: every scheduler is there again, every source is read to its end
 * and every record is matched, without anyone restarting the worker. The Redis here is the
 * test's own (killed and started again); the shared one is never touched.
 */
import { Queue } from 'bullmq';
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { startCardApiServer } from '../../src/sample/cards/card-api.server';
import { spawnHub, type HubProcess } from '../support/hub-process';
import { startOwnRedis, type OwnRedis } from '../support/redis-server';
import { hubCounts, SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';
import { waitFor as waitUntil } from '../support/wait-for';

const QUEUES = ['ingest-core_banking', 'ingest-cards', 'ingest-loans', 'match', 'segments', 'quality', 'audit-seal'];
const PREFIX = 'hub_restart';

let hub: SampleHub;
let redis: OwnRedis;
let slowCards: { url: string; close(): Promise<void> };
let worker: HubProcess | undefined;

beforeAll(async () => {
  hub = await startSampleHub('redis_restart', 800);
  // a slower cards API keeps the ingest under way when Redis goes
  slowCards = await startCardApiServer({ pool: hub.sources, schema: SCHEMAS.cards, port: 0, delayMs: 40 });
  redis = await startOwnRedis();
});
afterAll(async () => {
  await worker?.kill();
  await redis?.close();
  await slowCards?.close();
  await hub?.close();
});

const sql = async <T>(text: string) => hub.orm.em.fork().execute<T[]>(text);

async function schedulers(): Promise<number> {
  const queues = QUEUES.map((name) => new Queue(name, { connection: { url: redis.url }, prefix: PREFIX }));
  try {
    const counts = await Promise.all(queues.map((q) => q.getJobSchedulersCount()));
    return counts.reduce((a, b) => a + b, 0);
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

const waitFor = (what: string, check: () => Promise<boolean>, ms = 150_000) =>
  waitUntil(what, check, { ms, every: 500, output: () => worker?.output() });

it('re-creates its schedules and finishes the pending work after Redis comes back empty', async () => {
  worker = spawnHub({
    HUB_ROLE: 'worker',
    DATABASE_URL: hub.db.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: PREFIX,
    CORE_BANKING_DATABASE_URL: hub.db.url,
    LOANS_DATABASE_URL: hub.db.url,
    CARDS_API_URL: slowCards.url,
    JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-chars',
    INGEST_PAGE_SIZE: '25',
    MATCH_SWEEP_EVERY_MS: '2000',
    WORKER_LOCK_MS: '5000',
  });
  await waitFor('scheduled', async () => (await schedulers()) === QUEUES.length);
  await waitFor('ingesting', async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM source_record`))[0].n >= 50);

  // under load: Redis dies mid-ingest and comes back with nothing
  await redis.kill();
  await new Promise((r) => setTimeout(r, 2000));
  await redis.start();

  await waitFor('re-scheduled', async () => (await schedulers()) === QUEUES.length);
  const expected = await hub.sourceRowCounts();
  await waitFor('caught up', async () => {
    for (const system of SOURCE_SYSTEMS) {
      const c = await hubCounts(hub.orm, system);
      if (c.records + c.quarantined_keys !== expected[system]) return false;
    }
    const [s] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM connector_state WHERE status = 'IDLE' AND caught_up_at IS NOT NULL`);
    return s.n === SOURCE_SYSTEMS.length;
  });
  await waitFor('all matched', async () => {
    const [r] = await sql<{ pending: number; unlinked: number }>(
      `SELECT count(*) FILTER (WHERE match_pending_since IS NOT NULL)::int AS pending,
              count(*) FILTER (WHERE golden_id IS NULL AND NOT deleted)::int AS unlinked FROM source_record`,
    );
    return r.pending === 0 && r.unlinked === 0;
  });
  expect(await schedulers()).toBe(QUEUES.length);
}, 400_000);
