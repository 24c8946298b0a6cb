/**
 * Customer view benchmark (issue C): the full `Customer` query (schema/operations/customers.graphql:
 * survived fields, provenance, linked records, segments, history, links, live holdings from the
 * three sources) through the real API with auth on, under autocannon, against a raw `pg` + `fetch`
 * baseline doing the same reads for the same ids at the same concurrency.
 *
 *   npm run bench:customer-view -- [--customers 20000] [--seed 42] [--connections 50] [--duration 20]
 *                                  [--warmup 3] [--ids 5000] [--fresh] [--cpu-prof] [--no-record]
 *
 * - Data: database `hub_bench_view` on BENCH_DATABASE_URL's server (default
 *   postgres://postgres@127.0.0.1:5432/postgres), made by bench/view-data.ts in a child process
 *   (the sample systems generated, ingested, batch-matched, segmented; per-stage timings printed)
 *   and kept for the next run of the same --customers and --seed; --fresh makes it again.
 * - Serving: the sample cards API in a child process (it stands for another system), and in this
 *   process the real API (`startApi`, JWT bearer token of role APP, default query limits, silent
 *   logger, production settings) over CustomerService + HoldingsGateway and the three real
 *   connectors; ORM pool 10 as in app.ts, the connectors' own pools of 4.
 * - Load: autocannon in a child process (so its CPU is not this process's), --warmup seconds
 *   unrecorded then --duration seconds, each request for the next of --ids random ACTIVE golden ids.
 *   Phases: `Customer`; `Customers` (first: 20, after a random id's cursor); the raw baseline
 *   (bench/raw-view.ts: --connections workers in this process, same ids, same pool sizes).
 * - NODE_ENV is production unless set (bench/production-env.ts), as the hub is deployed.
 * - --cpu-prof (also done when a target is missed): one more `Customer` phase under V8's sampling
 *   profiler (bench/cpu-profile.ts), top self-time functions and modules; figures of that phase
 *   are slowed by the profiler and not compared.
 *
 * Prints a JSON report and appends a section to bench/RESULTS.md (unless --no-record).
 * Not a test: nothing here asserts a time.
 */
import './production-env.js';
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import pino from 'pino';
import { createConnectors } from '../connectors/index.js';
import type { SourceSystem } from '../connectors/contract.js';
import { signToken } from '../src/api/auth.js';
import { checkHealth } from '../src/api/health.js';
import { startApi } from '../src/api/server.js';
import { ConsentService } from '../src/policy/consent.service.js';
import { PolicyService } from '../src/policy/policy.service.js';
import { CustomerService } from '../src/customer/customer.service.js';
import { encodeCursor } from '../src/customer/cursor.js';
import { HoldingsGateway } from '../src/customer/holdings.js';
import { initOrm } from '../src/db/orm.js';
import { SourceSystemService } from '../src/ingest/source-system.service.js';
import { startCardApiServer } from '../src/sample/cards/card-api.server.js';
import { runChildPhase } from './child-phase.js';
import { modulesOf, SectionProfiler, stagesOf, type ModuleShare, type ProfileSummary, type Stage, type StageShare } from './cpu-profile.js';
import { loadAverage, machineDescription, maxRssMiB, postgresVersion } from './machine.js';
import { closedLoop, RawCustomerView, type ClosedLoopResult } from './raw-view.js';
import { instrumentSql, sqlStats, takeSqlStats } from './sql-stats.js';
import { prepareViewData, sampleActiveIds, VIEW_SCHEMAS, type ViewData } from './view-data.js';

const DB_NAME = 'hub_bench_view';
/** as app.ts with DATABASE_URL set */
const ORM_POOL_MAX = 10;
/** HOLDINGS_TIMEOUT_MS and CUSTOMERS_MAX_PAGE_SIZE defaults (src/config/config.ts) */
const HOLDINGS_TIMEOUT_MS = 2000;
const MAX_PAGE_SIZE = 100;
const CARDS_API_POOL_MAX = 8;
const TARGET = { throughputRatio: 0.5, p99Ms: 25 };

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '42' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    ids: { type: 'string', default: '5000' },
    'profile-seconds': { type: 'string', default: '10' },
    fresh: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'no-record': { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.data/bench' },
    // internal: a child's phase, its input and where it writes its result
    phase: { type: 'string' },
    spec: { type: 'string' },
    out: { type: 'string' },
  },
});

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = resolve(args['data-dir']!);
const connections = Number(args.connections);
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);
const operations = readFileSync(join(__dirname, '..', '..', 'schema', 'operations', 'customers.graphql'), 'utf8');

const log = (msg: string) => process.stderr.write(`[bench:customer-view ${args.phase ?? 'main'} ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const round = (x: number, digits = 1) => +x.toFixed(digits);

// ---- child phases --------------------------------------------------------------------------------

interface LoadSpec {
  url: string;
  token: string;
  operation: 'Customer' | 'Customers';
  ids: string[];
  connections: number;
  seconds: number;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
}

/** autocannon on one operation, each request for the next id */
async function runLoad(): Promise<LoadResult> {
  const spec = JSON.parse(readFileSync(args.spec!, 'utf8')) as LoadSpec;
  const variables = (id: string) => (spec.operation === 'Customer' ? { id } : { first: 20, after: encodeCursor(id) });
  const bodies = spec.ids.map((id) => JSON.stringify({ query: operations, operationName: spec.operation, variables: variables(id) }));
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.token}`, 'x-purpose': 'SERVICE' },
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
  });
  return {
    seconds: result.duration,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    latencyMs: { mean: result.latency.mean, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

/** the sample cards API on its own, until SIGTERM; prints its URL as the first line of stdout */
async function serveCards(): Promise<void> {
  const spec = JSON.parse(readFileSync(args.spec!, 'utf8')) as { dbUrl: string };
  const pool = new Pool({ connectionString: spec.dbUrl, max: CARDS_API_POOL_MAX });
  const cards = await startCardApiServer({ pool, schema: VIEW_SCHEMAS.cards, port: 0 });
  process.stdout.write(`${JSON.stringify({ url: cards.url })}\n`);
  await new Promise<void>((res) => process.once('SIGTERM', () => res()));
  await cards.close();
  await pool.end();
}

// ---- the measuring process -----------------------------------------------------------------------

function writeSpec(name: string, spec: unknown): string {
  const file = join(root, `view-${name}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

async function startCardsProcess(dbUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [__filename, '--phase', 'cards', '--spec', writeSpec('cards', { dbUrl })], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((res, rej) => {
    lines.once('line', res);
    child.once('exit', (code) => rej(new Error(`cards API exited with ${code}`)));
  });
  return { url: (JSON.parse(first) as { url: string }).url, child };
}

/** per source: lookups made by the hub's HoldingsGateway, their time and failures */
type SourceTally = Record<string, { calls: number; ms: number; failed: number }>;

interface Phase<T> {
  result: T;
  loadAverage: { start: number[]; end: number[] };
  /** share of the time this process's event loop was busy */
  eventLoopUtilization: number;
}

async function measured<T>(fn: () => Promise<T>): Promise<Phase<T>> {
  const start = loadAverage();
  const elu = nodePerformance.eventLoopUtilization();
  const result = await fn();
  return { result, loadAverage: { start, end: loadAverage() }, eventLoopUtilization: round(nodePerformance.eventLoopUtilization(elu).utilization, 2) };
}

async function main(): Promise<void> {
  if (args.phase) {
    const phases: Record<string, () => Promise<unknown>> = {
      prepare: () => prepareViewData(adminUrl, DB_NAME, { customers: Number(args.customers), seed: Number(args.seed) }, { fresh: args.fresh, log }),
      load: runLoad,
      cards: serveCards,
    };
    const result = await phases[args.phase]!();
    if (args.out) writeFileSync(args.out, JSON.stringify(result, null, 2));
    return;
  }
  mkdirSync(root, { recursive: true });
  const started = new Date();
  const loadAtStart = loadAverage();
  log(`load average at start: ${loadAtStart.join(' ')}`);

  // 1. data, in a child so that generating the sample does not count in this process's peak RSS
  const data = await runChildPhase<ViewData>({ script: __filename, phase: 'prepare', args: process.argv.slice(2), out: join(root, `view-prepare-${process.pid}.json`), log });
  log(`data: ${JSON.stringify(data.counts)}; preparation ${JSON.stringify(data.stagesSeconds)}`);
  const ids = await sampleActiveIds(data.url, Number(args.ids), Number(args.seed));

  // 2. the cards system, the hub API, and the baseline's pools
  const cards = await startCardsProcess(data.url);
  instrumentSql();
  const orm = await initOrm(data.url, { poolMax: ORM_POOL_MAX });
  const connectors = createConnectors({
    core_banking: { databaseUrl: data.url, schema: VIEW_SCHEMAS.coreBanking },
    cards: { baseUrl: cards.url },
    loans: { databaseUrl: data.url, schema: VIEW_SCHEMAS.loans },
  });
  const sources: SourceTally = {};
  const holdings = new HoldingsGateway(connectors, HOLDINGS_TIMEOUT_MS, (system, seconds, outcome) => {
    const s = (sources[system] ??= { calls: 0, ms: 0, failed: 0 });
    s.calls += 1;
    s.ms += seconds * 1000;
    if (outcome !== 'ok') s.failed += 1;
  });
  const keys = { secret: randomBytes(32).toString('hex'), issuer: 'customer-hub' };
  const token = signToken(keys, { subject: 'bench-app', role: 'APP', purposes: ['SERVICE'] });
  const api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: true,
    logger: pino({ level: 'silent' }),
    services: {
      health: () => checkHealth(orm),
      sourceSystems: new SourceSystemService(orm, connectors, { requestSync: async () => undefined }),
      customers: new CustomerService(orm, holdings, MAX_PAGE_SIZE),
      policy: new PolicyService(orm),
      consents: new ConsentService(orm),
    },
  });
  const pools = {
    hub: new Pool({ connectionString: data.url, max: ORM_POOL_MAX }),
    core: new Pool({ connectionString: data.url, max: 4 }),
    loans: new Pool({ connectionString: data.url, max: 4 }),
  };
  const raw = new RawCustomerView({
    hub: pools.hub,
    coreBanking: { pool: pools.core, schema: VIEW_SCHEMAS.coreBanking },
    loans: { pool: pools.loans, schema: VIEW_SCHEMAS.loans },
    cardsApiUrl: cards.url,
    cardsTimeoutMs: HOLDINGS_TIMEOUT_MS,
  });
  const pgVersion = await postgresVersion((sql) => pools.hub.query(sql));

  try {
    const sample = await sanityCheck(api.graphqlUrl, token, ids.slice(0, 20), raw);
    log(`sanity: ${JSON.stringify(sample)}`);

    const load = async (operation: LoadSpec['operation'], seconds: number) =>
      runChildPhase<LoadResult>({
        script: __filename,
        phase: 'load',
        args: ['--spec', writeSpec('load', { url: api.graphqlUrl, token, operation, ids, connections, seconds } satisfies LoadSpec)],
        out: join(root, `view-load-${process.pid}.json`),
      });
    /** warm-up, then the measured run with SQL statement and source lookup timings of this process */
    const hubPhase = async (operation: LoadSpec['operation']) => {
      log(`${operation}: warm-up ${warmupS} s, then ${durationS} s at ${connections} connections`);
      await load(operation, warmupS);
      takeSqlStats();
      for (const k of Object.keys(sources)) delete sources[k];
      sqlStats.on = true;
      const phase = await measured(() => load(operation, durationS));
      sqlStats.on = false;
      const n = Math.max(1, phase.result.requests);
      const sql = takeSqlStats(8);
      const perRequest = {
        sqlStatements: round(sql.reduce((s, r) => s + r.calls, 0) / n, 2),
        sqlMs: round(sql.reduce((s, r) => s + r.totalMs, 0) / n, 2),
        ...Object.fromEntries(Object.entries(sources).map(([system, s]) => [`${system}Ms`, round(s.ms / n, 2)])),
      };
      const sourceLookups = Object.fromEntries(Object.entries(sources).map(([system, s]) => [system, { calls: s.calls, meanMs: round(s.ms / Math.max(1, s.calls), 2), failed: s.failed }]));
      log(`${operation}: ${phase.result.requestsPerSecond} req/s, p50 ${phase.result.latencyMs.p50} ms, p99 ${phase.result.latencyMs.p99} ms`);
      return { ...phase, perRequest, sourceLookups, sql };
    };

    const customer = await hubPhase('Customer');
    const customers = await hubPhase('Customers');
    const hubMaxRssMiB = maxRssMiB();

    log(`raw baseline: warm-up ${warmupS} s, then ${durationS} s with ${connections} workers`);
    const rawRead = (i: number) => raw.read(ids[i % ids.length]!);
    await closedLoop(connections, warmupS * 1000, rawRead);
    Object.assign(raw.stages, { golden: 0, hubReads: 0, holdings: 0, serialize: 0 });
    const rawPhase = await measured(() => closedLoop(connections, durationS * 1000, rawRead));
    const rn = Math.max(1, rawPhase.result.requests);
    const rawPerRequest = Object.fromEntries(Object.entries(raw.stages).map(([k, ms]) => [`${k}Ms`, round(ms / rn, 2)]));
    log(`raw: ${rawPhase.result.requestsPerSecond} req/s, p50 ${rawPhase.result.latencyMs.p50} ms, p99 ${rawPhase.result.latencyMs.p99} ms`);

    const ratio = round(customer.result.requestsPerSecond / Math.max(1, rawPhase.result.requestsPerSecond), 2);
    const targets = {
      throughputRatio: { value: ratio, target: `>= ${TARGET.throughputRatio}`, met: ratio >= TARGET.throughputRatio },
      p99Ms: { value: customer.result.latencyMs.p99, target: `<= ${TARGET.p99Ms}`, met: customer.result.latencyMs.p99 <= TARGET.p99Ms },
    };

    let profile: { phase: Phase<LoadResult>; summary: ProfileSummary | null; stages: StageShare[]; modules: ModuleShare[] } | null = null;
    if (args['cpu-prof'] || !targets.throughputRatio.met || !targets.p99Ms.met) {
      const dir = join(root, 'prof');
      mkdirSync(dir, { recursive: true });
      const seconds = Number(args['profile-seconds']);
      log(`profile: Customer for ${seconds} s under the sampling profiler (figures of this phase not compared)`);
      const profiler = new SectionProfiler(dir);
      const { value, summary } = await profiler.profile('customer-view', () => measured(() => load('Customer', seconds)));
      profiler.close();
      profile = { phase: value, summary, stages: summary ? stagesOf(summary.file, STAGES) : [], modules: summary ? modulesOf(summary.file) : [] };
    }

    const report = {
      command: ['npm run bench:customer-view', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      date: started.toISOString(),
      machine: `${machineDescription()}, ${pgVersion}, NODE_ENV=${process.env.NODE_ENV}`,
      loadAverage: { start: loadAtStart, end: loadAverage() },
      data: { database: DB_NAME, ...data.key, preparedNow: data.preparedNow, preparationSeconds: data.stagesSeconds, ...data.counts, idsRotated: ids.length },
      settings: { connections, durationS, warmupS, ormPoolMax: ORM_POOL_MAX, connectorPoolMax: 4, cardsApiPoolMax: CARDS_API_POOL_MAX, holdingsTimeoutMs: HOLDINGS_TIMEOUT_MS },
      sample,
      customer,
      raw: { ...rawPhase, perRequest: rawPerRequest },
      customers,
      targets,
      peakRssMiB: { hubProcessAfterHubPhases: hubMaxRssMiB, processAtEnd: maxRssMiB() },
      profile,
    };
    const text = JSON.stringify(report, null, 2);
    console.log(text);
    writeFileSync(join(root, `customer-view-report-${data.key.customers}-${data.key.seed}.json`), text);
    if (!args['no-record']) {
      appendFileSync(join(__dirname, '..', '..', 'bench', 'RESULTS.md'), resultsSection(report));
      log('appended to bench/RESULTS.md');
    }
  } finally {
    await api.close();
    await Promise.all([...connectors.values()].map((c) => c.close()));
    await orm.close();
    await Promise.all(Object.values(pools).map((p) => p.end()));
    cards.child.kill('SIGTERM');
  }
}

/** one Customer and one Customers answer checked for errors, and the size of what they return */
async function sanityCheck(url: string, token: string, ids: string[], raw: RawCustomerView) {
  const post = async (operationName: string, variables: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'SERVICE' },
      body: JSON.stringify({ query: operations, operationName, variables }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as { data?: any; errors?: unknown[] };
    if (res.status !== 200 || body.errors) throw new Error(`${operationName}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return { body, bytes: text.length };
  };
  let bytes = 0;
  let records = 0;
  let holdings = 0;
  for (const id of ids) {
    const { body, bytes: b } = await post('Customer', { id });
    const c = body.data.customer;
    bytes += b;
    records += c.sourceRecords.length;
    holdings += c.holdings.deposits.length + c.holdings.cards.length + c.holdings.loans.length;
  }
  const page = await post('Customers', { first: 20, after: encodeCursor(ids[0]!) });
  const rawBytes = (await raw.read(ids[0]!))?.length ?? 0;
  return {
    customersChecked: ids.length,
    meanCustomerResponseBytes: Math.round(bytes / ids.length),
    meanLinkedRecords: round(records / ids.length, 2),
    meanHoldings: round(holdings / ids.length, 2),
    customersPageBytes: page.bytes,
    rawBodyBytesFirstId: rawBytes,
  };
}

/**
 * Stages of the hub process's CPU (bench/cpu-profile.ts stagesOf): each sample goes to the highest-ranked
 * stage found anywhere on its stack (so SQL sent from a resolver counts as SQL, not as GraphQL
 * execution). Replies read off sockets arrive on their own ticks, with no caller but `pg`.
 */
const STAGES: Stage[] = [
  ['auth (JWT verify)', (url, fn) => url.includes('/src/api/auth') || fn === 'principalFromHeader'],
  ['query limits (validate)', (url) => url.includes('/src/api/limits')],
  ['hub SQL: MikroORM, knex, pg send', (url) => /@mikro-orm|\/knex\//.test(url)],
  ['holdings: connectors (pg, fetch, mapping)', (url) => url.includes('/dist/connectors/') || url.includes('/src/customer/holdings')],
  ['GraphQL execution (graphql, type-graphql, resolvers)', (url) => /node_modules\/graphql\/execution|type-graphql|dataloader|\/src\/customer\//.test(url)],
  ['Apollo pipeline and response JSON', (url) => url.includes('@apollo/') || url.includes('/src/api/')],
  ['HTTP server (node http, express, body-parser)', (url) => /express|body-parser|router|node:_http|raw-body/.test(url)],
  ['pg: reading replies', (url) => /node_modules\/pg(-protocol)?\//.test(url)],
  ['fetch (undici) to the cards API', (url) => url.includes('undici')],
];

function resultsSection(r: any): string {
  const row = (name: string, p: { result: LoadResult | ClosedLoopResult; loadAverage: { start: number[]; end: number[] }; eventLoopUtilization: number }, extra = '') =>
    `| ${name} | ${p.result.requests.toLocaleString('en')} | **${p.result.requestsPerSecond.toLocaleString('en')}** | ${p.result.latencyMs.p50} | **${p.result.latencyMs.p99}** | ${p.result.latencyMs.max} | ${p.eventLoopUtilization} | ${p.loadAverage.start[0]} → ${p.loadAverage.end[0]} | ${extra} |`;
  const errs = (p: LoadResult) => `non-2xx ${p.non2xx}, errors ${p.errors}`;
  const t = r.targets;
  const lines = [
    '',
    `## bench/customer-view — Customer view (issue C), ${r.date.slice(0, 10)}`,
    '',
    `Command: \`${r.command}\``,
    '',
    `Machine: ${r.machine}. Load average (1 min) at start ${r.loadAverage.start[0]}, at end ${r.loadAverage.end[0]} (shared machine).`,
    '',
    `Data: \`${r.data.database}\`, ${r.data.customers.toLocaleString('en')} customers (seed ${r.data.seed}): ${r.data.sourceRows.toLocaleString('en')} source rows, ` +
      `${r.data.records.toLocaleString('en')} live records, ${r.data.activeGoldens.toLocaleString('en')} ACTIVE and ${r.data.mergedGoldens} MERGED golden customers; ` +
      (r.data.preparedNow
        ? `prepared in this run (s): ${Object.entries(r.data.preparationSeconds).map(([k, v]) => `${k} ${v}`).join(' · ')}.`
        : 'reused from an earlier run (`--fresh` rebuilds).') +
      ` Requests rotate over ${r.data.idsRotated.toLocaleString('en')} random ACTIVE ids; a Customer answer averages ${r.sample.meanCustomerResponseBytes.toLocaleString('en')} bytes ` +
      `(${r.sample.meanLinkedRecords} linked records, ${r.sample.meanHoldings} holdings).`,
    '',
    `${r.settings.connections} connections, ${r.settings.warmupS} s warm-up then ${r.settings.durationS} s per phase. Hub: auth on (HS256 bearer, APP), default limits, ` +
      `ORM pool ${r.settings.ormPoolMax}, connector pools ${r.settings.connectorPoolMax}; cards API in its own process (pool ${r.settings.cardsApiPoolMax}); autocannon in its own process. ` +
      `Raw: the same statements and cards call with plain pg/fetch, same pool sizes, ${r.settings.connections} workers in the hub's process, no HTTP in front.`,
    '',
    '| phase | requests | req/s | p50 ms | p99 ms | max ms | event loop busy | load avg | |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    row('hub `Customer` (full view)', r.customer, errs(r.customer.result)),
    row('raw pg + fetch, same reads', r.raw, `errors ${r.raw.result.errors}`),
    row('hub `Customers` (first: 20)', r.customers, errs(r.customers.result)),
    '',
    `- **hub ÷ raw throughput: ${t.throughputRatio.value}** (target ${t.throughputRatio.target}: **${t.throughputRatio.met ? 'met' : 'not met'}**); ` +
      `**hub p99 ${t.p99Ms.value} ms** (target ${t.p99Ms.target}: **${t.p99Ms.met ? 'met' : 'not met'}**).`,
    `- Peak RSS of the hub process: ${r.peakRssMiB.hubProcessAfterHubPhases} MiB after the hub phases (${r.peakRssMiB.processAtEnd} MiB at the end, raw baseline included).`,
    `- Per Customer request in the hub (means; records, history and links run at once, so the parts overlap): ${r.customer.perRequest.sqlStatements} SQL statements, ${r.customer.perRequest.sqlMs} ms summed (pool wait included), ` +
      Object.entries(r.customer.sourceLookups).map(([s, v]: [string, any]) => `${s} lookup ${v.meanMs} ms (${v.failed} failed)`).join(', ') +
      `; mean latency ${r.customer.result.latencyMs.mean} ms.`,
    `- Per raw read (means): golden ${r.raw.perRequest.goldenMs} ms, records/events/links ${r.raw.perRequest.hubReadsMs} ms, holdings ${r.raw.perRequest.holdingsMs} ms, JSON ${r.raw.perRequest.serializeMs} ms.`,
    `- Hub SQL during the Customer phase, by total time: ` + r.customer.sql.slice(0, 5).map((s: any) => `\`${s.sql.slice(0, 48)}…\` ${s.calls}× ${s.meanMs} ms`).join('; ') + '.',
  ];
  if (r.profile?.summary) {
    const p = r.profile;
    lines.push(
      `- CPU profile of one more Customer phase (${p.phase.result.requestsPerSecond} req/s under the profiler, event loop busy ${p.phase.eventLoopUtilization}): ` +
        `CPU by stage: ` + p.stages.map((x: StageShare) => `${x.stage} ${x.pct} %`).join(', ') + '; ' +
        `self time by module: ` + p.modules.slice(0, 8).map((m: ModuleShare) => `${m.module} ${m.selfPct} %`).join(', ') + '; ' +
        `top functions: ` + p.summary.top.slice(0, 8).map((f: any) => `${f.fn} (${f.where.replace(/^.*node_modules\//, '')}) ${f.selfPct} %`).join(', ') + '.',
    );
  }
  return `${lines.join('\n')}\n`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
