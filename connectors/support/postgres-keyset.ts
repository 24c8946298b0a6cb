/**
 * What the SQL connectors share: a small `pg` pool with errors named by system, and the keyset
 * pull over `(timestamp, key)`. The watermark keeps the timestamp as exact UTC text with
 * microseconds (PostgreSQL's precision, not JS `Date`'s), so rows sharing a millisecond are never
 * skipped or repeated.
 */
import { Pool } from 'pg';
import type { ConnectorHealth, MappedRow, PullOptions, PullPage, Watermark } from '../contract.js';
import { neverThrows } from './row-checks.js';

/** A schema name the connectors will quote into SQL. */
export const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** SQL selecting a timestamptz column as UTC ISO text with microseconds ('infinity' as is). */
export const utcText = (column: string) =>
  `CASE WHEN isfinite(${column}) THEN to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE ${column}::text END`;

/** How one table is pulled in keyset order. */
export interface KeysetPull<R> {
  /** `first` takes `$1` = limit; `after` also `$2` = timestamp text and `$3` = key */
  sql: { first: string; after: string };
  /** the row's change timestamp as exact UTC text */
  ts: (row: R) => string | null;
  key: (row: R) => string | null;
  map: (row: R) => MappedRow;
  /** whether a watermark key can be a key of this table (default: any string) */
  isKey?: (key: string) => boolean;
}

/**
 * The `first` and `after` statements of a keyset pull: `select` (without WHERE) ordered by
 * `(tsColumn, keyColumn)`, the `after` one starting past `($2, $3)`; `keyType` is the key's SQL type.
 */
export function keysetSql(select: string, tsColumn: string, keyColumn: string, keyType: string): { first: string; after: string } {
  const order = `ORDER BY ${tsColumn}, ${keyColumn} LIMIT $1`;
  return {
    first: `${select} ${order}`,
    after: `${select} WHERE (${tsColumn}, ${keyColumn}) > ($2::timestamptz, $3::${keyType}) ${order}`,
  };
}

interface Position {
  ts: string | null;
  key: string | null;
}

function readWatermark(system: string, since: Watermark | null, isKey: (key: string) => boolean): Position {
  if (since === null) return { ts: null, key: null };
  const { ts, key } = since;
  const keyOk = key === null || (typeof key === 'string' && isKey(key));
  if ((ts !== null && typeof ts !== 'string') || !keyOk || (ts === null) !== (key === null)) {
    throw new Error(`${system}: invalid watermark (expected { ts, key } strings or nulls)`);
  }
  return { ts, key };
}

/** A `pg` pool of at most four connections whose failures name the source system. */
export class PostgresSource {
  private readonly pool: Pool;

  constructor(
    private readonly system: string,
    databaseUrl: string,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 4 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async query<R>(what: string, sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query(sql, params)).rows as R[];
    } catch (err) {
      // PostgreSQL quotes the values it complains about ('invalid input syntax for type bigint: "…"'): masked
      const code = (err as { code?: unknown }).code;
      const message = (err as Error).message.replace(/"[^"]*"/g, '"…"');
      throw new Error(`${this.system}: ${what} failed${typeof code === 'string' ? ` (${code})` : ''}: ${message}`, { cause: err });
    }
  }

  async health(): Promise<ConnectorHealth> {
    const started = performance.now();
    try {
      await this.pool.query('SELECT 1');
      return { ok: true, latencyMs: performance.now() - started };
    } catch (err) {
      return { ok: false, latencyMs: performance.now() - started, detail: `${this.system}: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /**
   * One page of changes after the `{ ts, key }` watermark `since` (null: from the start). Rows
   * stamped 'infinity' or after `options.horizon` are delivered, but the watermark stays before
   * them (see below).
   */
  async pullKeyset<R>(pull: KeysetPull<R>, since: Watermark | null, limit: number, options: PullOptions = {}): Promise<PullPage> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`${this.system}: limit must be a positive integer`);
    const from = readWatermark(this.system, since, pull.isKey ?? (() => true));
    // One row more than asked tells whether anything follows this page.
    const result = await this.query<R>(
      'pull',
      from.ts === null ? pull.sql.first : pull.sql.after,
      from.ts === null ? [limit + 1] : [limit + 1, from.ts, from.key],
    );
    const rows = result.slice(0, limit);
    // A row stamped 'infinity', later than the hub's horizon (a clock set to 2099) or not at all
    // (NULL sorts last) comes after every change still to come. The watermark stays before it (the
    // hub quarantines it again on each sync) so that those changes are not lost; everything after
    // it in this page is as late.
    const horizon = options.horizon?.getTime();
    const beyond = (r: R) => {
      const ts = pull.ts(r);
      return ts === null || ts === 'infinity' || (horizon !== undefined && Date.parse(ts) > horizon);
    };
    const cut = rows.findIndex(beyond);
    const within = cut < 0 ? rows : rows.slice(0, cut);
    const last = within.at(-1);
    const map = neverThrows(pull.map, pull.key);
    return {
      rows: rows.map((r) => map(r)),
      next: last ? { ts: pull.ts(last), key: pull.key(last) } : { ts: from.ts, key: from.key },
      done: result.length <= limit || within.length < rows.length,
    };
  }
}
