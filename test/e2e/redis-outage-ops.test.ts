/**
 * What an operator sees when Redis goes away for a few seconds and when a job fails: one
 * structured line when the outage starts and one when it ends (not a stack trace per client
 * per retry), `/health` 503 with `queue: false` while Redis is down and 200 again after, and one
 * structured line per failed job attempt (queue, job id, attempt, reason; no job data). The
 * Redis is the test's own; the cards source points at a port where nothing listens, so its
 * syncs fail.
 */
import { spawnHub, type HubProcess } from '../support/hub-process';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, startOwnRedis, type OwnRedis } from '../support/redis-server';
import { startSampleHub, type SampleHub } from '../support/sample-hub';
import { waitFor as waitUntil } from '../support/wait-for';

let sample: SampleHub;
let hubDb: TestDatabase;
let redis: OwnRedis;
let hub: HubProcess | undefined;

beforeAll(async () => {
  sample = await startSampleHub('redis_ops_sources', 100);
  hubDb = await createTestDatabase('redis_ops');
  redis = await startOwnRedis();
});
afterAll(async () => {
  await hub?.kill();
  await redis?.close();
  await hubDb?.drop();
  await sample?.close();
});

type Line = Record<string, any>;
const jsonLines = (text: string): Line[] =>
  text.split('\n').flatMap((l) => {
    try {
      const v = JSON.parse(l);
      return v && typeof v === 'object' ? [v] : [];
    } catch {
      return [];
    }
  });

async function health(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: await res.json() };
}

const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 120_000) =>
  waitUntil(what, probe, { ms, every: 300, output: () => hub?.output() });

it('reports a Redis outage once with its end, covers Redis in /health, and logs each failed job', async () => {
  hub = spawnHub({
    DATABASE_URL: hubDb.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'hub_ops',
    CORE_BANKING_DATABASE_URL: sample.db.url,
    LOANS_DATABASE_URL: sample.db.url,
    CARDS_API_URL: `http://127.0.0.1:${await freePort()}`,
    JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-chars',
    INGEST_ATTEMPTS: '2',
    PORT: '0',
    LOG_LEVEL: 'info',
  });
  const [graphql] = await hub.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\/graphql/, 120_000);
  const url = graphql.replace(/\/graphql$/, '');

  // the cards sync fails: one line per attempt, the last one final
  const failures = await waitFor('final cards failure', async () => {
    const lines = jsonLines(hub!.output()).filter((l) => l.queue === 'ingest-cards' && /job/.test(l.msg));
    return lines.some((l) => l.final) ? lines : null;
  });
  for (const line of failures) {
    expect(line).toEqual(expect.objectContaining({ queue: 'ingest-cards', job: 'sync-connector', jobId: expect.any(String), attempt: expect.any(Number), reason: expect.any(String) }));
    expect(line).not.toHaveProperty('data');
  }
  // a job's attempts, each logged once, the last one final
  const finalJob = failures.find((l) => l.final)!.jobId;
  expect(failures.filter((l) => l.jobId === finalJob).map((l) => [l.attempt, l.final])).toEqual([
    [1, false],
    [2, true],
  ]);

  const up = await health(url);
  expect(up).toEqual({ status: 200, body: expect.objectContaining({ ok: true, database: true, queue: true }) });

  const before = hub.output().length;
  await redis.kill();
  const down = await waitFor('503 from /health', async () => {
    const h = await health(url);
    return h.status === 503 ? h : null;
  });
  expect(down.body).toEqual(expect.objectContaining({ ok: false, database: true, queue: false }));
  // a few seconds of clients retrying
  await new Promise((r) => setTimeout(r, 3000));
  await redis.start();
  await waitFor('the outage end', async () => jsonLines(hub!.output().slice(before)).some((l) => l.dependency === 'redis' && l.event === 'outage-end'));
  await waitFor('200 from /health', async () => (await health(url)).status === 200);

  const during = hub.output().slice(before);
  const redisLines = jsonLines(during).filter((l) => l.dependency === 'redis');
  expect(redisLines.map((l) => l.event)).toEqual(['outage-start', 'outage-end']);
  expect(redisLines[0]).toEqual(expect.objectContaining({ level: 50, reason: expect.any(String) }));
  expect(redisLines[1]).toEqual(expect.objectContaining({ downForMs: expect.any(Number) }));
  // nothing else: every line is a structured one, no stack traces
  const unstructured = during.split('\n').filter((l) => l.trim() !== '' && jsonLines(l).length === 0);
  expect(unstructured).toEqual([]);
}, 300_000);
