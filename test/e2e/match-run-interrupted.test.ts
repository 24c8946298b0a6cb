/**
 * A worker killed (SIGKILL) in the middle of a batch match leaves its `match_run` RUNNING with
 * nobody running it. The next worker finds the run's job no longer running and marks the run
 * FAILED (interrupted) — when the queue retries the job, or when its sweep finds it — and the
 * batch is done by a later run, so every record still ends matched.
 */
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { spawnHub, type HubProcess } from '../support/hub-process';
import { startSampleHub, type SampleHub } from '../support/sample-hub';
import { waitFor as waitUntil } from '../support/wait-for';

let hub: SampleHub;
const workers: HubProcess[] = [];

beforeAll(async () => {
  hub = await startSampleHub('batch_killed', 3000);
});
afterAll(async () => {
  for (const w of workers) await w.kill();
  await hub?.close();
});

const sql = async <T>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);

const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 180_000) =>
  waitUntil(what, probe, { ms, every: 100, output: () => workers.at(-1)?.output() });

it('marks a run whose worker was killed as failed, and a later run matches everything', async () => {
  const env = {
    HUB_ROLE: 'worker',
    DATABASE_URL: hub.db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueRedisPrefix('batch_killed').replace(/:/g, '_'),
    CORE_BANKING_DATABASE_URL: hub.db.url,
    LOANS_DATABASE_URL: hub.db.url,
    CARDS_API_URL: hub.cardsApiUrl,
    JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-chars',
    WORKER_LOCK_MS: '5000',
    MATCH_SWEEP_EVERY_MS: '2000',
  };
  workers.push(spawnHub(env));
  const running = await waitFor('a running batch', async () => (await sql<{ id: number }>(`SELECT id FROM match_run WHERE status = 'RUNNING'`))[0]);
  await workers[0].kill('SIGKILL');
  const [atKill] = await sql<{ status: string }>(`SELECT status FROM match_run WHERE id = ?`, [running.id]);
  expect(atKill.status).toBe('RUNNING');

  workers.push(spawnHub(env));
  const ended = await waitFor('the killed run marked', async () => {
    const [r] = await sql<{ status: string; error: string | null; finished: boolean }>(`SELECT status, error, finished_at IS NOT NULL AS finished FROM match_run WHERE id = ?`, [running.id]);
    return r.status !== 'RUNNING' ? r : null;
  });
  expect(ended).toEqual({ status: 'FAILED', error: expect.stringMatching(/interrupted/), finished: true });

  await waitFor('a later run done, every record matched', async () => {
    const [r] = await sql<{ done: number; pending: number; unlinked: number }>(
      `SELECT (SELECT count(*) FROM match_run WHERE status = 'DONE' AND id > ?)::int AS done,
              count(*) FILTER (WHERE match_pending_since IS NOT NULL)::int AS pending,
              count(*) FILTER (WHERE golden_id IS NULL AND NOT deleted)::int AS unlinked FROM source_record`,
      [running.id],
    );
    return r.done > 0 && r.pending === 0 && r.unlinked === 0;
  });
  const [left] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM match_run WHERE status = 'RUNNING'`);
  expect(left.n).toBe(0);
}, 400_000);
