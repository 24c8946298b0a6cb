/**
 * The first batch estimates the match model that scores every later record, so it must see the
 * whole initial load, not the first ingest page: on a first start (many pages per source) the
 * first batch run covers every record ingested. Then an admin queues a full re-match with
 * `runBatchMatch`: other roles are refused, the request is in the access log, and the run it
 * queued (match_run.job_id = the answered job id) completes.
 */
import { signToken } from '../../src/api/auth';
import { createTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix, type TestDatabase } from '../support/database';
import { spawnHub, type HubProcess } from '../support/hub-process';
import { startSampleHub, type SampleHub } from '../support/sample-hub';
import { waitFor as waitUntil } from '../support/wait-for';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const KEYS = { secret: SECRET, issuer: 'customer-hub' };

let sample: SampleHub;
let hubDb: TestDatabase;
let hub: HubProcess | undefined;

beforeAll(async () => {
  sample = await startSampleHub('first_batch_sources', 600);
  hubDb = await createTestDatabase('first_batch');
});
afterAll(async () => {
  await hub?.kill();
  await hubDb?.drop();
  await sample?.close();
});

const sql = async <T>(text: string, params: unknown[] = []) => {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: hubDb.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
};

const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 180_000) =>
  waitUntil(what, probe, { ms, every: 300, output: () => hub?.output() });

it('fits the first model on the whole initial load; admins queue a full re-match with runBatchMatch', async () => {
  hub = spawnHub({
    DATABASE_URL: hubDb.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueRedisPrefix('first_batch').replace(/:/g, '_'),
    CORE_BANKING_DATABASE_URL: sample.db.url,
    LOANS_DATABASE_URL: sample.db.url,
    CARDS_API_URL: sample.cardsApiUrl,
    JWT_SECRET: SECRET,
    PORT: '0',
    INGEST_PAGE_SIZE: '50',
    MATCH_SWEEP_EVERY_MS: '2000',
  });
  const [graphql] = await hub.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\/graphql/, 120_000);

  const expected = Object.values(await sample.sourceRowCounts()).reduce((a, b) => a + b, 0);
  await waitFor('everything matched', async () => {
    const [r] = await sql<{ records: number; pending: number; unlinked: number }>(
      `SELECT count(*)::int AS records, count(*) FILTER (WHERE match_pending_since IS NOT NULL)::int AS pending,
              count(*) FILTER (WHERE golden_id IS NULL AND NOT deleted)::int AS unlinked FROM source_record`,
    );
    const [q] = await sql<{ n: number }>(`SELECT count(DISTINCT (system, coalesce(source_key, raw_hash)))::int AS n FROM quarantined_row WHERE resolved_at IS NULL`);
    return r.records + q.n >= expected && r.pending === 0 && r.unlinked === 0;
  });
  const [records] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM source_record WHERE NOT deleted`);
  const [first] = await sql<{ status: string; records: number }>(`SELECT status, (stats->>'records')::int AS records FROM match_run ORDER BY id LIMIT 1`);
  expect(first).toEqual({ status: 'DONE', records: records.n });

  const ask = async (role: 'APP' | 'ADMIN') => {
    const token = signToken(KEYS, { subject: `rematch-${role.toLowerCase()}`, role, purposes: ['SERVICE'] });
    const res = await fetch(graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'SERVICE' },
      body: JSON.stringify({ query: 'mutation Rematch { runBatchMatch { jobId } }' }),
    });
    return (await res.json()) as { data?: any; errors?: any[] };
  };
  const refused = await ask('APP');
  expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

  const queued = await ask('ADMIN');
  expect(queued.errors).toBeUndefined();
  const jobId = queued.data.runBatchMatch.jobId;
  expect(jobId).toEqual(expect.any(String));

  const audited = await sql<{ actor: string; role: string; fields_returned: string[]; outcome: string }>(
    `SELECT actor, role, fields_returned, outcome FROM access_log WHERE operation = 'Rematch' ORDER BY id`,
  );
  expect(audited).toEqual([
    { actor: 'rematch-app', role: 'APP', fields_returned: ['Mutation.runBatchMatch'], outcome: 'DENIED' },
    { actor: 'rematch-admin', role: 'ADMIN', fields_returned: ['Mutation.runBatchMatch'], outcome: 'OK' },
  ]);

  const run = await waitFor('the queued run done', async () => {
    const [r] = await sql<{ status: string; records: number }>(`SELECT status, (stats->>'records')::int AS records FROM match_run WHERE job_id = $1 AND status <> 'RUNNING'`, [jobId]);
    return r;
  });
  expect(run).toEqual({ status: 'DONE', records: records.n });
}, 400_000);
