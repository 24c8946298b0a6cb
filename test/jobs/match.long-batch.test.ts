/**
 * A batch whose matching lasts several times the worker's lock (WORKER_LOCK_MS, BullMQ's
 * lockDuration and stalledInterval): the event loop stays free through it, so the lock is renewed
 * and the batch runs exactly once, `/health`'s database check answers while it computes, and the
 * result is what the same matching gives in-process. Closing the worker (what SIGTERM does)
 * in the middle of a batch stops it at once; the next worker runs it again.
 *
 * The lock is derived from how long the matching phase takes on this machine, now (measured
 * first): a quarter of it, so the batch outlasts four locks whatever the machine's speed or load. The event loop is watched with
 * `monitorEventLoopDelay`; no duration of the batch is asserted.
 */
import 'reflect-metadata';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { QueueEvents, type Worker } from 'bullmq';
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { MATCH_QUEUE, MatchQueue } from '../../jobs/match.queue';
import { startMatchWorker } from '../../jobs/match.worker';
import { createQueueBackend, type QueueBackend } from '../../jobs/queue-backend';
import { checkHealth } from '../../src/server/health';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../../src/golden/survivorship/survivorship-policy';
import { IngestService } from '../../src/ingest/ingest.service';
import { DEFAULT_MATCH_SETTINGS } from '../../src/matching/engine/index';
import { computeBatch } from '../../src/matching/batch-compute';
import { BatchMatcher } from '../../src/matching/batch-match.service';
import { computeBatchInThread } from '../../src/matching/match-thread';
import { IncrementalMatcher, type ResolutionSettings } from '../../src/matching/incremental-match.service';
import type { LoadedRecord } from '../../src/matching/record-rows';
import { MatchingRepository } from '../../src/matching/matching.repository';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { startSampleHub, type SampleHub } from '../support/sample-hub';

/** about 2 records per customer */
const CUSTOMERS = Number(process.env.LONG_BATCH_CUSTOMERS ?? 3000);
const MATCHING_STAGES = new Set(['blocking', 'comparing', 'estimating', 'scoring', 'clustering', 'explaining']);
const settings: ResolutionSettings = { match: DEFAULT_MATCH_SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY };

let hub: SampleHub;
let backend: QueueBackend;
let queueEvents: QueueEvents;
/** what the matching gives in-process: the partition of the records, and each stored pair as `a:b:status` with its weight */
let reference: { partition: string[]; pairs: string[]; weights: number[] };
let matchingMs: number;
let lockMs: number;
const prefix = uniqueRedisPrefix('long_batch');
const workers: Worker[] = [];

const byIds = (x: { a: string; b: string }, y: { a: string; b: string }) => Number(x.a) - Number(y.a) || Number(x.b) - Number(y.b);
const partition = (clusters: Iterable<string[]>) => [...clusters].map((c) => [...c].sort().join(',')).sort();

const sql = <T>(text: string) => hub.orm.em.fork().execute<T[]>(text);

const waitFor = async (check: () => Promise<boolean>, ms = 600_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  hub = await startSampleHub('long_batch', CUSTOMERS);
  const ingest = new IngestService(hub.orm);
  for (const system of SOURCE_SYSTEMS) await ingest.sync(hub.connectors.get(system)!, { pageSize: 2000 });
  // the matching phase in-process, as the batch ran it before: its result is the reference, its
  // duration on this machine sets the lock
  const loaded: LoadedRecord[] = [];
  for await (const page of new MatchingRepository(hub.orm.em.fork()).allRecords()) loaded.push(...page);
  const records = loaded.map((r) => r.match);
  const inProcess = computeBatch(records, settings.match, new Set());
  // The phase as the hub runs it now, in a thread (in-process under jest it runs several times
  // slower): a quarter of it is the lock, so the batch lasts four locks. Not below 0.5 s, and on a
  // heavily loaded machine, where everything is slower, not below what that load allows.
  const started = performance.now();
  await computeBatchInThread({ records, settings: settings.match, apart: [] });
  matchingMs = performance.now() - started;
  lockMs = Math.max(500, Math.min(10_000, Math.floor(matchingMs / 4)));
  const pairs = [...inProcess.pairs].sort(byIds);
  reference = { partition: partition(inProcess.clusters), pairs: pairs.map((p) => `${p.a}:${p.b}:${p.status}`), weights: pairs.map((p) => p.weight) };
  console.log(`long batch: ${loaded.length} records, matching phase ${Math.round(matchingMs)} ms, lock ${lockMs} ms`);
  backend = await createQueueBackend({ kind: 'redis', url: TEST_REDIS_URL, prefix });
  queueEvents = new QueueEvents(MATCH_QUEUE, { connection: { url: TEST_REDIS_URL }, prefix });
  await queueEvents.waitUntilReady();
}, 900_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await queueEvents?.close();
  await backend?.close();
  await hub?.close();
});

/** `lockDurationMs`: the short lock by default; the shutdown test, about closing not renewing, takes a long one */
function startWorker(queue: MatchQueue, lockDurationMs = lockMs) {
  const worker = startMatchWorker({
    backend,
    queue,
    incremental: new IncrementalMatcher(hub.orm, settings),
    batch: new BatchMatcher(hub.orm, settings),
    lockDurationMs,
  });
  workers.push(worker);
  const seen = { stage: '', errors: [] as string[], stalled: [] as string[] };
  worker.on('progress', (_job, progress) => (seen.stage = (progress as { stage?: string }).stage ?? ''));
  worker.on('error', (err) => seen.errors.push(err.message));
  worker.on('stalled', (jobId) => seen.stalled.push(jobId));
  return { worker, seen };
}

const jobState = (queue: MatchQueue, id: string) => queue.queue.getJobState(id);

describe('a batch longer than the worker lock', () => {
  it('runs exactly once with the event loop free, and gives the in-process result', async () => {
    // precondition, not a timing assertion: the batch must outlast the lock for this test to mean anything
    expect(matchingMs).toBeGreaterThan(2 * lockMs);
    const queue = new MatchQueue(backend, 3);
    const stalledEvents: string[] = [];
    queueEvents.on('stalled', ({ jobId }) => stalledEvents.push(jobId));
    const { seen } = startWorker(queue);

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();

    const jobId = (await queue.requestBatch('manual'))!;
    let healthDuringMatching = 0;
    await waitFor(async () => {
      if (MATCHING_STAGES.has(seen.stage) && (await checkHealth(hub.orm)).ok) healthDuringMatching += 1;
      // a job that stalled twice fails ("stalled more than allowable limit")
      return ['completed', 'failed'].includes(await jobState(queue, jobId));
    });
    delay.disable();

    // the event loop never stood still for the matching phase, as it did when the batch matched
    // in-process (a bound relative to this run, not the lock: a loaded machine pauses the loop for
    // seconds now and then); that the lock was renewed shows in nothing having stalled, below
    expect(Math.round(delay.max / 1e6)).toBeLessThan(matchingMs);
    expect(healthDuringMatching).toBeGreaterThan(0);
    expect(seen.errors).toEqual([]);
    expect(seen.stalled).toEqual([]);
    expect(stalledEvents).toEqual([]);
    const runs = await sql<{ status: string }>(`SELECT status FROM match_run ORDER BY id`);
    expect(runs).toEqual([{ status: 'DONE' }]);
    expect(await jobState(queue, jobId)).toBe('completed');

    // the same partition and the same scored pairs as the matching in-process
    const links = await sql<{ id: string; golden_id: string }>(`SELECT id::text AS id, golden_id FROM source_record WHERE NOT deleted`);
    const byGolden = new Map<string, string[]>();
    for (const l of links) byGolden.set(l.golden_id, [...(byGolden.get(l.golden_id) ?? []), l.id]);
    expect(partition(byGolden.values())).toEqual(reference.partition);
    const stored = await sql<{ a: string; b: string; weight: number; status: string }>(
      `SELECT record_a::text AS a, record_b::text AS b, weight, status FROM match_candidate ORDER BY record_a, record_b`,
    );
    expect(stored.map((p) => `${p.a}:${p.b}:${p.status}`)).toEqual(reference.pairs);
    stored.forEach((p, i) => expect(p.weight).toBeCloseTo(reference.weights[i]!, 6));
  }, 900_000);

  it('stops when the worker closes (shutdown) mid-batch, and runs again on the next worker', async () => {
    const queue = new MatchQueue(backend, 3);
    const [{ n: goldenEventsBefore }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM golden_event`);
    const [{ last: lastRun }] = await sql<{ last: number }>(`SELECT coalesce(max(id), 0)::int AS last FROM match_run`);
    // a worker of its own with a long lock: this test is about closing, not renewing
    await workers.at(-1)!.close();
    const { worker: first } = startWorker(queue, 30_000);
    let matching = false;
    first.on('progress', (_job, progress) => (matching ||= MATCHING_STAGES.has((progress as { stage?: string }).stage ?? '')));
    const jobId = (await queue.requestBatch('manual'))!;
    await waitFor(async () => matching);

    await first.close();
    const [stopped] = await sql<{ status: string; error: string }>(`SELECT status, error FROM match_run WHERE id > ${lastRun} ORDER BY id`);
    expect(stopped).toEqual({ status: 'FAILED', error: expect.stringMatching(/shutting down/) });
    expect(await jobState(queue, jobId)).toMatch(/^(delayed|waiting|wait)$/);

    // a long lock: a loaded machine must not turn this re-run into a stalled one (the short-lock test above covers that)
    const next = startWorker(queue, 30_000);
    await waitFor(async () => (await jobState(queue, jobId)) === 'completed');
    expect(next.seen.errors).toEqual([]);
    const runs = await sql<{ status: string }>(`SELECT status FROM match_run WHERE id > ${lastRun} ORDER BY id`);
    expect(runs.map((r) => r.status)).toEqual(['FAILED', 'DONE']);
    // unchanged data: the re-run changed no golden customer
    const [{ n: goldenEventsAfter }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM golden_event`);
    expect(goldenEventsAfter).toBe(goldenEventsBefore);
  }, 900_000);
});
