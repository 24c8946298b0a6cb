/**
 * Audit cost benchmark (issue D): the customer view benchmark's `Customer` query (and the
 * `Customers` page of 20 as secondary) through the real API at 50 connections, with the access
 * log off and on in the same run. Target: audit on costs ≤ 10 % of the throughput.
 *
 *   npm run bench:audit -- [--customers 20000] [--seed 42] [--connections 50] [--duration 15]
 *                          [--warmup 3] [--rounds 3] [--ids 5000] [--fresh] [--cpu-prof] [--no-record]
 *
 * - Data, cards API, hub and load as in bench/customer-view.ts (bench/view-hub.ts): database
 *   `hub_bench_view`, reused when it holds the same --customers and --seed; auth on (APP bearer),
 *   the policy gate (x-purpose SERVICE), autocannon in a child process.
 * - Two APIs in this process over the same ORM (pool 10), connectors and services: one without
 *   the access log (audit off) and one with `AccessLogWriter` (audit on: the access-log plugin,
 *   one INSERT per request into `access_log` of the same database, before the response, through
 *   the same ORM pool, as src/app.ts wires it). The idle one costs nothing while the other is loaded.
 * - Per operation: warm-up of both (--warmup s each), then --rounds × (off, on), each --duration s,
 *   alternating so that drift on this shared machine falls on both; the cost is
 *   1 − mean(on req/s) ÷ mean(off req/s), and per round too.
 * - Per phase: req/s, p50/p99, load average, this process's CPU, CPU of the PostgreSQL processes
 *   serving this database and the server's own processes (/proc), WAL written and synced (pg_stat_wal, whole cluster), commits in the
 *   database, access_log rows stamped while the load ran, SQL statements of this process (the
 *   INSERT's calls and time). Counters are read 1.5 s before a phase starts (so the previous
 *   phase's in-flight requests are done) and 1.5 s after it ends (PostgreSQL flushes backend
 *   statistics when idle); CPU, WAL and commits thus include the phase's own in-flight tail.
 * - --cpu-prof (also done when the target is missed): one more off and on `Customer` phase each
 *   under V8's sampling profiler, this process's CPU split by stage with the audit code first.
 *
 * Prints a JSON report and appends a section to bench/RESULTS.md (unless --no-record).
 * Not a test: nothing here asserts a time.
 */
import './production-env.js';
import 'reflect-metadata';
import { readdirSync, readFileSync, appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { AccessLogRepository } from '../src/audit/access-log.repository.js';
import { AccessLogWriter } from '../src/audit/access-log.writer.js';
import { runChildPhase } from './child-phase.js';
import { modulesOf, SectionProfiler, stagesOf, type ModuleShare, type Stage, type StageShare } from './cpu-profile.js';
import { BENCH_ADMIN_URL, loadAverage, machineDescription, maxRssMiB, postgresVersion } from './machine.js';
import { instrumentSql } from './sql-stats.js';
import { sampleActiveIds, type ViewData } from './view-data.js';
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
  type ViewOperation,
  benchLog,
  VIEW_BENCH_OPTIONS,
} from './view-hub.js';

const TARGET_COST_PCT = 10;
const SETTLE_MS = 1500;

const { values: args } = parseArgs({
  options: {
    ...VIEW_BENCH_OPTIONS,
    duration: { type: 'string', default: '15' },
    // 3: with 2, one round's cost ranged from −12 % to +34 % on this shared machine
    rounds: { type: 'string', default: '3' },
  },
});

const root = resolve(args['data-dir']!);
const connections = Number(args.connections);
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);
const rounds = Math.max(2, Number(args.rounds));

const log = benchLog('audit', args.phase);
const round = (x: number, digits = 1) => +x.toFixed(digits);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * CPU ms (user + system) by pid of the PostgreSQL processes on this machine that work for the
 * benchmark: `pids` (the database's backends and the server's own processes: WAL writer,
 * checkpointer...), not other databases' sessions of this shared server. Empty when the server is elsewhere.
 */
function postgresCpu(pids: Set<string>): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => pids.has(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state): utime is field 14, stime field 15; clock ticks of 10 ms
      ticks.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}

const cpuSince = (before: Map<string, number>, after: Map<string, number>) =>
  [...after.entries()].reduce((s, [pid, ms]) => s + ms - (before.get(pid) ?? 0), 0);

interface Counters {
  accessLogMaxId: number;
  walBytes: number;
  walRecords: number;
  walSync: number;
  xactCommit: number;
  pgCpu: Map<string, number>;
}

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
  const writeSpec = specWriter(root, 'audit');

  const data = await runChildPhase<ViewData>({ script: __filename, phase: 'prepare', args: process.argv.slice(2), out: join(root, `audit-prepare-${process.pid}.json`), log });
  log(`data: ${JSON.stringify(data.counts)}`);
  const ids = await sampleActiveIds(data.url, Number(args.ids), Number(args.seed));

  const cards = await startCardsProcess(__filename, writeSpec('cards', { dbUrl: data.url }));
  instrumentSql();
  const hub = await startViewHub(data.url, cards.url);
  const apis = {
    off: await hub.startApi(),
    on: await hub.startApi(new AccessLogWriter(new AccessLogRepository(hub.orm))),
  };
  const stats = new Pool({ connectionString: data.url, max: 1 });
  const pgVersion = await postgresVersion((sql) => stats.query(sql));

  const counters = async (): Promise<Counters> => {
    await stats.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await stats.query(
      `SELECT (SELECT coalesce(max(id), 0) FROM access_log)::bigint AS max_id,
              w.wal_bytes::bigint AS wal_bytes, w.wal_records::bigint AS wal_records, w.wal_sync::bigint AS wal_sync,
              (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::bigint AS xact_commit
       FROM pg_stat_wal w`,
    );
    const r = rows[0];
    const pids = await stats.query(
      `SELECT pid::text AS pid FROM pg_stat_activity WHERE datname = current_database() OR (datname IS NULL AND backend_type <> 'client backend')`,
    );
    return {
      accessLogMaxId: Number(r.max_id),
      walBytes: Number(r.wal_bytes),
      walRecords: Number(r.wal_records),
      walSync: Number(r.wal_sync),
      xactCommit: Number(r.xact_commit),
      pgCpu: postgresCpu(new Set(pids.rows.map((p: { pid: string }) => p.pid))),
    };
  };

  const dbNow = async (): Promise<string> => (await stats.query(`SELECT clock_timestamp()::text AS now`)).rows[0].now;

  try {
    // both APIs answer, and only the one with audit on writes the log
    const before = await counters();
    const sample = await sanityCheck(apis.off.graphqlUrl, hub.token, ids.slice(0, 10));
    const afterOff = await counters();
    await sanityCheck(apis.on.graphqlUrl, hub.token, ids.slice(0, 10));
    const afterOn = await counters();
    const sanity = { ...sample, accessLogRowsAuditOff: afterOff.accessLogMaxId - before.accessLogMaxId, accessLogRowsAuditOn: afterOn.accessLogMaxId - afterOff.accessLogMaxId };
    log(`sanity: ${JSON.stringify(sanity)}`);
    if (sanity.accessLogRowsAuditOff !== 0 || sanity.accessLogRowsAuditOn === 0) throw new Error('audit off must write nothing and audit on must write');
    const [{ count: rowsAtStart }] = (await stats.query('SELECT count(*)::int AS count FROM access_log')).rows;

    const run = loadRunner({ script: __filename, root, prefix: 'audit', token: hub.token, ids, connections });

    /** one measured phase of `operation` against the API with audit `mode` */
    const phase = async (operation: ViewOperation, mode: 'off' | 'on', n: number) => {
      // the requests still in flight when the previous phase's load stopped finish first
      await sleep(SETTLE_MS);
      const c0 = await counters();
      const t0 = await dbNow();
      const p = await measuredHub(hub.sources, () => run(apis[mode].graphqlUrl, operation, durationS), 8);
      const t1 = await dbNow();
      await sleep(SETTLE_MS);
      const c1 = await counters();
      // rows stamped while the load ran (the in-flight tail after it is not counted, as autocannon does not count it)
      const { rows } = await stats.query('SELECT count(*)::int AS rows FROM access_log WHERE id > $1 AND at >= $2 AND at < $3', [c0.accessLogMaxId, t0, t1]);
      const requests = Math.max(1, p.result.requests);
      const seconds = Math.max(1e-3, p.result.seconds);
      const insert = p.sql.find((s) => s.sql.startsWith('INSERT INTO access_log'));
      const out = {
        operation,
        audit: mode,
        round: n,
        ...p,
        accessLog: { rows: rows[0].rows as number, rowsPerSecond: round(rows[0].rows / seconds), rowsPerRequest: round(rows[0].rows / requests, 2) },
        insert: insert ? { calls: insert.calls, meanMs: insert.meanMs, totalMs: insert.totalMs, maxParamChars: insert.maxParamChars } : null,
        perRequestCost: {
          hubCpuMs: round(p.cpuMs / requests, 2),
          postgresCpuMs: round(cpuSince(c0.pgCpu, c1.pgCpu) / requests, 2),
          walBytes: Math.round((c1.walBytes - c0.walBytes) / requests),
          walRecords: round((c1.walRecords - c0.walRecords) / requests, 1),
          walSyncs: round((c1.walSync - c0.walSync) / requests, 2),
          commits: round((c1.xactCommit - c0.xactCommit) / requests, 2),
        },
      };
      log(
        `${operation} audit ${mode} #${n}: ${p.result.requestsPerSecond} req/s, p50 ${p.result.latencyMs.p50} ms, p99 ${p.result.latencyMs.p99} ms, ` +
          `non-2xx ${p.result.non2xx}; access_log ${out.accessLog.rowsPerSecond} rows/s; load ${p.loadAverage.start[0]} → ${p.loadAverage.end[0]}`,
      );
      return out;
    };
    type PhaseOut = Awaited<ReturnType<typeof phase>>;

    const compare = async (operation: ViewOperation) => {
      log(`${operation}: warm-up ${warmupS} s off and on, then ${rounds} × (off, on) of ${durationS} s at ${connections} connections`);
      await run(apis.off.graphqlUrl, operation, warmupS);
      await run(apis.on.graphqlUrl, operation, warmupS);
      const phases: PhaseOut[] = [];
      for (let n = 1; n <= rounds; n++) {
        phases.push(await phase(operation, 'off', n));
        phases.push(await phase(operation, 'on', n));
      }
      return { operation, phases, summary: summarise(phases) };
    };

    const customer = await compare('Customer');
    const customers = await compare('Customers');
    const hubMaxRssMiB = maxRssMiB();

    const met = customer.summary.throughputCostPct <= TARGET_COST_PCT;
    let profile: { off: ProfiledPhase; on: ProfiledPhase } | null = null;
    if (args['cpu-prof'] || !met) {
      const dir = join(root, 'prof');
      mkdirSync(dir, { recursive: true });
      const seconds = Number(args['profile-seconds']);
      const profiler = new SectionProfiler(dir);
      const profiled = async (mode: 'off' | 'on'): Promise<ProfiledPhase> => {
        log(`profile: Customer audit ${mode} for ${seconds} s under the sampling profiler (figures slowed by it)`);
        const { value, summary } = await profiler.profile(`audit-${mode}`, () => measured(() => run(apis[mode].graphqlUrl, 'Customer', seconds)));
        return {
          requestsPerSecond: value.result.requestsPerSecond,
          eventLoopUtilization: value.eventLoopUtilization,
          cpuMsPerRequest: round(value.cpuMs / Math.max(1, value.result.requests), 2),
          file: summary?.file ?? null,
          stages: summary ? stagesOf(summary.file, AUDIT_STAGES) : [],
          modules: summary ? modulesOf(summary.file, 10) : [],
          top: summary?.top.slice(0, 10) ?? [],
        };
      };
      profile = { off: await profiled('off'), on: await profiled('on') };
      profiler.close();
    }

    const [{ count: rowsAtEnd }] = (await stats.query('SELECT count(*)::int AS count FROM access_log')).rows;
    const [{ size }] = (await stats.query(`SELECT pg_size_pretty(pg_total_relation_size('access_log')) AS size`)).rows;
    const settings = (await stats.query(`SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'wal_level', 'shared_buffers', 'max_wal_size')`)).rows;

    const report = {
      command: ['npm run bench:audit', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      date: started.toISOString(),
      machine: `${machineDescription()}, ${pgVersion}, NODE_ENV=${process.env.NODE_ENV}`,
      postgresSettings: Object.fromEntries(settings.map((s: { name: string; setting: string }) => [s.name, s.setting])),
      loadAverage: { start: loadAtStart, end: loadAverage() },
      data: { database: DB_NAME, ...data.key, preparedNow: data.preparedNow, ...data.counts, idsRotated: ids.length },
      settings: { connections, durationS, warmupS, rounds, ormPoolMax: ORM_POOL_MAX, connectorPoolMax: CONNECTOR_POOL_MAX, cardsApiPoolMax: CARDS_API_POOL_MAX, holdingsTimeoutMs: HOLDINGS_TIMEOUT_MS },
      sanity,
      accessLog: { rowsAtStart, rowsAtEnd, size },
      customer,
      customers,
      target: { value: customer.summary.throughputCostPct, target: `<= ${TARGET_COST_PCT} %`, met },
      peakRssMiB: hubMaxRssMiB,
      profile,
    };
    const text = JSON.stringify(report, null, 2);
    console.log(text);
    writeFileSync(join(root, `audit-report-${data.key.customers}-${data.key.seed}.json`), text);
    if (!args['no-record']) {
      appendFileSync(join(__dirname, '..', '..', 'bench', 'RESULTS.md'), resultsSection(report));
      log('appended to bench/RESULTS.md');
    }
  } finally {
    await hub.close();
    await stats.end();
    cards.child.kill('SIGTERM');
  }
}

interface ProfiledPhase {
  requestsPerSecond: number;
  eventLoopUtilization: number;
  cpuMsPerRequest: number;
  file: string | null;
  stages: StageShare[];
  modules: ModuleShare[];
  top: { fn: string; where: string; selfPct: number }[];
}

/** the audit code first: its INSERT (MikroORM, pg send) counts as audit, not as hub SQL */
const AUDIT_STAGES: Stage[] = [['audit: access-log plugin, writer, INSERT', (url) => url.includes('/src/audit/')], ...VIEW_STAGES];

interface PhaseFigures {
  audit: 'off' | 'on';
  round: number;
  result: { requests: number; requestsPerSecond: number; non2xx: number; latencyMs: { p50: number; p99: number; mean: number } };
  accessLog: { rows: number; rowsPerSecond: number; rowsPerRequest: number };
  insert: { calls: number; meanMs: number } | null;
  perRequest: { sqlStatements: number; sqlMs: number };
  perRequestCost: { hubCpuMs: number; postgresCpuMs: number; walBytes: number; walSyncs: number; commits: number };
}

function summarise(phases: PhaseFigures[]) {
  const of = (mode: 'off' | 'on') => phases.filter((p) => p.audit === mode);
  const side = (mode: 'off' | 'on') => {
    const ps = of(mode);
    const m = (f: (p: PhaseFigures) => number, d = 1) => round(mean(ps.map(f)), d);
    return {
      requestsPerSecond: m((p) => p.result.requestsPerSecond),
      p50Ms: m((p) => p.result.latencyMs.p50),
      p99Ms: m((p) => p.result.latencyMs.p99),
      non2xx: ps.reduce((s, p) => s + p.result.non2xx, 0),
      accessLogRowsPerSecond: m((p) => p.accessLog.rowsPerSecond),
      accessLogRowsPerRequest: m((p) => p.accessLog.rowsPerRequest, 2),
      insertMeanMs: ps.some((p) => p.insert) ? m((p) => p.insert?.meanMs ?? 0, 2) : null,
      sqlStatementsPerRequest: m((p) => p.perRequest.sqlStatements, 2),
      sqlMsPerRequest: m((p) => p.perRequest.sqlMs, 2),
      hubCpuMsPerRequest: m((p) => p.perRequestCost.hubCpuMs, 2),
      postgresCpuMsPerRequest: m((p) => p.perRequestCost.postgresCpuMs, 2),
      walBytesPerRequest: Math.round(mean(ps.map((p) => p.perRequestCost.walBytes))),
      walSyncsPerRequest: m((p) => p.perRequestCost.walSyncs, 2),
      commitsPerRequest: m((p) => p.perRequestCost.commits, 2),
    };
  };
  const off = side('off');
  const on = side('on');
  const perRound = of('off').map((p, i) => round(100 * (1 - of('on')[i]!.result.requestsPerSecond / p.result.requestsPerSecond), 1));
  // CPU per request is less exposed to the machine's drift than req/s: on 2 saturated cores, throughput follows it
  const cpuOff = off.hubCpuMsPerRequest + off.postgresCpuMsPerRequest;
  const cpuOn = on.hubCpuMsPerRequest + on.postgresCpuMsPerRequest;
  return {
    off,
    on,
    throughputCostPct: round(100 * (1 - on.requestsPerSecond / off.requestsPerSecond), 1),
    costPerRoundPct: perRound,
    cpuMsPerRequest: { off: round(cpuOff, 2), on: round(cpuOn, 2), increasePct: round(100 * (cpuOn / cpuOff - 1), 1) },
  };
}

function resultsSection(r: any): string {
  const phaseRow = (op: string, p: any) =>
    `| ${op} | ${p.round} | ${p.audit} | ${p.result.requests.toLocaleString('en')} | **${p.result.requestsPerSecond}** | ${p.result.latencyMs.p50} | ${p.result.latencyMs.p99} | ${p.result.non2xx} | ` +
    `${p.accessLog.rowsPerSecond} | ${p.accessLog.rowsPerRequest} | ${p.perRequestCost.hubCpuMs} | ${p.perRequestCost.postgresCpuMs} | ${p.perRequestCost.walBytes.toLocaleString('en')} | ${p.eventLoopUtilization} | ${p.loadAverage.start[0]} → ${p.loadAverage.end[0]} |`;
  const summaryRow = (op: string, s: any) =>
    `| ${op} | ${s.off.requestsPerSecond} | ${s.on.requestsPerSecond} | **${s.throughputCostPct} %** (${s.costPerRoundPct.map((c: number) => `${c} %`).join(', ')}) | ` +
    `${s.off.p50Ms} / ${s.off.p99Ms} | ${s.on.p50Ms} / ${s.on.p99Ms} | ${s.on.accessLogRowsPerSecond} | ${s.on.accessLogRowsPerRequest} | ` +
    `${s.off.hubCpuMsPerRequest} → ${s.on.hubCpuMsPerRequest} | ${s.off.postgresCpuMsPerRequest} → ${s.on.postgresCpuMsPerRequest} | ` +
    `${s.off.walBytesPerRequest.toLocaleString('en')} → ${s.on.walBytesPerRequest.toLocaleString('en')} | ${s.off.commitsPerRequest} → ${s.on.commitsPerRequest} |`;
  const c = r.customer.summary;
  const lines = [
    '',
    `## bench/audit — Audit cost (issue D), ${r.date.slice(0, 10)}`,
    '',
    `Command: \`${r.command}\``,
    '',
    `Machine: ${r.machine}; PostgreSQL ${Object.entries(r.postgresSettings).map(([k, v]) => `${k}=${v}`).join(', ')}. ` +
      `Load average (1 min) at start ${r.loadAverage.start[0]}, at end ${r.loadAverage.end[0]} (shared machine).`,
    '',
    `Data: \`${r.data.database}\`, ${r.data.customers.toLocaleString('en')} customers (seed ${r.data.seed}), ${r.data.activeGoldens.toLocaleString('en')} ACTIVE golden customers, ` +
      `${r.data.preparedNow ? 'prepared in this run' : 'reused'}; requests rotate over ${r.data.idsRotated.toLocaleString('en')} random ACTIVE ids. ` +
      `access_log held ${r.accessLog.rowsAtStart.toLocaleString('en')} rows at the start, ${r.accessLog.rowsAtEnd.toLocaleString('en')} at the end (${r.accessLog.size}).`,
    '',
    `${r.settings.connections} connections; per operation ${r.settings.warmupS} s warm-up of each API, then ${r.settings.rounds} rounds of (audit off, audit on), ${r.settings.durationS} s each. ` +
      `Two APIs in one process over the same ORM (pool ${r.settings.ormPoolMax}), connectors and services, auth on (APP), policy gate (x-purpose SERVICE); ` +
      `audit on = the access-log plugin (src/audit/access-log.plugin.ts) with AccessLogWriter into \`access_log\` of the same database through the same pool, as src/app.ts wires it. ` +
      `Sanity: 10 Customer reads wrote ${r.sanity.accessLogRowsAuditOff} rows with audit off, ${r.sanity.accessLogRowsAuditOn} with audit on.`,
    '',
    '| operation | round | audit | requests | req/s | p50 ms | p99 ms | non-2xx | access_log rows/s | rows/request | hub CPU ms/req | postgres CPU ms/req | WAL bytes/req | event loop busy | load avg |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...r.customer.phases.map((p: any) => phaseRow('`Customer`', p)),
    ...r.customers.phases.map((p: any) => phaseRow('`Customers` (20)', p)),
    '',
    'Means of the phases (cost = 1 − on ÷ off, and per round):',
    '',
    '| operation | off req/s | on req/s | throughput cost | off p50 / p99 ms | on p50 / p99 ms | rows/s | rows/request | hub CPU ms/req off → on | postgres CPU ms/req off → on | WAL bytes/req off → on | commits/req off → on |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    summaryRow('`Customer`', c),
    summaryRow('`Customers` (20)', r.customers.summary),
    '',
    `- **\`Customer\` throughput cost of audit: ${r.target.value} %** (target ${r.target.target}: **${r.target.met ? 'met' : 'not met'}**); ` +
      `\`Customers\` page of 20: ${r.customers.summary.throughputCostPct} %.`,
    `- The INSERT (one per request, through MikroORM \`execute\`): \`Customer\` mean ${c.on.insertMeanMs} ms, \`Customers\` mean ${r.customers.summary.on.insertMeanMs} ms (pool wait included); ` +
      `hub SQL per request off → on: \`Customer\` ${c.off.sqlStatementsPerRequest} → ${c.on.sqlStatementsPerRequest} statements, ${c.off.sqlMsPerRequest} → ${c.on.sqlMsPerRequest} ms summed; ` +
      `WAL syncs per request with audit on: ${c.on.walSyncsPerRequest} (\`Customer\`), ${r.customers.summary.on.walSyncsPerRequest} (\`Customers\`).`,
    `- CPU per request, hub process + PostgreSQL (this database's backends and the server's own processes), off → on: ` +
      `\`Customer\` ${c.cpuMsPerRequest.off} → ${c.cpuMsPerRequest.on} ms (+${c.cpuMsPerRequest.increasePct} %), ` +
      `\`Customers\` ${r.customers.summary.cpuMsPerRequest.off} → ${r.customers.summary.cpuMsPerRequest.on} ms (+${r.customers.summary.cpuMsPerRequest.increasePct} %); ` +
      `the two cores are shared with autocannon and the cards API, so this is an upper bound on the throughput cost if only CPU limited it.`,
    `- Peak RSS of the hub process: ${r.peakRssMiB} MiB.`,
  ];
  if (r.profile) {
    const p = r.profile;
    const split = (x: ProfiledPhase) => x.stages.map((s) => `${s.stage} ${s.pct} %`).join(', ');
    lines.push(
      `- CPU profile of one more \`Customer\` phase each (figures slowed by the profiler): ` +
        `audit off ${p.off.requestsPerSecond} req/s, ${p.off.cpuMsPerRequest} ms CPU/request — ${split(p.off)}. ` +
        `Audit on ${p.on.requestsPerSecond} req/s, ${p.on.cpuMsPerRequest} ms CPU/request — ${split(p.on)}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
