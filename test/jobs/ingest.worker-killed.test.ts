/**
 * A worker process killed (SIGKILL) in the middle of an ingest, then started again, ends with
 * exactly the source's rows in the hub: nothing lost, nothing twice.
 */
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { startCardApiServer } from '../../src/sample/cards/card-api.server';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { spawnHub } from '../support/hub-process';
import { hubCounts, SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';
import { newSealKey } from '../support/seal-key';

let hub: SampleHub;
let slowCards: { url: string; close(): Promise<void> };

beforeAll(async () => {
  hub = await startSampleHub('worker_killed', 1500);
  // a slower cards API keeps the sync running long enough to be interrupted
  slowCards = await startCardApiServer({ pool: hub.sources, schema: SCHEMAS.cards, port: 0, delayMs: 40 });
});
afterAll(async () => {
  await slowCards?.close();
  await hub?.close();
});

const recordsIn = async () => {
  const [{ n }] = await hub.orm.em.fork().execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM source_record`);
  return n;
};

it('resumes after a kill -9 and ends with exact counts', async () => {
  const env = {
    HUB_ROLE: 'worker',
    DATABASE_URL: hub.db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueRedisPrefix('killed').replace(/:/g, '_'),
    CORE_BANKING_DATABASE_URL: hub.db.url,
    LOANS_DATABASE_URL: hub.db.url,
    CARDS_API_URL: slowCards.url,
    JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-chars',
    AUDIT_SIGNING_KEY: newSealKey().privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    INGEST_PAGE_SIZE: '25',
    WORKER_LOCK_MS: '2000',
  };
  const expected = await hub.sourceRowCounts();
  const total = Object.values(expected).reduce((a, b) => a + b, 0);

  const first = spawnHub(env);
  const until = Date.now() + 60_000;
  while ((await recordsIn()) < 50) {
    if (Date.now() > until) throw new Error(`worker made no progress:\n${first.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await first.kill('SIGKILL');
  const atKill = await recordsIn();
  expect(atKill).toBeLessThan(total);

  const second = spawnHub(env);
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const states = await hub.orm.em.fork().execute<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM connector_state WHERE status = 'IDLE' AND caught_up_at IS NOT NULL`,
      );
      if (states[0].n === SOURCE_SYSTEMS.length) break;
      if (Date.now() > deadline) throw new Error(`not caught up:\n${second.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await second.kill();
  }
  for (const system of SOURCE_SYSTEMS) {
    const c = await hubCounts(hub.orm, system);
    expect(c.records + c.quarantined_keys).toBe(expected[system]);
  }
  // every committed row was counted once: the sum of the per-page figures equals what is stored
  const [{ seen }] = await hub.orm.em.fork().execute<{ seen: number }[]>(
    `SELECT sum(total_rows_seen)::int AS seen FROM connector_state`,
  );
  expect(seen).toBe(total);
});
