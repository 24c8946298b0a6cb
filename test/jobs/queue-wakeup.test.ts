/**
 * An idle worker on the PostgreSQL backend whose queue holds a job scheduler's next run (delayed
 * by an hour) blocks until that run, woken early only by the NOTIFY a producer sends on adding a
 * job. A job added meanwhile must still be picked up at once — on a real server and on embedded
 * PostgreSQL, where every connection shares one PGlite session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue, Worker } from 'bullmq';
import { createQueueBackend, type QueueBackend } from '../../jobs/queue-backend';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { createTestDatabase, type TestDatabase } from '../support/database';

const HOUR = 3_600_000;

async function addedJobIsProcessedPromptly(url: string) {
  const backend: QueueBackend = await createQueueBackend({ kind: 'postgres', url, schema: 'public' });
  try {
    const queue: Queue = backend.queue('wakeup');
    await queue.upsertJobScheduler('hourly', { every: HOUR }, { name: 'scheduled', data: {} });
    const processed: string[] = [];
    const worker: Worker = backend.worker('wakeup', async (job) => {
      processed.push(job.name);
    });
    await worker.waitUntilReady();
    // The scheduler's first run is due at once; after it, only the run an hour away is left.
    await waitFor(() => processed.includes('scheduled'), 10_000);
    expect(await queue.getDelayedCount()).toBe(1);
    // let the worker settle into its blocking wait for the delayed run
    await new Promise((r) => setTimeout(r, 1_500));

    const added = Date.now();
    await queue.add('on-demand', {});
    await waitFor(() => processed.includes('on-demand'), 5_000);
    return Date.now() - added;
  } finally {
    await backend.close();
  }
}

async function waitFor(check: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not done within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('on embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-queue-wakeup-'));
  let pg: EmbeddedPostgres;
  beforeAll(async () => {
    pg = await startEmbeddedPostgres(dataDir, 20000 + Math.floor(Math.random() * 20000));
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an idle worker with a delayed job an hour away picks up a newly added job within seconds', async () => {
    expect(await addedJobIsProcessedPromptly(pg.url)).toBeLessThan(3_000);
  }, 30_000);
});

describe('on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('queue_wakeup');
  });
  afterAll(() => db?.drop());

  it('an idle worker with a delayed job an hour away picks up a newly added job within seconds', async () => {
    expect(await addedJobIsProcessedPromptly(db.url)).toBeLessThan(3_000);
  }, 30_000);
});
