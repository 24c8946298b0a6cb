/**
 * Stewardship benchmark (issue E): the review queue's pages and `decideMatch` through the real
 * API, and a full data-quality sweep, each beside a raw `pg` baseline measured in the same run.
 *
 *   npm run bench:stewardship -- [--customers 50000] [--seed 42] [--requests 200] [--deep 400]
 *                                 [--decisions 100] [--sweeps 2] [--fresh] [--no-record]
 *
 * - Data: database `hub_bench_steward` (bench/view-data.ts in a child process: the sample systems
 *   generated, ingested, batch-matched with the default settings, segmented), kept for the next
 *   run of the same --customers and --seed. Each run measures on a copy of it
 *   (`hub_bench_steward_run`, CREATE DATABASE … TEMPLATE), since decisions and sweeps write: the
 *   kept data stays as made, and a rerun starts from the same state.
 * - API: the real API in this process as src/app.ts wires the steward's part (ReviewQueueService,
 *   StewardshipService with the default resolution settings, PolicyService, the access log
 *   writer on every request; ORM pool 10; production settings, silent logger), a JWT of role
 *   STEWARD and `x-purpose: DATA_QUALITY`. Requests one at a time (a steward's screen, not a load
 *   test), after --warmup unrecorded ones.
 * - Queue: `matchCandidates(first: 20)` with both records, the score's terms and `wouldChange`
 *   (schema/operations-like selection of a review screen): the first page --requests times, and a
 *   page --deep pairs in (cursors followed in pages of 100) as many times, and the first page
 *   without `wouldChange` (what the merge preview costs); the SQL statements a first page sends
 *   (every `pg` client of the process), counted in a separate pass of 20. Baseline: the page's
 *   own statement (MatchingRepository.reviewQueuePage's SQL, LIMIT 21) through `pg`, both depths.
 * - decideMatch: NOT_A_MATCH on --decisions distinct REVIEW pairs in queue order, each with the
 *   current versions of the customers holding either record (read through `pg` before the
 *   request, not timed). Baseline: none that does the same work; the page statement's time is
 *   the reference for "one indexed read".
 * - Sweep: QualityService.sweep() (as jobs/quality.worker.ts, QUALITY_PAGE_SIZE 2000) in a
 *   child process per sweep (its own peak RSS; heap sampled every 50 ms), --sweeps times on the
 *   same copy (the first opens every issue, the next ones find them again). Baseline in the same
 *   child first: `SELECT count(*) FROM source_record` and every row read in id-ordered pages of
 *   2000 through `pg`.
 *
 * Prints a JSON report and appends a section to bench/RESULTS.md (unless --no-record).
 * Not a test: nothing here asserts a time.
 */
import './production-env.js';
import 'reflect-metadata';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Pool } from 'pg';
import pino from 'pino';
import { SOURCE_SYSTEMS } from '../connectors/contract.js';
import { signToken } from '../src/api/auth.js';
import { AccessLogRepository } from '../src/audit/access-log.repository.js';
import { AccessLogWriter } from '../src/audit/access-log.writer.js';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../src/golden/survivorship/survivorship-policy.js';
import { DEFAULT_MATCH_SETTINGS } from '../src/matching/engine/index.js';
import { initOrm } from '../src/orm.js';
import { PolicyService } from '../src/policy/policy.service.js';
import { QualityService } from '../src/quality/quality.service.js';
import { checkHealth } from '../src/server/health.js';
import { hubWiring, type HubServices } from '../src/server/schema.js';
import { startApi } from '../src/server/server.js';
import { ReviewQueueService } from '../src/stewardship/review-queue.service.js';
import { StewardshipService } from '../src/stewardship/stewardship.service.js';
import { runChildPhase } from './child-phase.js';
import { BENCH_ADMIN_URL, loadAverage, machineDescription, maxRssMiB, postgresVersion } from './machine.js';
import { databaseUrl, prepareViewData, type ViewData } from './view-data.js';
import { benchLog } from './view-hub.js';

const DB_NAME = 'hub_bench_steward';
const RUN_DB = 'hub_bench_steward_run';
/** as app.ts: ORM pool, CUSTOMERS_MAX_PAGE_SIZE, QUALITY_PAGE_SIZE defaults */
const ORM_POOL_MAX = 10;
const MAX_PAGE_SIZE = 100;
const QUALITY_PAGE_SIZE = 2000;

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '42' },
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    deep: { type: 'string', default: '400' },
    decisions: { type: 'string', default: '100' },
    sweeps: { type: 'string', default: '2' },
    fresh: { type: 'boolean', default: false },
    'no-record': { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.data/bench' },
    phase: { type: 'string' },
    spec: { type: 'string' },
    out: { type: 'string' },
  },
});

const log = benchLog('stewardship', args.phase);
const root = resolve(args['data-dir']!);
const round = (x: number, digits = 2) => +x.toFixed(digits);

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** nearest-rank percentiles of the samples, in ms */
function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { n: s.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(s[s.length - 1] ?? NaN), mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) };
}

async function timedLoop(n: number, warmup: number, fn: (i: number) => Promise<unknown>): Promise<Percentiles> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

// ---- child phases --------------------------------------------------------------------------------

interface SweepSpec {
  url: string;
  baseline: boolean;
}

interface SweepPhase {
  baseline?: { countMs: number; count: number; scanMs: number; scanned: number; scanPages: number; scanPeakRssMiB: number };
  sweep: { seconds: number; records: number; customers: number; pages: number; resolvedAfter: number; recordsPerSecond: number };
  peakRssMiB: number;
  peakHeapMiB: number;
  rssBeforeMiB: number;
  loadAverage: { start: number[]; end: number[] };
  cpuMs: number;
}

async function sweepPhase(spec: SweepSpec): Promise<SweepPhase> {
  let peakHeap = 0;
  const sample = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
  const sampler = setInterval(sample, 50);
  const start = loadAverage();
  const cpu = process.cpuUsage();
  let baseline: SweepPhase['baseline'];
  if (spec.baseline) {
    const client = new Client({ connectionString: spec.url });
    await client.connect();
    let t = performance.now();
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM source_record');
    const countMs = performance.now() - t;
    t = performance.now();
    let scanned = 0;
    let scanPages = 0;
    for (let after = '0'; ; ) {
      const page = await client.query<{ key: string }>('SELECT s.*, s.id::text AS key FROM source_record s WHERE s.id > $1::bigint ORDER BY s.id LIMIT $2', [after, QUALITY_PAGE_SIZE]);
      if (page.rows.length === 0) break;
      scanned += page.rows.length;
      scanPages++;
      after = page.rows[page.rows.length - 1]!.key;
    }
    const scanMs = performance.now() - t;
    await client.end();
    baseline = { countMs: round(countMs), count: Number(rows[0]!.n), scanMs: round(scanMs), scanned, scanPages, scanPeakRssMiB: maxRssMiB() };
  }
  const rssBeforeMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  const orm = await initOrm(spec.url, { poolMax: ORM_POOL_MAX });
  try {
    const quality = new QualityService(orm, { systems: [...SOURCE_SYSTEMS], pageSize: QUALITY_PAGE_SIZE, maxPageSize: MAX_PAGE_SIZE });
    const t = performance.now();
    const result = await quality.sweep(sample);
    const seconds = (performance.now() - t) / 1000;
    sample();
    clearInterval(sampler);
    const used = process.cpuUsage(cpu);
    return {
      baseline,
      sweep: { seconds: round(seconds), ...result, recordsPerSecond: Math.round(result.records / seconds) },
      peakRssMiB: maxRssMiB(),
      peakHeapMiB: Math.round(peakHeap / 2 ** 20),
      rssBeforeMiB,
      loadAverage: { start, end: loadAverage() },
      cpuMs: Math.round((used.user + used.system) / 1000),
    };
  } finally {
    await orm.close();
  }
}

async function childMain(): Promise<void> {
  let result: unknown;
  if (args.phase === 'prepare') {
    result = await prepareViewData(BENCH_ADMIN_URL, DB_NAME, { customers: Number(args.customers), seed: Number(args.seed) }, { fresh: args.fresh, log });
  } else if (args.phase === 'sweep') {
    result = await sweepPhase(JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(args.spec!, 'utf8'))) as SweepSpec);
  } else {
    throw new Error(`unknown phase ${args.phase}`);
  }
  writeFileSync(args.out!, JSON.stringify(result));
}

// ---- the measuring process -----------------------------------------------------------------------

/**
 * Statements sent by any `pg` client of this process while `on` — MikroORM, knex's raw
 * executeBound and transaction control alike (bench/sql-stats.ts sees EntityManager.execute
 * only) — by their first 60 characters.
 */
const pgStatements = { on: false, byText: new Map<string, number>() };

function countPgStatements(): void {
  const proto = Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    if (pgStatements.on) {
      const q = a[0] as string | { text?: string } | undefined;
      const text = String(typeof q === 'string' ? q : (q?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 60);
      pgStatements.byText.set(text, (pgStatements.byText.get(text) ?? 0) + 1);
    }
    return original.apply(this, a);
  };
}

/** statements per request since the last call, and the most frequent ones */
function takePgStatements(requests: number) {
  const rows = [...pgStatements.byText.entries()].sort((x, y) => y[1] - x[1]);
  pgStatements.byText.clear();
  const total = rows.reduce((n, [, c]) => n + c, 0);
  return { perRequest: round(total / Math.max(1, requests), 1), top: rows.slice(0, 6).map(([sql, calls]) => ({ sql, perRequest: round(calls / Math.max(1, requests), 1) })) };
}

const QUEUE = `query Queue($first: Int, $after: String) {
  matchCandidates(first: $first, after: $after) {
    edges { cursor node { id status probability weight reviewPriority scoredAt
      left { id system sourceKey name { full } dateOfBirth nationalId phones emails postcode }
      right { id system sourceKey name { full } dateOfBirth nationalId phones emails postcode }
      terms { field level weight left { value } right { value } }
      wouldChange { side customerId field before after } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** the same page without `wouldChange`: what the survivorship preview costs */
const QUEUE_LEAN = QUEUE.replace(/\n\s*wouldChange \{[^}]*\}/, '');

const DECIDE = `mutation Decide($id: ID!, $versions: [ExpectedVersion!]!, $reason: String!) {
  decideMatch(id: $id, decision: NOT_A_MATCH, expectedVersions: $versions, reason: $reason) { action customers { id version status mergedInto sourceRecordIds } }
}`;

/** MatchingRepository.reviewQueuePage's statement for the REVIEW queue, no filter */
const PAGE_SQL = `SELECT c.id::text AS id, c.record_a::text AS record_a, c.record_b::text AS record_b, c.weight, c.probability, c.status,
       c.review_priority, c.explanation, c.decided_by, c.decided_at, c.scored_at
  FROM match_candidate c WHERE c.status = 'REVIEW' AND (c.review_priority, c.id) < ($1::float8, $2::bigint)
  ORDER BY c.review_priority DESC, c.id DESC LIMIT $3`;
const PAGE_SQL_FIRST = `SELECT c.id::text AS id, c.record_a::text AS record_a, c.record_b::text AS record_b, c.weight, c.probability, c.status,
       c.review_priority, c.explanation, c.decided_by, c.decided_at, c.scored_at
  FROM match_candidate c WHERE c.status = 'REVIEW' ORDER BY c.review_priority DESC, c.id DESC LIMIT $1`;

async function main(): Promise<void> {
  mkdirSync(root, { recursive: true });
  countPgStatements();
  const script = __filename;
  const passOn = ['--customers', args.customers!, '--seed', args.seed!, ...(args.fresh ? ['--fresh'] : [])];
  const loadBefore = loadAverage();
  const data = await runChildPhase<ViewData>({ script, phase: 'prepare', args: passOn, out: join(root, `steward-prepare-${process.pid}.json`), log });
  log(`data: ${JSON.stringify(data.counts)}`);

  const admin = new Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${RUN_DB} WITH (FORCE)`);
  let t = performance.now();
  await admin.query(`CREATE DATABASE ${RUN_DB} TEMPLATE ${DB_NAME}`);
  const copySeconds = round((performance.now() - t) / 1000);
  const pgVersion = await postgresVersion((sql) => admin.query(sql));
  await admin.end();
  const url = databaseUrl(BENCH_ADMIN_URL, RUN_DB);
  log(`copy ${RUN_DB}: ${copySeconds} s`);

  const pool = new Pool({ connectionString: url, max: 2 });
  await pool.query('ANALYZE');
  const { rows: statusRows } = await pool.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM match_candidate GROUP BY status ORDER BY status');
  const candidates = Object.fromEntries(statusRows.map((r) => [r.status, Number(r.n)]));
  const reviewPairs = candidates.REVIEW ?? 0;

  const orm = await initOrm(url, { poolMax: ORM_POOL_MAX });
  const keys = { secret: randomBytes(32).toString('hex'), issuer: 'customer-hub' };
  const token = signToken(keys, { subject: 'bench-steward', role: 'STEWARD', purposes: ['DATA_QUALITY'] });
  const health = () => checkHealth(orm);
  const settings = { match: DEFAULT_MATCH_SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY };
  // only the steward's capabilities are wired: the others' resolvers are never called here
  const wiring = hubWiring({
    health,
    policy: new PolicyService(orm),
    stewardship: new StewardshipService(orm, settings),
    reviewQueue: new ReviewQueueService(orm, settings.survivorship, MAX_PAGE_SIZE),
  } as HubServices);
  const api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: true,
    logger: pino({ level: 'silent' }),
    health,
    wiring,
    audit: new AccessLogWriter(new AccessLogRepository(orm)),
  });

  const post = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'DATA_QUALITY' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    return { status: res.status, body, bytes: text.length };
  };
  const queuePage = async (variables: Record<string, unknown>, query = QUEUE) => {
    const r = await post(query, variables);
    if (r.status !== 200 || r.body.errors) throw new Error(`matchCandidates: HTTP ${r.status} ${JSON.stringify(r.body.errors ?? '').slice(0, 500)}`);
    return r;
  };

  const requests = Number(args.requests);
  const warmup = Number(args.warmup);
  const report: Record<string, unknown> = {
    command: `npm run bench:stewardship -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machineDescription(),
    postgres: pgVersion,
    scale: { customers: Number(args.customers), seed: Number(args.seed), ...data.counts, candidates, preparedNow: data.preparedNow, prepareStagesSeconds: data.stagesSeconds, copySeconds },
  };
  try {
    // ---- the review queue
    const first = await queuePage({ first: 20 });
    const firstEdges = first.body.data.matchCandidates.edges.length;
    // follow cursors in pages of 100 to --deep pairs in (or as deep as the queue goes)
    const deepTarget = Number(args.deep);
    let depth = 0;
    let deepCursor: string | null = null;
    let deepKey: { priority: number; id: string } | null = null;
    while (depth < deepTarget) {
      const want = Math.min(MAX_PAGE_SIZE, deepTarget - depth);
      const page: any = (await queuePage({ first: want, after: deepCursor })).body.data.matchCandidates;
      if (page.edges.length === 0) break;
      depth += page.edges.length;
      deepCursor = page.pageInfo.endCursor;
      const lastNode = page.edges[page.edges.length - 1].node;
      deepKey = { priority: lastNode.reviewPriority, id: lastNode.id };
      if (!page.pageInfo.hasNextPage) break;
    }
    log(`queue: ${reviewPairs} REVIEW pairs, first page ${firstEdges} pairs (${first.bytes} bytes), deep page after ${depth} pairs`);
    const loadQueue = loadAverage();
    const hubFirst = await timedLoop(requests, warmup, () => queuePage({ first: 20 }));
    const hubDeep = deepCursor ? await timedLoop(requests, warmup, () => queuePage({ first: 20, after: deepCursor })) : null;
    const hubLean = await timedLoop(requests, warmup, () => queuePage({ first: 20 }, QUEUE_LEAN));
    // statements per first page (a separate pass: not timed above)
    const statsPasses = 20;
    takePgStatements(1);
    pgStatements.on = true;
    for (let i = 0; i < statsPasses; i++) await queuePage({ first: 20 });
    pgStatements.on = false;
    const pageSql = takePgStatements(statsPasses);
    const rawFirst = await timedLoop(requests, warmup, () => pool.query(PAGE_SQL_FIRST, [21]));
    const rawDeep = deepKey ? await timedLoop(requests, warmup, () => pool.query(PAGE_SQL, [deepKey!.priority, deepKey!.id, 21])) : null;
    const { rows: plan } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${PAGE_SQL_FIRST.replace('$1', '21')}`);
    report.queue = {
      reviewPairs,
      firstPage: { pairs: firstEdges, responseBytes: first.bytes },
      deepPage: { after: depth },
      hub: { first: hubFirst, deep: hubDeep, firstWithoutWouldChange: hubLean },
      perFirstPage: pageSql,
      raw: { first: rawFirst, deep: rawDeep },
      ratioP50: { first: round(hubFirst.p50 / rawFirst.p50, 1), deep: hubDeep && rawDeep ? round(hubDeep.p50 / rawDeep.p50, 1) : null },
      plan: plan.map((r) => r['QUERY PLAN'].trim()).join(' | '),
      loadAverage: { start: loadQueue, end: loadAverage() },
    };
    log(`queue: ${JSON.stringify(report.queue)}`);

    // ---- decideMatch on distinct REVIEW pairs, in queue order
    const wanted = Number(args.decisions);
    const warmDecisions = Math.min(5, Math.max(0, reviewPairs - wanted));
    const { rows: pairs } = await pool.query<{ id: string; a: string; b: string }>(`${PAGE_SQL_FIRST.replace('c.id::text AS id', 'c.id::text AS id, c.record_a::text AS a, c.record_b::text AS b')}`, [wanted + warmDecisions]);
    const versionsOf = async (pair: { a: string; b: string }) => {
      const { rows } = await pool.query<{ id: string; version: number }>(
        `SELECT DISTINCT g.id, g.version FROM source_record s JOIN golden_customer g ON g.id = s.golden_id WHERE s.id IN ($1::bigint, $2::bigint)`,
        [pair.a, pair.b],
      );
      return rows.map((r) => ({ customerId: r.id, version: r.version }));
    };
    const decideErrors: Record<string, number> = {};
    let counting = false;
    const decide = async (pair: { id: string; a: string; b: string }) => {
      const versions = await versionsOf(pair);
      pgStatements.on = counting;
      const t0 = performance.now();
      const r = await post(DECIDE, { id: pair.id, versions, reason: 'bench: two people' });
      const ms = performance.now() - t0;
      pgStatements.on = false;
      if (r.status !== 200 || r.body.errors) {
        const code = String(r.body.errors?.[0]?.extensions?.code ?? `HTTP ${r.status}`);
        decideErrors[code] = (decideErrors[code] ?? 0) + 1;
      }
      return ms;
    };
    const loadDecide = loadAverage();
    const warmMs: number[] = [];
    for (const pair of pairs.slice(0, warmDecisions)) warmMs.push(round(await decide(pair)));
    const samples: number[] = [];
    takePgStatements(1);
    counting = true;
    for (const pair of pairs.slice(warmDecisions)) samples.push(await decide(pair));
    counting = false;
    const decideSql = takePgStatements(samples.length);
    report.decideMatch = {
      reviewPairs,
      decided: samples.length,
      warmupMs: warmMs,
      hub: samples.length ? percentiles(samples) : null,
      perDecision: decideSql,
      errors: decideErrors,
      loadAverage: { start: loadDecide, end: loadAverage() },
    };
    log(`decideMatch: ${JSON.stringify(report.decideMatch)}`);
  } finally {
    await api.close();
    await orm.close();
    await pool.end();
  }
  report.apiProcessPeakRssMiB = maxRssMiB();

  // ---- full quality sweeps, each in a child process
  const sweeps: SweepPhase[] = [];
  for (let i = 0; i < Number(args.sweeps); i++) {
    const spec = join(root, `steward-sweep-spec-${process.pid}.json`);
    writeFileSync(spec, JSON.stringify({ url, baseline: i === 0 } satisfies SweepSpec));
    const phase = await runChildPhase<SweepPhase>({ script, phase: 'sweep', args: ['--spec', spec], out: join(root, `steward-sweep-${process.pid}.json`), log });
    log(`sweep ${i + 1}: ${JSON.stringify(phase)}`);
    sweeps.push(phase);
  }
  report.sweeps = sweeps;
  report.loadAverage = { before: loadBefore, after: loadAverage() };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!args['no-record']) appendFileSync(join(__dirname, '..', '..', 'bench', 'RESULTS.md'), section(report as any));
}

function pct(p: Percentiles | null): string {
  return p ? `${p.n} | ${p.p50} | ${p.p95} | **${p.p99}** | ${p.max}` : 'not measured | | | |';
}

function statements(s: ReturnType<typeof takePgStatements>): string {
  return `${s.perRequest} (most frequent: ${s.top.map((t) => `\`${t.sql}…\` ${t.perRequest}`).join('; ')})`;
}

function section(r: any): string {
  const s = r.scale;
  const q = r.queue;
  const d = r.decideMatch;
  const lines = [
    '',
    `## Stewardship: review queue, decideMatch, quality sweep (${new Date().toISOString().slice(0, 16)}Z)`,
    '',
    `\`${r.command}\` — ${r.machine}, ${r.postgres}; load average ${r.loadAverage.before.join(' / ')} before, ${r.loadAverage.after.join(' / ')} after.`,
    '',
    `Scale measured: ${s.customers.toLocaleString('en')} sample customers (seed ${s.seed}): ${s.sourceRows.toLocaleString('en')} source rows, ${s.records.toLocaleString('en')} source records, ${s.activeGoldens.toLocaleString('en')} ACTIVE customers; match candidates ${JSON.stringify(s.candidates)}.`,
    '',
    '| phase | n | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| hub \`matchCandidates(first: 20)\`, first page | ${pct(q.hub.first)} |`,
    `| hub, first page without \`wouldChange\` | ${pct(q.hub.firstWithoutWouldChange)} |`,
    `| raw pg, the page's statement (LIMIT 21), first page | ${pct(q.raw.first)} |`,
    `| hub \`matchCandidates(first: 20)\`, ${q.deepPage.after} pairs in | ${pct(q.hub.deep)} |`,
    `| raw pg, the page's statement, ${q.deepPage.after} pairs in | ${pct(q.raw.deep)} |`,
    `| hub \`decideMatch(NOT_A_MATCH)\`, distinct REVIEW pairs | ${pct(d.hub)} |`,
    '',
    `- Queue: ${q.reviewPairs} REVIEW pairs; the first page holds ${q.firstPage.pairs} (${q.firstPage.responseBytes} bytes). hub ÷ raw p50: ${q.ratioP50.first} (first), ${q.ratioP50.deep ?? '–'} (deep). SQL statements per first page (all pg clients, a separate pass of 20): ${statements(q.perFirstPage)}. Load ${q.loadAverage.start[0]} → ${q.loadAverage.end[0]}. Plan: \`${q.plan}\`.`,
    `- decideMatch: ${d.decided} decisions (warm-up, not counted: ${d.warmupMs.join(', ') || 'none'} ms); errors ${JSON.stringify(d.errors)}; SQL statements per decision: ${statements(d.perDecision)}. Load ${d.loadAverage.start[0]} → ${d.loadAverage.end[0]}.`,
    `- API process peak RSS: ${r.apiProcessPeakRssMiB} MiB.`,
    '',
    '| quality sweep | seconds | records | records/s | customers | pages | peak RSS MiB | peak heap MiB | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...r.sweeps.map(
      (w: SweepPhase, i: number) =>
        `| sweep ${i + 1}${i === 0 ? ' (opens the issues)' : ' (finds them again)'} | **${w.sweep.seconds}** | ${w.sweep.records} | ${w.sweep.recordsPerSecond} | ${w.sweep.customers} | ${w.sweep.pages} | **${w.peakRssMiB}** | ${w.peakHeapMiB} | ${w.loadAverage.start[0]} → ${w.loadAverage.end[0]} |`,
    ),
    '',
    ...(r.sweeps[0]?.baseline
      ? [
          `- Baseline in the first sweep's process, before it: \`SELECT count(*) FROM source_record\` ${r.sweeps[0].baseline.countMs} ms (${r.sweeps[0].baseline.count} rows); every row read in id-ordered pages of ${QUALITY_PAGE_SIZE} through pg ${round(r.sweeps[0].baseline.scanMs / 1000)} s (${r.sweeps[0].baseline.scanPages} pages, peak RSS ${r.sweeps[0].baseline.scanPeakRssMiB} MiB). Sweep ÷ scan: ${round(r.sweeps[0].sweep.seconds / (r.sweeps[0].baseline.scanMs / 1000), 1)} (first sweep)${r.sweeps[1] ? `, ${round(r.sweeps[1].sweep.seconds / (r.sweeps[0].baseline.scanMs / 1000), 1)} (second)` : ''}.`,
        ]
      : []),
    '',
  ];
  return lines.join('\n');
}

if (args.phase) {
  childMain().then(
    () => process.exit(0),
    (err) => {
      log(`failed: ${err instanceof Error ? err.stack : String(err)}`);
      process.exit(1);
    },
  );
} else {
  main().then(
    () => process.exit(0),
    (err) => {
      log(`failed: ${err instanceof Error ? err.stack : String(err)}`);
      process.exit(1);
    },
  );
}
