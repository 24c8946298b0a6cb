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
 *   process the real API (JWT bearer token of role APP, default query limits, silent logger,
 *   production settings) over CustomerService + HoldingsGateway and the three real connectors;
 *   ORM pool 10 as in app.ts, the connectors' own pools of 4. Data, cards API, hub, API and the
 *   load phase come from bench/view-hub.ts, shared with bench/audit.ts.
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
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { runChildPhase } from './child-phase.js';
import { modulesOf, SectionProfiler, stagesOf, type ModuleShare, type ProfileSummary, type StageShare } from './cpu-profile.js';
import { BENCH_ADMIN_URL, loadAverage, machineDescription, maxRssMiB, postgresVersion } from './machine.js';
import { closedLoop, RawCustomerView, type ClosedLoopResult } from './raw-view.js';
import { instrumentSql } from './sql-stats.js';
import { sampleActiveIds, VIEW_SCHEMAS, type ViewData } from './view-data.js';
import {
  CARDS_API_POOL_MAX,
  CONNECTOR_POOL_MAX,
  DB_NAME,
  HOLDINGS_TIMEOUT_MS,
  loadRunner,
  measured,
  measuredHub,
  ORM_POOL_MAX,
  runViewChildPhase,
  sanityCheck,
  specWriter,
  startCardsProcess,
  startViewHub,
  VIEW_STAGES,
  type LoadResult,
  type Phase,
  type ViewOperation,
  benchLog,
  VIEW_BENCH_OPTIONS,
} from './view-hub.js';

const TARGET = { throughputRatio: 0.5, p99Ms: 25 };

const { values: args } = parseArgs({ options: { ...VIEW_BENCH_OPTIONS, duration: { type: 'string', default: '20' } } });

const root = resolve(args['data-dir']!);
const connections = Number(args.connections);
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);

const log = benchLog('customer-view', args.phase);
const round = (x: number, digits = 1) => +x.toFixed(digits);

// ---- the measuring process -----------------------------------------------------------------------

const writeSpec = specWriter(root, 'view');

async function main(): Promise<void> {
  if (args.phase) {
    const result = await runViewChildPhase({ phase: args.phase, spec: args.spec, adminUrl: BENCH_ADMIN_URL, customers: Number(args.customers), seed: Number(args.seed), fresh: args.fresh, log });
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
  const cards = await startCardsProcess(__filename, writeSpec('cards', { dbUrl: data.url }));
  instrumentSql();
  const hub = await startViewHub(data.url, cards.url);
  const { token, sources } = hub;
  const api = await hub.startApi();
  const pools = {
    hub: new Pool({ connectionString: data.url, max: ORM_POOL_MAX }),
    core: new Pool({ connectionString: data.url, max: CONNECTOR_POOL_MAX }),
    loans: new Pool({ connectionString: data.url, max: CONNECTOR_POOL_MAX }),
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
    const sample = { ...(await sanityCheck(api.graphqlUrl, token, ids.slice(0, 20))), rawBodyBytesFirstId: (await raw.read(ids[0]!))?.length ?? 0 };
    log(`sanity: ${JSON.stringify(sample)}`);

    const run = loadRunner({ script: __filename, root, prefix: 'view', token, ids, connections });
    const load = (operation: ViewOperation, seconds: number) => run(api.graphqlUrl, operation, seconds);
    /** warm-up, then the measured run with SQL statement and source lookup timings of this process */
    const hubPhase = async (operation: ViewOperation) => {
      log(`${operation}: warm-up ${warmupS} s, then ${durationS} s at ${connections} connections`);
      await load(operation, warmupS);
      const phase = await measuredHub(sources, () => load(operation, durationS));
      log(`${operation}: ${phase.result.requestsPerSecond} req/s, p50 ${phase.result.latencyMs.p50} ms, p99 ${phase.result.latencyMs.p99} ms`);
      return phase;
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
      profile = { phase: value, summary, stages: summary ? stagesOf(summary.file, VIEW_STAGES) : [], modules: summary ? modulesOf(summary.file) : [] };
    }

    const report = {
      command: ['npm run bench:customer-view', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      date: started.toISOString(),
      machine: `${machineDescription()}, ${pgVersion}, NODE_ENV=${process.env.NODE_ENV}`,
      loadAverage: { start: loadAtStart, end: loadAverage() },
      data: { database: DB_NAME, ...data.key, preparedNow: data.preparedNow, preparationSeconds: data.stagesSeconds, ...data.counts, idsRotated: ids.length },
      settings: { connections, durationS, warmupS, ormPoolMax: ORM_POOL_MAX, connectorPoolMax: CONNECTOR_POOL_MAX, cardsApiPoolMax: CARDS_API_POOL_MAX, holdingsTimeoutMs: HOLDINGS_TIMEOUT_MS },
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
    await hub.close();
    await Promise.all(Object.values(pools).map((p) => p.end()));
    cards.child.kill('SIGTERM');
  }
}

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
