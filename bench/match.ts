/**
 * Matching benchmark (issue B): batch dedup of N source records, and incremental matching of new
 * records against a hub holding them.
 *
 *   npm run bench:match -- --records 1000000 --seed 42 [--incremental 5000] [--latency 1000]
 *                          [--hub-batch full|staged] [--budget-s 300] [--skip-batch] [--skip-hub] [--cpu-prof] [--keep-db] [--thread]
 *
 * Options: --records (about that many source rows; or --customers persons), --seed; --incremental
 * records held back and arriving after the hub batch, of which --latency are matched one at a
 * time and the rest (at most --queue-records) go through the queue; --budget-s caps each of those
 * two measurements (what was done by then is reported); --hub-batch full runs BatchMatcher.run(),
 * staged runs its steps one by one with the pairs' explanations and storePairs on a sample of
 * --pair-sample pairs (for a hub where the full run is impractical, see stagedHubBatch);
 * --hub-heap-mib is the hub process's --max-old-space-size; --thread also times, in the batch phase, the
 * hub batch's matching with explanations in a worker thread (as the hub runs it) against in-process; --keep-db keeps the hub database and
 * --reuse-db measures incremental matching again on it (its match-pending records arrive).
 *
 * Three phases, each in a child process of its own so that its peak memory (maxRSS) is its own:
 *
 * 1. prepare (once, cached in .data/bench/match-<customers>-<seed>/): the sample generator's rows
 *    (about 2.05 per person, so --records 1000000 asks for 487,805 persons), mapped by the
 *    connectors' pure mapping functions and prepared as ingest prepares a page (quarantine,
 *    standardization, blocking keys, content hash); see bench/match-data.ts.
 * 2. batch: the live records read from the cache, then `matchBatch` (src/matching) timed alone,
 *    with its per-stage timings, peak RSS and heap, and pairwise precision/recall/F1 against the
 *    generator's truth.
 * 3. hub: a scratch database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *    `hub_bench_match`, dropped and recreated per run) migrated by initOrm, source_record loaded by
 *    COPY (all but --incremental held-back records, match-pending as ingest leaves them),
 *    `BatchMatcher.run()` (the batch inside the hub, DB writes included), then the held-back
 *    records inserted match-pending and matched: the first --latency of them one at a time with
 *    `IncrementalMatcher.matchRecords([id])`, the rest through the `match` queue on Redis
 *    (REDIS_URL, default redis://127.0.0.1:6379) with `startMatchWorker` running.
 *
 * --cpu-prof profiles the timed sections (V8's sampler through node:inspector) and summarises the
 * top functions; profiling slows them, so take figures from a run without it.
 * Prints one JSON report and writes it to .data/bench/match-report-<records>-<seed>.json.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { MatchQueue } from '../jobs/match.queue.js';
import { startMatchWorker, type MatchJobResult } from '../jobs/match.worker.js';
import { createQueueBackend } from '../jobs/queue-backend.js';
import { initOrm } from '../src/orm.js';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../src/golden/survivorship/survivorship-policy.js';
import { createScorer, DEFAULT_MATCH_SETTINGS, matchBatch, type MatchRecord } from '../src/matching/engine/index.js';
import { computeBatch, type BatchComputation } from '../src/matching/batch-compute.js';
import { computeBatchInThread } from '../src/matching/match-thread.js';
import { writeGoldenCustomers, type GoldenWriteResult } from '../src/golden/golden-writer.js';
import type { LoadedRecord } from '../src/matching/record-rows.js';
import { MatchingRepository, type StoredPair } from '../src/matching/matching.repository.js';
import { BatchMatcher, type BatchRunResult } from '../src/matching/batch-match.service.js';
import { IncrementalMatcher, type IncrementalResult, type ResolutionSettings } from '../src/matching/incremental-match.service.js';
import { runChildPhase } from './child-phase.js';
import { BENCH_ADMIN_URL, machineDescription, maxRssMiB } from './machine.js';
import { instrumentSql, sqlStats, takeSqlStats } from './sql-stats.js';
import { SectionProfiler, type ProfileSummary } from './cpu-profile.js';
import { cachedData, codeFingerprint, COPY_COLUMNS, COPY_DELETED_COLUMN, dataDir, prepareData, readRecords, type PreparedData } from './match-data.js';

const ROWS_PER_PERSON = 2.05;
const DB_NAME = 'hub_bench_match';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    customers: { type: 'string' },
    seed: { type: 'string', default: '42' },
    incremental: { type: 'string', default: '10000' },
    latency: { type: 'string', default: '1000' },
    'skip-batch': { type: 'boolean', default: false },
    'skip-hub': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'keep-db': { type: 'boolean', default: false },
    /** full: BatchMatcher.run() end to end; staged: its steps one by one, explaining and storing a sample of the pairs */
    'hub-batch': { type: 'string', default: 'full' },
    'pair-sample': { type: 'string', default: '50000' },
    'hub-heap-mib': { type: 'string', default: '16384' },
    /** measure incremental matching on the hub a --keep-db run left: its match-pending records are the arrivals */
    'reuse-db': { type: 'boolean', default: false },
    /** at most this many records through the queue (default: every held-back record not in the latency sample) */
    'queue-records': { type: 'string' },
    /** stop the latency loop, and stop waiting for the queue, after this many seconds each (0: no limit) */
    'budget-s': { type: 'string', default: '0' },
    /** batch phase: also time the batch's matching (with explanations) in a worker thread against in-process */
    thread: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.data/bench' },
    // internal: the phase a child runs and where it writes its result
    phase: { type: 'string' },
    out: { type: 'string' },
  },
});

const records = Number(args.records);
const customers = args.customers ? Number(args.customers) : Math.round(records / ROWS_PER_PERSON);
const seed = Number(args.seed);
const root = resolve(args['data-dir']!);
const dir = dataDir(root, customers, seed);
const profileDir = args['cpu-prof'] ? join(root, 'prof') : null;
const settings: ResolutionSettings = { match: { ...DEFAULT_MATCH_SETTINGS }, survivorship: DEFAULT_SURVIVORSHIP_POLICY };

const log = (msg: string) => process.stderr.write(`[bench:match ${args.phase ?? 'main'} ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sec = (ms: number) => +(ms / 1000).toFixed(2);
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const round = (x: number, digits = 1) => +x.toFixed(digits);

// ---- accuracy ------------------------------------------------------------------------------------

export interface PairwiseAccuracy {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** pairwise precision/recall/F1 of a clustering (cluster label per record) against the persons */
function pairwiseAccuracy(clusterOf: ArrayLike<number>, personOf: ArrayLike<number>): PairwiseAccuracy {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const count = (keys: Map<string | number, number>, key: string | number) => keys.set(key, (keys.get(key) ?? 0) + 1);
  const byCluster = new Map<string | number, number>();
  const byPerson = new Map<string | number, number>();
  const byBoth = new Map<string | number, number>();
  for (let i = 0; i < clusterOf.length; i++) {
    count(byCluster, clusterOf[i]!);
    count(byPerson, personOf[i]!);
    count(byBoth, `${clusterOf[i]}:${personOf[i]}`);
  }
  let predictedPairs = 0;
  let truePairs = 0;
  let truePositives = 0;
  for (const n of byCluster.values()) predictedPairs += pairs(n);
  for (const n of byPerson.values()) truePairs += pairs(n);
  for (const n of byBoth.values()) truePositives += pairs(n);
  const precision = predictedPairs > 0 ? truePositives / predictedPairs : 1;
  const recall = truePairs > 0 ? truePositives / truePairs : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePairs, predictedPairs, truePositives, precision: round(precision, 4), recall: round(recall, 4), f1: round(f1, 4) };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function distribution(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    mean: round(mean, 2),
    p50: round(percentile(sorted, 50), 2),
    p95: round(percentile(sorted, 95), 2),
    p99: round(percentile(sorted, 99), 2),
    max: round(sorted.at(-1) ?? NaN, 2),
  };
}

// ---- phase 1: prepare ----------------------------------------------------------------------------

async function runPrepare(): Promise<unknown> {
  const data = prepareData(dir, customers, seed, log);
  return { dir: data.dir, meta: data.meta, maxRssMiB: maxRssMiB() };
}

// ---- phase 2: the pure batch ---------------------------------------------------------------------

async function runBatch(): Promise<unknown> {
  const data = cachedData(dir)!;
  const profiler = new SectionProfiler(profileDir);
  let t = performance.now();
  const { records: recs, persons } = await readRecords(data.recordsFile);
  const loadMs = performance.now() - t;
  (globalThis as { gc?: () => void }).gc?.();
  const afterLoad = { maxRssMiB: maxRssMiB(), rssMiB: mib(process.memoryUsage().rss), heapUsedMiB: mib(process.memoryUsage().heapUsed) };
  log(`loaded ${recs.length} records in ${sec(loadMs)} s; rss ${afterLoad.rssMiB} MiB, heap ${afterLoad.heapUsedMiB} MiB`);

  let peakHeap = process.memoryUsage().heapUsed;
  let lastStage = '';
  const onProgress = (stage: string, done: number, total: number) => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (stage !== lastStage || done === total) log(`${stage} ${done} / ${total}`);
    lastStage = stage;
  };
  t = performance.now();
  const { value: result, summary: profile } = await profiler.profile('batch-matchBatch', async () =>
    matchBatch(recs, settings.match, { onProgress }),
  );
  const matchMs = performance.now() - t;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const end = { maxRssMiB: maxRssMiB(), rssMiB: mib(process.memoryUsage().rss), heapUsedMiB: mib(process.memoryUsage().heapUsed) };
  profiler.close();
  log(`matched in ${sec(matchMs)} s; max rss ${end.maxRssMiB} MiB`);

  // accuracy, after the timing
  const index = new Map(recs.map((r, i) => [r.id, i]));
  const clusterOf = new Int32Array(recs.length).fill(-1);
  result.clusters.forEach((c, k) => c.forEach((id) => (clusterOf[index.get(id)!] = k)));
  const accuracy = pairwiseAccuracy(clusterOf, persons);
  const autoLinkWeight = Math.log2(settings.match.autoLinkProbability / (1 - settings.match.autoLinkProbability));
  const sizes = result.clusters.map((c) => c.length);
  return {
    records: recs.length,
    loadSeconds: sec(loadMs),
    matchSeconds: sec(matchMs),
    stats: {
      ...result.stats,
      oversized: undefined,
      oversizedBlocks: result.stats.oversized.length,
      oversizedRecordsInBlocks: result.stats.oversized.reduce((n, b) => n + b.size, 0),
      largestOversized: result.stats.oversized.slice(0, 10),
      timingsSeconds: Object.fromEntries(Object.entries(result.stats.timingsMs).map(([k, v]) => [k, sec(v)])),
    },
    candidates: result.candidates.length,
    autoLinkCandidates: result.candidates.filter((c) => c.weight >= autoLinkWeight).length,
    clusters: result.clusters.length,
    multiRecordClusters: sizes.filter((n) => n > 1).length,
    largestCluster: sizes.reduce((m, n) => Math.max(m, n), 0),
    outsideStagesSeconds: sec(matchMs - Object.values(result.stats.timingsMs).reduce((a, b) => a + b, 0)),
    estimation: result.model.estimation,
    memory: {
      heapLimitMiB: mib(getHeapStatistics().heap_size_limit),
      afterLoad,
      end,
      peakHeapUsedMiB: mib(peakHeap),
      maxRssMiB: end.maxRssMiB,
      maxRssGrowthMiB: end.maxRssMiB - afterLoad.maxRssMiB,
    },
    accuracy,
    profile,
    thread: args.thread ? await threadVsInProcess(recs) : undefined,
  };
}

/**
 * The batch's matching and explanations (src/matching/batch-compute.ts) in-process and in a
 * worker thread (src/matching/match-thread.ts, what the hub runs): wall time of each and the
 * longest the event loop stood still meanwhile (what decides whether a job lock is renewed).
 */
async function threadVsInProcess(recs: readonly MatchRecord[]) {
  const measure = async (run: () => Promise<BatchComputation> | BatchComputation) => {
    (globalThis as { gc?: () => void }).gc?.();
    // the longest gap between ticks of a 10 ms timer: how long the event loop stood still
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    const out = await run();
    const seconds = sec(performance.now() - t);
    await new Promise((r) => setTimeout(r, 50)); // a loop blocked to the end is seen when the ticker fires
    clearInterval(ticker);
    return { out, seconds, longestLoopBlockMs: Math.round(longest) };
  };
  const apart = new Set<string>();
  const rounds: { inThread: { seconds: number; longestLoopBlockMs: number }; inProcess: { seconds: number; longestLoopBlockMs: number } }[] = [];
  let same = true;
  let sizes = { pairs: 0, clusters: 0 };
  // two rounds, alternating, so neither side alone gets the warm JIT or the quieter minute
  for (let round = 0; round < 2; round++) {
    const thread = await measure(() => computeBatchInThread({ records: recs, settings: settings.match, apart }));
    log(`in a thread: ${thread.seconds} s, event loop blocked at most ${thread.longestLoopBlockMs} ms`);
    const inProcess = await measure(() => computeBatch(recs, settings.match, apart));
    log(`in-process: ${inProcess.seconds} s, event loop blocked at most ${inProcess.longestLoopBlockMs} ms`);
    same &&= JSON.stringify(thread.out.clusters) === JSON.stringify(inProcess.out.clusters) && JSON.stringify(thread.out.pairs) === JSON.stringify(inProcess.out.pairs);
    sizes = { pairs: thread.out.pairs.length, clusters: thread.out.clusters.length };
    rounds.push({
      inThread: { seconds: thread.seconds, longestLoopBlockMs: thread.longestLoopBlockMs },
      inProcess: { seconds: inProcess.seconds, longestLoopBlockMs: inProcess.longestLoopBlockMs },
    });
  }
  return { records: recs.length, ...sizes, sameResult: same, rounds, maxRssMiB: maxRssMiB() };
}

// ---- phase 3: the hub ----------------------------------------------------------------------------

/** streams the cached COPY file into source_record, keeping the lines `keep` accepts */
async function copyRecords(client: Client, file: string, keep: (id: number, live: boolean) => boolean): Promise<number> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  async function* chunks() {
    let chunk = '';
    for await (const line of lines) {
      const tab = line.indexOf('\t');
      const id = Number(line.slice(0, tab));
      if (!keep(id, line.split('\t', COPY_DELETED_COLUMN + 1)[COPY_DELETED_COLUMN] === 'f')) continue;
      chunk += `${line}\n`;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  const stream = client.query(copyFrom(`COPY source_record (${COPY_COLUMNS.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks()), stream);
  return stream.rowCount;
}

/** live ids held back from the first load: evenly spread over the file (so over all three systems) */
async function chooseHeldBack(file: string, live: number, count: number): Promise<Set<number>> {
  const every = Math.max(1, Math.floor(live / count));
  const chosen = new Set<number>();
  let seen = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (chosen.size >= count) break;
    const fields = line.split('\t', COPY_DELETED_COLUMN + 1);
    if (fields[COPY_DELETED_COLUMN] !== 'f') continue;
    seen += 1;
    if (seen % every === 0) chosen.add(Number(fields[0]));
  }
  lines.close();
  return chosen;
}

async function hubAccuracy(client: Client, file: string): Promise<PairwiseAccuracy & { unlinked: number }> {
  const { rows } = await client.query<{ id: string; golden_id: string | null }>(`SELECT id::text AS id, golden_id FROM source_record WHERE NOT deleted`);
  const goldenOf = new Map(rows.map((r) => [Number(r.id), r.golden_id]));
  const clusterOf: number[] = [];
  const personOf: number[] = [];
  const labels = new Map<string, number>();
  let unlinked = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) {
    // {"p":<person>,"r":{"id":"<id>",...
    const m = /^\{"p":(\d+),"r":\{"id":"(\d+)"/.exec(line);
    if (!m) continue;
    const id = Number(m[2]);
    if (!goldenOf.has(id)) continue;
    const golden = goldenOf.get(id) ?? `none:${id}`;
    if (goldenOf.get(id) === null) unlinked += 1;
    let label = labels.get(golden);
    if (label === undefined) labels.set(golden, (label = labels.size));
    clusterOf.push(label);
    personOf.push(Number(m[1]));
  }
  return { ...pairwiseAccuracy(clusterOf, personOf), unlinked };
}

async function pendingCount(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM source_record WHERE match_pending_since IS NOT NULL`);
  return rows[0]!.n;
}

async function runHub(): Promise<unknown> {
  const data = cachedData(dir)!;
  const profiler = new SectionProfiler(profileDir);
  instrumentSql();
  const admin = BENCH_ADMIN_URL;
  const adminClient = new Client({ connectionString: admin });
  await adminClient.connect();
  const reuse = args['reuse-db'] === true;
  if (!reuse) {
    await adminClient.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await adminClient.query(`CREATE DATABASE ${DB_NAME}`);
  }
  const url = new URL(admin);
  url.pathname = `/${DB_NAME}`;
  const dbUrl = url.toString();
  const orm = await initOrm(dbUrl, { poolMax: 4 });
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  const report: Record<string, unknown> = {};
  const profiles: Record<string, ProfileSummary | null> = {};

  try {
    let ids: number[];
    if (reuse) {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM source_record WHERE match_pending_since IS NOT NULL ORDER BY id`);
      ids = rows.map((r) => Number(r.id));
      report.reusedDatabase = { pending: ids.length };
    } else {
      // -- load: every stored record but the held-back ones, match-pending as ingest leaves them
      const heldBackCount = Math.min(Number(args.incremental), data.meta.liveRecords);
      const heldBack = await chooseHeldBack(data.copyFile, data.meta.liveRecords, heldBackCount);
      await client.query(`ALTER TABLE source_record ALTER COLUMN match_pending_since SET DEFAULT now()`);
      let t = performance.now();
      const loaded = await copyRecords(client, data.copyFile, (id) => !heldBack.has(id));
      const copyMs = performance.now() - t;
      await client.query(`SELECT setval(pg_get_serial_sequence('source_record', 'id'), (SELECT max(id) FROM source_record))`);
      log(`COPY ${loaded} records in ${sec(copyMs)} s`);
      t = performance.now();
      // autovacuum is off on the bench server: statistics come from here
      await client.query(`VACUUM ANALYZE source_record`);
      const analyzeMs = performance.now() - t;
      report.load = { records: loaded, heldBack: heldBack.size, copySeconds: sec(copyMs), vacuumAnalyzeSeconds: sec(analyzeMs) };

      // -- the batch inside the hub
      const rssBefore = maxRssMiB();
      t = performance.now();
      sqlStats.on = true;
      if (args['hub-batch'] === 'staged') {
        const { value: staged, summary: stagedProfile } = await profiler.profile('hub-batch-staged', () => stagedHubBatch(orm, client));
        profiles.hubBatch = stagedProfile;
        report.batch = { mode: 'staged', seconds: sec(performance.now() - t), ...staged };
      } else {
        let lastStage = '';
        const stageStarted = new Map<string, number>();
        const { value: batch, summary: batchProfile } = await profiler.profile('hub-batch', () =>
          new BatchMatcher(orm, settings).run((stage, done, total) => {
            if (!stageStarted.has(stage)) stageStarted.set(stage, performance.now() - t);
            if (stage !== lastStage) log(`hub batch: ${stage} ${done} / ${total}`);
            lastStage = stage;
          }),
        );
        profiles.hubBatch = batchProfile;
        report.batch = {
          mode: 'full',
          seconds: sec(performance.now() - t),
          ...summariseBatchRun(batch),
          stageStartedSeconds: Object.fromEntries([...stageStarted].map(([k, v]) => [k, sec(v)])),
        };
      }
      sqlStats.on = false;
      log(`hub batch in ${sec(performance.now() - t)} s`);
      Object.assign(report.batch as object, {
        maxRssMiBBefore: rssBefore,
        maxRssMiBAfter: maxRssMiB(),
        heapLimitMiB: mib(getHeapStatistics().heap_size_limit),
        sql: takeSqlStats(),
        accuracy: await hubAccuracy(client, data.recordsFile),
      });
      t = performance.now();
      await client.query(`VACUUM ANALYZE`);
      report.vacuumAnalyzeAfterBatchSeconds = sec(performance.now() - t);

      // -- the held-back records arrive, match-pending
      t = performance.now();
      const inserted = await copyRecords(client, data.copyFile, (id) => heldBack.has(id));
      await client.query(`ALTER TABLE source_record ALTER COLUMN match_pending_since DROP DEFAULT`);
      await client.query(`ANALYZE source_record`);
      report.arrivals = { records: inserted, copySeconds: sec(performance.now() - t), pendingBefore: await pendingCount(client) };
      ids = [...heldBack].sort((a, b) => a - b);
    }
    // interleave: the latency sample and the queue share take every k-th id, so both see every system
    const latencyCount = Math.min(Number(args.latency), ids.length);
    const step = ids.length / Math.max(1, latencyCount);
    const latencyIds = new Set<number>();
    for (let i = 0; i < latencyCount; i++) latencyIds.add(ids[Math.floor(i * step)]!);
    const singles = ids.filter((id) => latencyIds.has(id)).map(String);
    const queued = ids
      .filter((id) => !latencyIds.has(id))
      .slice(0, args['queue-records'] ? Number(args['queue-records']) : undefined)
      .map(String);

    // -- latency: one record at a time
    const budgetMs = Number(args['budget-s']) * 1000;
    const incremental = new IncrementalMatcher(orm, settings);
    const walls: number[] = [];
    const parts = { candidates: [] as number[], scoring: [] as number[], clustering: [] as number[], writing: [] as number[] };
    let pairsScored = 0;
    let componentRecords = 0;
    let maxComponent = 0;
    sqlStats.on = true;
    const { summary: latencyProfile } = await profiler.profile('hub-incremental-single', async () => {
      const loopStart = performance.now();
      for (const id of singles) {
        if (budgetMs > 0 && performance.now() - loopStart > budgetMs) break;
        const s = performance.now();
        const r = (await incremental.matchRecords([id])) as IncrementalResult;
        walls.push(performance.now() - s);
        for (const k of Object.keys(parts) as (keyof typeof parts)[]) parts[k].push(r.timingsMs[k]);
        pairsScored += r.pairsScored;
        componentRecords += r.componentRecords;
        maxComponent = Math.max(maxComponent, r.componentRecords);
      }
    });
    sqlStats.on = false;
    profiles.incrementalSingle = latencyProfile;
    const slowest = walls
      .map((ms, i) => ({ ms, i }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map(({ ms, i }) => ({ id: singles[i], ms: round(ms, 1), ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v[i]!, 1)])) }));
    report.latency = {
      records: walls.length,
      planned: singles.length,
      wallMs: distribution(walls),
      firstCallMs: round(walls[0] ?? NaN, 1),
      stagesMs: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, distribution(v)])),
      meanPairsScored: round(pairsScored / Math.max(1, singles.length), 1),
      meanComponentRecords: round(componentRecords / Math.max(1, singles.length), 2),
      maxComponentRecords: maxComponent,
      slowest,
      sql: takeSqlStats(),
    };
    log(`latency: p50 ${(report.latency as { wallMs: { p50: number } }).wallMs.p50} ms, p99 ${(report.latency as { wallMs: { p99: number } }).wallMs.p99} ms`);

    // -- throughput through the queue
    const backend = await createQueueBackend({
      kind: 'redis',
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `bench-match-${process.pid}-${Date.now()}`,
    });
    const queue = new MatchQueue(backend, 3);
    const worker = startMatchWorker({
      backend,
      queue,
      incremental: new IncrementalMatcher(orm, settings),
      batch: new BatchMatcher(orm, settings),
      lockDurationMs: 120_000,
    });
    await worker.waitUntilReady();
    let matched = 0;
    let failed: Error | null = null;
    const jobMs: number[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((res) => (done = res));
    let lastCompletion = 0;
    worker.on('completed', (job, result: MatchJobResult) => {
      if (result.kind !== 'batch') matched += result.matched;
      lastCompletion = performance.now();
      if (job.processedOn && job.finishedOn) jobMs.push(job.finishedOn - job.processedOn);
      if (matched >= queued.length) done();
    });
    worker.on('failed', (_job, err) => {
      failed = err;
      done();
    });
    sqlStats.on = true;
    const tq = performance.now();
    const { summary: queueProfile } = await profiler.profile('hub-incremental-queue', async () => {
      await queue.matchRecords(queued);
      const budget = budgetMs > 0 ? setTimeout(done, budgetMs) : null;
      await finished;
      if (budget) clearTimeout(budget);
      // over budget: the job in hand finishes (and counts), the rest are dropped
      if (matched < queued.length) await worker.close();
    });
    const queueMs = (matched < queued.length ? lastCompletion : performance.now()) - tq;
    sqlStats.on = false;
    profiles.incrementalQueue = queueProfile;
    if (failed) throw failed;
    report.throughput = {
      enqueued: queued.length,
      matched,
      jobs: jobMs.length,
      seconds: sec(queueMs),
      recordsPerSecond: round(matched / (queueMs / 1000), 1),
      jobMs: distribution(jobMs),
      pendingAfter: await pendingCount(client),
      sql: takeSqlStats(),
    };
    log(`throughput: ${(report.throughput as { recordsPerSecond: number }).recordsPerSecond} records/s`);
    await queue.queue.obliterate({ force: true });
    await backend.close();
    report.accuracyAfterIncremental = await hubAccuracy(client, data.recordsFile);
    const [{ size }] = (await client.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)).rows;
    report.databaseSize = size;
    report.maxRssMiB = maxRssMiB();
    report.profiles = profiles;
  } finally {
    profiler.close();
    await client.end();
    await orm.close();
    if (!args['keep-db'] && !reuse) await adminClient.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await adminClient.end();
  }
  return report;
}

/**
 * BatchMatcher.run()'s steps one by one, on the same repository and writer, for a hub where the
 * full run is impractical: every step runs on all records except the explanation and the
 * `storePairs` of the scored pairs, which run on an even sample of them (the rest of the pairs
 * are COPYed with an empty explanation, which no incremental query reads); their time for all
 * pairs is projected from the sample. Golden customers are written by `writeGoldenCustomers` in
 * chunks of clusters, one transaction each.
 */
async function stagedHubBatch(orm: Awaited<ReturnType<typeof initOrm>>, client: Client) {
  const started = new Date();
  const em = orm.em.fork();
  const repo = new MatchingRepository(em);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const pending = await repo.pendingVersions();
  const loaded: LoadedRecord[] = [];
  for await (const page of repo.allRecords()) loaded.push(...page);
  timings.loading = performance.now() - t;
  log(`staged hub batch: loaded ${loaded.length} records in ${sec(timings.loading)} s`);

  t = performance.now();
  const records = loaded.map((r) => r.match);
  const result = matchBatch(records, settings.match);
  timings.matching = performance.now() - t;
  log(`staged hub batch: matched in ${sec(timings.matching)} s, ${result.candidates.length} candidates`);

  const scorer = createScorer(result.model, settings.match);
  const byId = new Map(records.map((r) => [r.id, r]));
  const sampleSize = Math.min(Number(args['pair-sample']), result.candidates.length);
  const every = Math.max(1, Math.floor(result.candidates.length / Math.max(1, sampleSize)));
  const inSample = (k: number) => k % every === 0 && k / every < sampleSize;
  t = performance.now();
  const sample: StoredPair[] = [];
  for (let k = 0; k < result.candidates.length; k++) {
    if (!inSample(k)) continue;
    const c = result.candidates[k]!;
    const explanation = scorer.explain(byId.get(c.a)!, byId.get(c.b)!);
    sample.push({ a: c.a, b: c.b, weight: c.weight, probability: c.probability, explanation, status: c.weight >= scorer.autoLinkWeight ? 'AUTO_LINK' : 'REVIEW' });
  }
  timings.explainSample = performance.now() - t;
  const explanationBytes = sample.reduce((n, p) => n + JSON.stringify(p.explanation).length, 0) / Math.max(1, sample.length);
  const modelId = await repo.saveModel(result.model, settings.match, { ...result.stats, bench: 'staged' });
  t = performance.now();
  await orm.em.fork().transactional((tx) => new MatchingRepository(tx).storePairs(sample, modelId));
  timings.storePairsSample = performance.now() - t;
  log(`staged hub batch: explained ${sample.length} pairs in ${sec(timings.explainSample)} s, stored them in ${sec(timings.storePairsSample)} s`);

  t = performance.now();
  const autoLink = scorer.autoLinkWeight;
  async function* pairLines() {
    let chunk = '';
    for (let k = 0; k < result.candidates.length; k++) {
      if (inSample(k)) continue;
      const c = result.candidates[k]!;
      chunk += `${c.a}\t${c.b}\t${c.weight}\t${c.probability}\t{}\t${c.weight >= autoLink ? 'AUTO_LINK' : 'REVIEW'}\t${modelId}\n`;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  const copy = client.query(copyFrom(`COPY match_candidate (record_a, record_b, weight, probability, explanation, status, model_id) FROM STDIN`));
  await pipeline(Readable.from(pairLines()), copy);
  timings.copyOtherPairs = performance.now() - t;
  log(`staged hub batch: COPY of ${copy.rowCount} other pairs in ${sec(timings.copyOtherPairs)} s`);

  const survivors = new Map(loaded.map((r) => [r.match.id, r.survivor]));
  loaded.length = 0;
  const chunkClusters = 20_000;
  const golden: GoldenWriteResult = { created: 0, updated: 0, merged: 0, retired: 0, events: 0 };
  const chunkMs: number[] = [];
  t = performance.now();
  for (let i = 0; i < result.clusters.length; i += chunkClusters) {
    const c = performance.now();
    const written = await orm.em.fork().transactional((tx) =>
      writeGoldenCustomers(tx, {
        clusters: result.clusters.slice(i, i + chunkClusters),
        records: survivors,
        removedRecordIds: [],
        policy: settings.survivorship,
        actor: 'matcher',
        now: started,
      }),
    );
    chunkMs.push(performance.now() - c);
    for (const k of Object.keys(golden) as (keyof GoldenWriteResult)[]) golden[k] += written[k];
  }
  timings.goldenWrite = performance.now() - t;
  log(`staged hub batch: ${result.clusters.length} golden customers written in ${sec(timings.goldenWrite)} s`);
  t = performance.now();
  await repo.clearPending(pending);
  timings.clearPending = performance.now() - t;

  const n = result.candidates.length;
  return {
    records: records.length,
    clusters: result.clusters.length,
    candidates: n,
    pairsCompared: result.stats.pairsCompared,
    oversizedBlocks: result.stats.oversized.length,
    matchingStagesSeconds: Object.fromEntries(Object.entries(result.stats.timingsMs).map(([k, v]) => [k, sec(v)])),
    timingsSeconds: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, sec(v)])),
    pairSample: sample.length,
    meanExplanationBytes: Math.round(explanationBytes),
    projectedForAllPairs: {
      explainSeconds: sec((timings.explainSample! / Math.max(1, sample.length)) * n),
      storePairsSeconds: sec((timings.storePairsSample! / Math.max(1, sample.length)) * n),
      explanationGiB: round((explanationBytes * n) / 2 ** 30, 2),
    },
    goldenChunks: { clustersPerChunk: chunkClusters, chunkMs: distribution(chunkMs) },
    golden,
  };
}

function summariseBatchRun(r: BatchRunResult) {
  return {
    records: r.records,
    clusters: r.clusters,
    candidatesStored: r.candidates,
    pairsCompared: r.stats.pairsCompared,
    oversizedBlocks: r.stats.oversized.length,
    golden: r.golden,
    timingsSeconds: Object.fromEntries(Object.entries(r.timingsMs).map(([k, v]) => [k, sec(v)])),
    matchingStagesSeconds: Object.fromEntries(Object.entries(r.stats.timingsMs).map(([k, v]) => [k, sec(v)])),
  };
}

// ---- the orchestrating process -------------------------------------------------------------------

function runChild(phase: string, nodeArgs: string[] = []): Promise<unknown> {
  const out = join(root, `match-${phase}-${process.pid}.json`);
  return runChildPhase({ script: __filename, phase, args: process.argv.slice(2), out, nodeArgs, log });
}

/** which code was measured: the commit, whether matching's files differed from it, and fingerprints */
function codeVersion() {
  const git = (...a: string[]) => {
    try {
      return execFileSync('git', a, { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommitted: git('status', '--porcelain', '--', 'src/matching', 'src/resolution', 'src/golden', 'src/standardize', 'jobs')
      ?.split('\n')
      .filter(Boolean),
    matchingFingerprint: codeFingerprint(['src/matching']),
    resolutionFingerprint: codeFingerprint(['src/resolution', 'src/golden', 'jobs']),
  };
}

async function main(): Promise<void> {
  if (args.phase) {
    const phases: Record<string, () => Promise<unknown>> = { prepare: runPrepare, batch: runBatch, hub: runHub };
    const result = await phases[args.phase]!();
    writeFileSync(args.out!, JSON.stringify(result, null, 2));
    return;
  }
  mkdirSync(root, { recursive: true });
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const started = new Date();
  let prepared: PreparedData | null = cachedData(dir);
  let preparation: unknown = { cached: true };
  if (!prepared) {
    // generation holds the whole sample in memory: give it room (not a measured figure)
    preparation = await runChild('prepare', ['--max-old-space-size=16384']);
    prepared = cachedData(dir)!;
  }
  const report: Record<string, unknown> = {
    command: `node dist/bench/match.js ${process.argv.slice(2).join(' ')}`,
    date: started.toISOString(),
    machine: machineDescription(),
    customers,
    seed,
    data: { ...prepared.meta, file: prepared.dir, preparedNow: preparation },
    code: codeVersion(),
  };
  if (!args['skip-batch']) report.batch = await runChild('batch', ['--expose-gc']);
  if (!args['skip-hub']) report.hub = await runChild('hub', [`--max-old-space-size=${args['hub-heap-mib']}`]);
  const text = JSON.stringify(report, null, 2);
  console.log(text);
  writeFileSync(join(root, `match-report-${records}-${seed}.json`), text);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
