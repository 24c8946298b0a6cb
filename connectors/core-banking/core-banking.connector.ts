/**
 * Core banking connector: reads the CIF database directly over `pg` (its own pool, at most four
 * connections). Changes come in keyset order on `(last_maint_ts, cif_no)`; the watermark keeps
 * the timestamp as exact text (microseconds), so rows sharing a millisecond are never skipped.
 */
import type { Connector, ConnectorHealth, Holding, PullOptions, PullPage, Watermark } from '../contract.js';
import { PostgresSource, SQL_IDENTIFIER, keysetSql, utcText, type KeysetPull } from '../support/postgres-keyset.js';
import { mapCifCustomer, mapDepositAccount, type CifCustomerRow, type DepositAccountRow } from './core-banking.mapping.js';

export interface CoreBankingConfig {
  databaseUrl: string;
  /** schema holding `cif_customer`, `cif_address`, `cif_consent`, `deposit_account` */
  schema: string;
}

export class CoreBankingConnector implements Connector {
  readonly system = 'core_banking' as const;
  private readonly source: PostgresSource;
  private readonly pull: KeysetPull<CifCustomerRow>;
  private readonly holdingsSql: string;

  constructor(config: CoreBankingConfig) {
    if (!SQL_IDENTIFIER.test(config.schema)) throw new Error('core_banking: schema must be a lower-case SQL identifier');
    const s = `"${config.schema}"`;
    this.source = new PostgresSource('core_banking', config.databaseUrl);
    const select = `
      SELECT c.cif_no, c.cust_name, c.cust_name_en, c.id_type, c.id_no,
             to_char(c.birth_dt, 'YYYY-MM-DD') AS birth_dt, c.gender, c.mobile_no, c.email,
             to_char(c.open_dt, 'YYYY-MM-DD') AS open_dt, c.status,
             ${utcText('c.last_maint_ts')} AS last_maint_ts,
             coalesce((SELECT json_agg(json_build_object(
                         'addr_seq', a.addr_seq, 'addr_type', a.addr_type, 'line1', a.line1, 'line2', a.line2,
                         'city', a.city, 'province', a.province, 'postcode', a.postcode, 'country', a.country)
                       ORDER BY a.addr_seq)
                       FROM ${s}.cif_address a WHERE a.cif_no = c.cif_no), '[]'::json) AS addresses,
             coalesce((SELECT json_agg(json_build_object(
                         'purpose_code', k.purpose_code, 'status', k.status, 'signed_on', to_char(k.signed_on, 'YYYY-MM-DD'),
                         'channel', k.channel, 'expires_on', to_char(k.expires_on, 'YYYY-MM-DD'))
                       ORDER BY k.purpose_code)
                       FROM ${s}.cif_consent k WHERE k.cif_no = c.cif_no), '[]'::json) AS consents
      FROM ${s}.cif_customer c`;
    this.pull = {
      sql: keysetSql(select, 'c.last_maint_ts', 'c.cif_no', 'varchar'),
      ts: (r) => r.last_maint_ts,
      key: (r) => r.cif_no,
      map: mapCifCustomer,
    };
    this.holdingsSql = `
      SELECT acct_no, cif_no, product_code, currency, balance::text AS balance,
             to_char(opened_dt, 'YYYY-MM-DD') AS opened_dt, to_char(last_txn_dt, 'YYYY-MM-DD') AS last_txn_dt, status
      FROM ${s}.deposit_account WHERE cif_no = ANY($1::varchar[]) ORDER BY cif_no, acct_no`;
  }

  async pullChanges(since: Watermark | null, limit: number, options?: PullOptions): Promise<PullPage> {
    return this.source.pullKeyset(this.pull, since, limit, options);
  }

  async lookupHoldings(sourceKeys: readonly string[]): Promise<Map<string, Holding[]>> {
    const holdings = new Map<string, Holding[]>(sourceKeys.map((k) => [k, []]));
    if (sourceKeys.length === 0) return holdings;
    const rows = await this.source.query<DepositAccountRow>('holdings lookup', this.holdingsSql, [[...new Set(sourceKeys)]]);
    for (const row of rows) holdings.get(row.cif_no)?.push(mapDepositAccount(row));
    return holdings;
  }

  async health(): Promise<ConnectorHealth> {
    return this.source.health();
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}
