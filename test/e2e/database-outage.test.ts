/**
 * The hub's PostgreSQL goes away for a while (a TCP proxy in front of the shared server is cut
 * and restored; the server itself is untouched). Requests meanwhile get HTTP 503 with code
 * DATABASE_UNAVAILABLE and a Retry-After header — something a client can act on, not an
 * INTERNAL_SERVER_ERROR — `/ready` says not ready until the database answers again, the outage
 * is logged once with its end, and requests succeed again after it.
 */
import { signToken } from '../../src/api/auth';
import { createTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix, type TestDatabase } from '../support/database';
import { spawnHub, type HubProcess } from '../support/hub-process';
import { freePort } from '../support/redis-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { waitFor as waitUntil } from '../support/wait-for';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const QUERY = `{ customers(first: 1) { edges { node { id } } } }`;

let db: TestDatabase;
let proxy: TcpProxy;
let hub: HubProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase('db_outage');
  const target = new URL(db.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
});
afterAll(async () => {
  await hub?.kill();
  await proxy?.close();
  await db?.drop();
});

const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000) =>
  waitUntil(what, probe, { ms, every: 250, output: () => hub?.output() });

it('answers 503 DATABASE_UNAVAILABLE with Retry-After and is not ready while the database is down', async () => {
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  hub = spawnHub({
    HUB_ROLE: 'api',
    DATABASE_URL: viaProxy.toString(),
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueRedisPrefix('db_outage').replace(/:/g, '_'),
    CORE_BANKING_DATABASE_URL: db.url,
    LOANS_DATABASE_URL: db.url,
    CARDS_API_URL: `http://127.0.0.1:${await freePort()}`,
    JWT_SECRET: SECRET,
    PORT: '0',
  });
  const [graphql] = await hub.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\/graphql/, 120_000);
  const base = graphql.replace(/\/graphql$/, '');
  const token = signToken({ secret: SECRET, issuer: 'customer-hub' }, { subject: 'outage-test', role: 'APP', purposes: ['SERVICE'] });
  const ask = async () => {
    const res = await fetch(graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'SERVICE' },
      body: JSON.stringify({ query: QUERY }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { data?: any; errors?: any[] } };
  };
  const ready = async () => (await fetch(`${base}/ready`)).status;

  const before = await ask();
  expect(before.status).toBe(200);
  expect(before.body.errors).toBeUndefined();
  expect(await ready()).toBe(200);

  await proxy.cut();
  for (let i = 0; i < 5; i++) {
    const res = await ask();
    expect(res.status).toBe(503);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['DATABASE_UNAVAILABLE']);
    expect(Number(res.retryAfter)).toBeGreaterThan(0);
  }
  await waitFor('/ready 503', async () => (await ready()) === 503);

  await proxy.restore();
  await waitFor('/ready 200', async () => (await ready()) === 200);
  const after = await waitFor('an answer again', async () => {
    const res = await ask();
    return res.status === 200 ? res : null;
  });
  expect(after.body.errors).toBeUndefined();

  const lines = hub.output().split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });
  expect(lines.filter((l) => l.dependency === 'database').map((l) => l.event)).toEqual(['outage-start', 'outage-end']);
}, 240_000);
