/**
 * Core banking connector: reads the CIF database directly over `pg` (its own pool, at most four
 * connections). Changes come in keyset order on `(last_maint_ts, cif_no)`; the watermark keeps
 * the timestamp as exact text (microseconds), so rows sharing a millisecond are never skipped.
 */
import { Pool } from 'pg';
import type { Connector, ConnectorHealth, Holding, PullPage, Watermark } from '../contract.js';
import { mapCifCustomer, mapDepositAccount, type CifCustomerRow, type DepositAccountRow } from './core-banking.mapping.js';

export interface CoreBankingConfig {
  databaseUrl: string;
  /** schema holding `cif_customer`, `cif_address`, `deposit_account` */
  schema: string;
}

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const utcText = (column: string) =>
  `CASE WHEN isfinite(${column}) THEN to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE ${column}::text END`;

interface Position {
  ts: string | null;
  key: string | null;
}

function readWatermark(since: Watermark | null): Position {
  if (since === null) return { ts: null, key: null };
  const { ts, key } = since;
  if ((ts !== null && typeof ts !== 'string') || (key !== null && typeof key !== 'string') || (ts === null) !== (key === null)) {
    throw new Error('core_banking: invalid watermark (expected { ts, key } strings or nulls)');
  }
  return { ts, key };
}

export class CoreBankingConnector implements Connector {
  readonly system = 'core_banking' as const;
  private readonly pool: Pool;
  private readonly pullSql: { first: string; after: string };
  private readonly holdingsSql: string;

  constructor(config: CoreBankingConfig) {
    if (!SQL_IDENTIFIER.test(config.schema)) throw new Error('core_banking: schema must be a lower-case SQL identifier');
    const s = `"${config.schema}"`;
    this.pool = new Pool({ connectionString: config.databaseUrl, max: 4 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
    const select = `
      SELECT c.cif_no, c.cust_name, c.cust_name_en, c.id_type, c.id_no,
             to_char(c.birth_dt, 'YYYY-MM-DD') AS birth_dt, c.gender, c.mobile_no, c.email,
             to_char(c.open_dt, 'YYYY-MM-DD') AS open_dt, c.status,
             ${utcText('c.last_maint_ts')} AS last_maint_ts,
             coalesce((SELECT json_agg(json_build_object(
                         'addr_seq', a.addr_seq, 'addr_type', a.addr_type, 'line1', a.line1, 'line2', a.line2,
                         'city', a.city, 'province', a.province, 'postcode', a.postcode, 'country', a.country)
                       ORDER BY a.addr_seq)
                       FROM ${s}.cif_address a WHERE a.cif_no = c.cif_no), '[]'::json) AS addresses
      FROM ${s}.cif_customer c`;
    const order = 'ORDER BY c.last_maint_ts, c.cif_no LIMIT $1';
    this.pullSql = {
      first: `${select} ${order}`,
      after: `${select} WHERE (c.last_maint_ts, c.cif_no) > ($2::timestamptz, $3::varchar) ${order}`,
    };
    this.holdingsSql = `
      SELECT acct_no, cif_no, product_code, currency, balance::text AS balance,
             to_char(opened_dt, 'YYYY-MM-DD') AS opened_dt, to_char(last_txn_dt, 'YYYY-MM-DD') AS last_txn_dt, status
      FROM ${s}.deposit_account WHERE cif_no = ANY($1::varchar[]) ORDER BY cif_no, acct_no`;
  }

  async pullChanges(since: Watermark | null, limit: number): Promise<PullPage> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('core_banking: limit must be a positive integer');
    const from = readWatermark(since);
    // One row more than asked tells whether anything follows this page.
    const result = await this.query<CifCustomerRow>(
      'pull',
      from.ts === null ? this.pullSql.first : this.pullSql.after,
      from.ts === null ? [limit + 1] : [limit + 1, from.ts, from.key],
    );
    const rows = result.slice(0, limit);
    // A row stamped 'infinity' sorts after every change still to come. The watermark stays before
    // it (the row is quarantined again on each sync) so that those changes are not lost.
    const finite = rows.filter((r) => r.last_maint_ts !== 'infinity');
    const last = finite.at(-1);
    return {
      rows: rows.map(mapCifCustomer),
      next: last ? { ts: last.last_maint_ts, key: last.cif_no } : { ts: from.ts, key: from.key },
      done: result.length <= limit || finite.length < rows.length,
    };
  }

  async lookupHoldings(sourceKeys: readonly string[]): Promise<Map<string, Holding[]>> {
    const holdings = new Map<string, Holding[]>(sourceKeys.map((k) => [k, []]));
    if (sourceKeys.length === 0) return holdings;
    const rows = await this.query<DepositAccountRow>('holdings lookup', this.holdingsSql, [[...new Set(sourceKeys)]]);
    for (const row of rows) holdings.get(row.cif_no)?.push(mapDepositAccount(row));
    return holdings;
  }

  async health(): Promise<ConnectorHealth> {
    const started = performance.now();
    try {
      await this.pool.query('SELECT 1');
      return { ok: true, latencyMs: performance.now() - started };
    } catch (err) {
      return { ok: false, latencyMs: performance.now() - started, detail: `core_banking: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async query<R>(what: string, sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query(sql, params)).rows as R[];
    } catch (err) {
      throw new Error(`core_banking: ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
