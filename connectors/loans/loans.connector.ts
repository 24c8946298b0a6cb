/**
 * Loans connector: reads the loan platform's database directly over `pg` (its own pool, at most
 * four connections). Changes come in keyset order on `(updated_at, borrower_id)`; the watermark
 * keeps the timestamp as exact text (microseconds), so rows sharing a millisecond are never skipped.
 */
import type { Connector, ConnectorHealth, Holding, PullOptions, PullPage, Watermark } from '../contract.js';
import { PostgresSource, SQL_IDENTIFIER, keysetSql, utcText, type KeysetPull } from '../support/postgres-keyset.js';
import { mapBorrower, mapLoanParty, type BorrowerRow, type LoanPartyRow } from './loans.mapping.js';

export interface LoansConfig {
  databaseUrl: string;
  /** schema holding `borrower`, `loan`, `loan_party`, `repayment_schedule` */
  schema: string;
}

const BIGINT = /^-?\d{1,19}$/;

export class LoansConnector implements Connector {
  readonly system = 'loans' as const;
  private readonly source: PostgresSource;
  private readonly pull: KeysetPull<BorrowerRow>;
  private readonly holdingsSql: string;

  constructor(config: LoansConfig) {
    if (!SQL_IDENTIFIER.test(config.schema)) throw new Error('loans: schema must be a lower-case SQL identifier');
    const s = `"${config.schema}"`;
    this.source = new PostgresSource('loans', config.databaseUrl);
    const select = `
      SELECT b.borrower_id::text AS borrower_id, b.first_name, b.last_name, b.name_local, b.dob_text,
             b.national_id, b.phone, b.email, b.addr_text, ${utcText('b.updated_at')} AS updated_at, b.is_deleted
      FROM ${s}.borrower b`;
    this.pull = {
      sql: keysetSql(select, 'b.updated_at', 'b.borrower_id', 'bigint'),
      ts: (r) => r.updated_at,
      key: (r) => r.borrower_id,
      map: mapBorrower,
      isKey: (key) => BIGINT.test(key),
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

  async pullChanges(since: Watermark | null, limit: number, options?: PullOptions): Promise<PullPage> {
    return this.source.pullKeyset(this.pull, since, limit, options);
  }

  async lookupHoldings(sourceKeys: readonly string[]): Promise<Map<string, Holding[]>> {
    const holdings = new Map<string, Holding[]>(sourceKeys.map((k) => [k, []]));
    // A key that is not a bigint cannot be a borrower here; it simply holds nothing.
    const ids = [...new Set(sourceKeys.filter((k) => BIGINT.test(k)))];
    if (ids.length === 0) return holdings;
    const rows = await this.source.query<LoanPartyRow>('holdings lookup', this.holdingsSql, [ids]);
    for (const row of rows) holdings.get(row.borrower_id)?.push(mapLoanParty(row));
    return holdings;
  }

  async health(): Promise<ConnectorHealth> {
    return this.source.health();
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}
