/**
 * What the customer view benchmarks (bench/customer-view.ts, bench/audit.ts) share: the data
 * (`hub_bench_view`, bench/view-data.ts), the sample cards API in a child process, the hub as
 * deployed (ORM, the three real connectors, HoldingsGateway, CustomerService, policy gate) and its
 * API with auth on, the autocannon load phase in a child process, and per-phase measurements
 * (load average, event loop, SQL statements, source lookups).
 *
 * A script using it runs itself again as its child phases (bench/child-phase.ts): it passes
 * `--phase prepare|load|cards` on to `runViewChildPhase`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { MikroORM } from '@mikro-orm/postgresql';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import pino from 'pino';
import { createConnectors } from '../connectors/index.js';
import type { SourceSystem } from '../connectors/contract.js';
import { signToken, type TokenKeys } from '../src/api/auth.js';
import { checkHealth } from '../src/server/health.js';
import { hubWiring, type HubServices } from '../src/server/schema.js';
import { startApi, type RunningApi } from '../src/server/server.js';
import type { AccessLogWriter } from '../src/audit/access-log.writer.js';
import { CustomerService } from '../src/customer/customer.service.js';
import { encodeCursor } from '../src/customer/cursor.js';
import { HoldingsGateway } from '../src/holdings/holdings.gateway.js';
import { initOrm } from '../src/orm.js';
import { SourceSystemService } from '../src/ingest/source-system.service.js';
import { goldenCustomers } from '../src/golden/golden.repository.js';
import { ConsentService } from '../src/policy/consent.service.js';
import { DATA_CATEGORIES } from '../src/policy/categories.js';
import { PolicyService } from '../src/policy/policy.service.js';
import { startCardApiServer } from '../src/sample/cards/card-api.server.js';
import { runChildPhase } from './child-phase.js';
import type { Stage } from './cpu-profile.js';
import { loadAverage } from './machine.js';
import { sqlStats, takeSqlStats } from './sql-stats.js';
import { prepareViewData, VIEW_SCHEMAS } from './view-data.js';

export const DB_NAME = 'hub_bench_view';
/** as app.ts with DATABASE_URL set */
export const ORM_POOL_MAX = 10;
/** HOLDINGS_TIMEOUT_MS and CUSTOMERS_MAX_PAGE_SIZE defaults (src/config/config.ts) */
export const HOLDINGS_TIMEOUT_MS = 2000;
export const MAX_PAGE_SIZE = 100;
export const CARDS_API_POOL_MAX = 8;
export const CONNECTOR_POOL_MAX = 4;

export const OPERATIONS = readFileSync(join(__dirname, '..', '..', 'schema', 'operations', 'customers.graphql'), 'utf8');

const round = (x: number, digits = 1) => +x.toFixed(digits);

// ---- child phases --------------------------------------------------------------------------------

export type ViewOperation = 'Customer' | 'Customers';

export interface LoadSpec {
  url: string;
  token: string;
  operation: ViewOperation;
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

/** the variables of one request: `Customer` for the id, `Customers` (first: 20) after the id's cursor */
export const variablesFor = (operation: ViewOperation, id: string) => (operation === 'Customer' ? { id } : { first: 20, after: encodeCursor(id) });

/** autocannon on one operation, each request for the next id */
async function runLoad(specFile: string): Promise<LoadResult> {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec;
  const bodies = spec.ids.map((id) => JSON.stringify({ query: OPERATIONS, operationName: spec.operation, variables: variablesFor(spec.operation, id) }));
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
async function serveCards(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as { dbUrl: string };
  const pool = new Pool({ connectionString: spec.dbUrl, max: CARDS_API_POOL_MAX });
  const cards = await startCardApiServer({ pool, schema: VIEW_SCHEMAS.cards, port: 0 });
  process.stdout.write(`${JSON.stringify({ url: cards.url })}\n`);
  await new Promise<void>((res) => process.once('SIGTERM', () => res()));
  await cards.close();
  await pool.end();
}

export interface ViewChildArgs {
  phase: string;
  spec?: string;
  adminUrl: string;
  customers: number;
  seed: number;
  fresh: boolean;
  log: (msg: string) => void;
}

/** a child phase of a view benchmark: `prepare` (the data), `load` (autocannon), `cards` (the cards API) */
export function runViewChildPhase(a: ViewChildArgs): Promise<unknown> {
  const phases: Record<string, () => Promise<unknown>> = {
    prepare: () => prepareViewData(a.adminUrl, DB_NAME, { customers: a.customers, seed: a.seed }, { fresh: a.fresh, log: a.log }),
    load: () => runLoad(a.spec!),
    cards: () => serveCards(a.spec!),
  };
  const phase = phases[a.phase];
  if (!phase) throw new Error(`unknown phase ${a.phase}`);
  return phase();
}

// ---- the measuring process -----------------------------------------------------------------------

/** writes a child's input next to the benchmark's other files */
export function specWriter(root: string, prefix: string): (name: string, spec: unknown) => string {
  return (name, spec) => {
    const file = join(root, `${prefix}-${name}-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(spec));
    return file;
  };
}

export async function startCardsProcess(script: string, specFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [script, '--phase', 'cards', '--spec', specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((res, rej) => {
    lines.once('line', res);
    child.once('exit', (code) => rej(new Error(`cards API exited with ${code}`)));
  });
  return { url: (JSON.parse(first) as { url: string }).url, child };
}

/** per source: lookups made by the hub's HoldingsGateway, their time and failures */
export type SourceTally = Record<string, { calls: number; ms: number; failed: number }>;

export interface Phase<T> {
  result: T;
  loadAverage: { start: number[]; end: number[] };
  /** share of the time this process's event loop was busy */
  eventLoopUtilization: number;
  /** CPU time (user + system) of this process during the phase */
  cpuMs: number;
}

export async function measured<T>(fn: () => Promise<T>): Promise<Phase<T>> {
  const start = loadAverage();
  const elu = nodePerformance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return {
    result,
    loadAverage: { start, end: loadAverage() },
    eventLoopUtilization: round(nodePerformance.eventLoopUtilization(elu).utilization, 2),
    cpuMs: Math.round((used.user + used.system) / 1000),
  };
}

/** The hub as deployed, minus workers and queues: ORM, connectors, holdings, services, and a bearer token (APP, SERVICE). */
export interface ViewHub {
  orm: MikroORM;
  keys: TokenKeys;
  token: string;
  sources: SourceTally;
  /** an API over these services; with `audit`, the access-log plugin writes through it */
  startApi(audit?: AccessLogWriter): Promise<RunningApi>;
  close(): Promise<void>;
}

export async function startViewHub(dataUrl: string, cardsUrl: string): Promise<ViewHub> {
  const orm = await initOrm(dataUrl, { poolMax: ORM_POOL_MAX });
  const connectors = createConnectors({
    core_banking: { databaseUrl: dataUrl, schema: VIEW_SCHEMAS.coreBanking },
    cards: { baseUrl: cardsUrl },
    loans: { databaseUrl: dataUrl, schema: VIEW_SCHEMAS.loans },
  });
  const sources: SourceTally = {};
  const holdings = new HoldingsGateway(connectors, HOLDINGS_TIMEOUT_MS, (system: SourceSystem, seconds, outcome) => {
    const s = (sources[system] ??= { calls: 0, ms: 0, failed: 0 });
    s.calls += 1;
    s.ms += seconds * 1000;
    if (outcome !== 'ok') s.failed += 1;
  });
  const keys = { secret: randomBytes(32).toString('hex'), issuer: 'customer-hub' };
  const token = signToken(keys, { subject: 'bench-app', role: 'APP', purposes: ['SERVICE'] });
  // The bench compares the hub with hand-written reads of the same data, so the app may read the
  // whole view here (the seeded APP/SERVICE policy masks the id number and so withholds history
  // and links, which quote it): the gate still decides every field, it just never withholds.
  const policy = new PolicyService(orm);
  for (const category of DATA_CATEGORIES) await policy.set({ role: 'APP', purpose: 'SERVICE', category, decision: 'ALLOW' }, 'bench');
  const health = () => checkHealth(orm);
  // the bench asks only for the customer view: the other capabilities' services stay unwired
  const wiring = hubWiring({
    health,
    sourceSystems: new SourceSystemService(orm, connectors, { requestSync: async () => undefined }),
    customers: new CustomerService(orm, holdings, MAX_PAGE_SIZE),
    policy,
    consents: new ConsentService(orm, goldenCustomers),
  } as HubServices);
  const apis: RunningApi[] = [];
  return {
    orm,
    keys,
    token,
    sources,
    async startApi(audit) {
      const api = await startApi({ host: '127.0.0.1', port: 0, keys, production: true, logger: pino({ level: 'silent' }), health, wiring, audit });
      apis.push(api);
      return api;
    },
    async close() {
      for (const api of apis) await api.close();
      await Promise.all([...connectors.values()].map((c) => c.close()));
      await orm.close();
    },
  };
}

/** a load phase in a child process: autocannon on `url` for `seconds` */
export function loadRunner(o: { script: string; root: string; prefix: string; token: string; ids: string[]; connections: number }) {
  const writeSpec = specWriter(o.root, o.prefix);
  return (url: string, operation: ViewOperation, seconds: number) =>
    runChildPhase<LoadResult>({
      script: o.script,
      phase: 'load',
      args: ['--spec', writeSpec('load', { url, token: o.token, operation, ids: o.ids, connections: o.connections, seconds } satisfies LoadSpec)],
      out: join(o.root, `${o.prefix}-load-${process.pid}.json`),
    });
}

/** a measured hub phase with the SQL statements and source lookups of this process, per request */
export async function measuredHub(sources: SourceTally, run: () => Promise<LoadResult>, sqlTop = 8) {
  takeSqlStats();
  for (const k of Object.keys(sources)) delete sources[k];
  sqlStats.on = true;
  const phase = await measured(run);
  sqlStats.on = false;
  const n = Math.max(1, phase.result.requests);
  const sql = takeSqlStats(sqlTop);
  const perRequest = {
    sqlStatements: round(sql.reduce((s, r) => s + r.calls, 0) / n, 2),
    sqlMs: round(sql.reduce((s, r) => s + r.totalMs, 0) / n, 2),
    ...Object.fromEntries(Object.entries(sources).map(([system, s]) => [`${system}Ms`, round(s.ms / n, 2)])),
  };
  const sourceLookups = Object.fromEntries(Object.entries(sources).map(([system, s]) => [system, { calls: s.calls, meanMs: round(s.ms / Math.max(1, s.calls), 2), failed: s.failed }]));
  return { ...phase, perRequest, sourceLookups, sql };
}

/** one request of an operation in customers.graphql; throws on an HTTP error or GraphQL errors */
export async function postView(url: string, token: string, operationName: string, variables: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'SERVICE' },
    body: JSON.stringify({ query: OPERATIONS, operationName, variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: any; errors?: unknown[] };
  if (res.status !== 200 || body.errors) throw new Error(`${operationName}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return { body, bytes: text.length };
}

/** `Customer` for each id and one `Customers` page checked for errors, and the size of what they return */
export async function sanityCheck(url: string, token: string, ids: string[]) {
  let bytes = 0;
  let records = 0;
  let holdings = 0;
  for (const id of ids) {
    const { body, bytes: b } = await postView(url, token, 'Customer', { id });
    const c = body.data.customer;
    bytes += b;
    records += c.sourceRecords.length;
    holdings += c.holdings.deposits.length + c.holdings.cards.length + c.holdings.loans.length;
  }
  const page = await postView(url, token, 'Customers', variablesFor('Customers', ids[0]!));
  return {
    customersChecked: ids.length,
    meanCustomerResponseBytes: Math.round(bytes / ids.length),
    meanLinkedRecords: round(records / ids.length, 2),
    meanHoldings: round(holdings / ids.length, 2),
    customersPageBytes: page.bytes,
  };
}

/**
 * Stages of the hub process's CPU (bench/cpu-profile.ts stagesOf): each sample goes to the highest-ranked
 * stage found anywhere on its stack (so SQL sent from a resolver counts as SQL, not as GraphQL
 * execution). Replies read off sockets arrive on their own ticks, with no caller but `pg`.
 */
export const VIEW_STAGES: Stage[] = [
  ['auth (JWT verify)', (url, fn) => url.includes('/src/api/auth') || fn === 'principalFromHeader'],
  ['query limits (validate)', (url) => url.includes('/src/api/limits')],
  ['hub SQL: MikroORM, knex, pg send', (url) => /@mikro-orm|\/knex\//.test(url)],
  ['holdings: connectors (pg, fetch, mapping)', (url) => url.includes('/dist/connectors/') || url.includes('/src/holdings/holdings.gateway')],
  ['GraphQL execution (graphql, type-graphql, resolvers)', (url) => /node_modules\/graphql\/execution|type-graphql|dataloader|\/src\/customer\//.test(url)],
  ['Apollo pipeline and response JSON', (url) => url.includes('@apollo/') || url.includes('/src/api/')],
  ['HTTP server (node http, express, body-parser)', (url) => /express|body-parser|router|node:_http|raw-body/.test(url)],
  ['pg: reading replies', (url) => /node_modules\/pg(-protocol)?\//.test(url)],
  ['fetch (undici) to the cards API', (url) => url.includes('undici')],
];

/** The command-line options both view benches take (customer-view, audit); each adds its own. */
export const VIEW_BENCH_OPTIONS = {
  customers: { type: 'string', default: '20000' },
  seed: { type: 'string', default: '42' },
  connections: { type: 'string', default: '50' },
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
} as const;

/** progress lines on stderr, named after the bench and the phase (main or a child's) */
export function benchLog(bench: string, phase: string | undefined): (msg: string) => void {
  return (msg) => process.stderr.write(`[bench:${bench} ${phase ?? 'main'} ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
