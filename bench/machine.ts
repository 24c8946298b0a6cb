/**
 * What a benchmark ran on, so its figures can be read later: CPU, cores, RAM, Node, and (given a
 * database connection) the PostgreSQL version; the load average, since the machine is shared;
 * and the process's peak RSS.
 */
import { cpus, loadavg, totalmem } from 'node:os';

/** the PostgreSQL server every benchmark makes its scratch databases on */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** e.g. "2 cores AMD EPYC 7B13, 24 GiB, node v20.20.2" */
export function machineDescription(): string {
  return `${cpus().length} cores ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

/** "PostgreSQL 15.x" from `SHOW server_version`, through whatever client the bench has */
export async function postgresVersion(query: (sql: string) => Promise<{ rows: { server_version: string }[] }>): Promise<string> {
  const { rows } = await query('SHOW server_version');
  return `PostgreSQL ${rows[0]?.server_version ?? '?'}`;
}

/** 1, 5 and 15 minute load averages, two decimals */
export function loadAverage(): [number, number, number] {
  const [a, b, c] = loadavg();
  return [+a!.toFixed(2), +b!.toFixed(2), +c!.toFixed(2)];
}

/** the process's peak resident set size so far (resourceUsage().maxRSS is in KiB) */
export function maxRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
