/**
 * Loans connector: reads the loan platform's database directly over `pg` (its own pool, at most
 * four connections). Changes come in keyset order on `(updated_at, borrower_id)`; the watermark
 * keeps the timestamp as exact text (microseconds), so rows sharing a millisecond are never skipped.
 */
import { Pool } from 'pg';
import type { Connector, ConnectorHealth, Holding, PullPage, Watermark } from '../contract.js';
import { mapBorrower, mapLoanParty, type BorrowerRow, type LoanPartyRow } from './loans.mapping.js';

export interface LoansConfig {
  databaseUrl: string;
  /** schema holding `borrower`, `loan`, `loan_party`, `repayment_schedule` */
  schema: string;
}

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const BIGINT = /^-?\d{1,19}$/;
const utcText = (column: string) =>
  `CASE WHEN isfinite(${column}) THEN to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE ${column}::text END`;

interface Position {
  ts: string | null;
  key: string | null;
}

function readWatermark(since: Watermark | null): Position {
  if (since === null) return { ts: null, key: null };
  const { ts, key } = since;
  const keyOk = key === null || (typeof key === 'string' && BIGINT.test(key));
  if ((ts !== null && typeof ts !== 'string') || !keyOk || (ts === null) !== (key === null)) {
    throw new Error('loans: invalid watermark (expected { ts, key } strings or nulls)');
  }
  return { ts, key };
}

export class LoansConnector implements Connector {
  readonly system = 'loans' as const;
  private readonly pool: Pool;
  private readonly pullSql: { first: string; after: string };
  private readonly holdingsSql: string;

  constructor(config: LoansConfig) {
    if (!SQL_IDENTIFIER.test(config.schema)) throw new Error('loans: schema must be a lower-case SQL identifier');
    const s = `"${config.schema}"`;
    this.pool = new Pool({ connectionString: config.databaseUrl, max: 4 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
    const select = `
      SELECT b.borrower_id::text AS borrower_id, b.first_name, b.last_name, b.name_local, b.dob_text,
             b.national_id, b.phone, b.email, b.addr_text, ${utcText('b.updated_at')} AS updated_at, b.is_deleted
      FROM ${s}.borrower b`;
    const order = 'ORDER BY b.updated_at, b.borrower_id LIMIT $1';
    this.pullSql = {
      first: `${select} ${order}`,
      after: `${select} WHERE (b.updated_at, b.borrower_id) > ($2::timestamptz, $3::bigint) ${order}`,
    };
    this.holdingsSql = `
      SELECT p.borrower_id::text AS borrower_id, p.role, l.loan_id::text AS loan_id, l.product, l.currency,
             l.outstanding::text AS outstanding, l.days_past_due, l.status,
             to_char(l.start_date, 'YYYY-MM-DD') AS start_date,
             (SELECT to_char(max(r.due_date), 'YYYY-MM-DD') FROM ${s}.repayment_schedule r
               WHERE r.loan_id = l.loan_id AND r.amount_paid > 0) AS last_paid_date
      FROM ${s}.loan_party p JOIN ${s}.loan l ON l.loan_id = p.loan_id
      WHERE p.borrower_id = ANY($1::bigint[])
      ORDER BY p.borrower_id, l.loan_id`;
  }

  async pullChanges(since: Watermark | null, limit: number): Promise<PullPage> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('loans: limit must be a positive integer');
    const from = readWatermark(since);
    // One row more than asked tells whether anything follows this page.
    const result = await this.query<BorrowerRow>(
      'pull',
      from.ts === null ? this.pullSql.first : this.pullSql.after,
      from.ts === null ? [limit + 1] : [limit + 1, from.ts, from.key],
    );
    const rows = result.slice(0, limit);
    // A row stamped 'infinity' sorts after every change still to come. The watermark stays before
    // it (the row is quarantined again on each sync) so that those changes are not lost.
    const finite = rows.filter((r) => r.updated_at !== 'infinity');
    const last = finite.at(-1);
    return {
      rows: rows.map(mapBorrower),
      next: last ? { ts: last.updated_at, key: last.borrower_id } : { ts: from.ts, key: from.key },
      done: result.length <= limit || finite.length < rows.length,
    };
  }

  async lookupHoldings(sourceKeys: readonly string[]): Promise<Map<string, Holding[]>> {
    const holdings = new Map<string, Holding[]>(sourceKeys.map((k) => [k, []]));
    // A key that is not a bigint cannot be a borrower here; it simply holds nothing.
    const ids = [...new Set(sourceKeys.filter((k) => BIGINT.test(k)))];
    if (ids.length === 0) return holdings;
    const rows = await this.query<LoanPartyRow>('holdings lookup', this.holdingsSql, [ids]);
    for (const row of rows) holdings.get(row.borrower_id)?.push(mapLoanParty(row));
    return holdings;
  }

  async health(): Promise<ConnectorHealth> {
    const started = performance.now();
    try {
      await this.pool.query('SELECT 1');
      return { ok: true, latencyMs: performance.now() - started };
    } catch (err) {
      return { ok: false, latencyMs: performance.now() - started, detail: `loans: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async query<R>(what: string, sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query(sql, params)).rows as R[];
    } catch (err) {
      throw new Error(`loans: ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
