/**
 * The baseline of the customer view benchmark: what a hand-written endpoint would do for one
 * customer with plain `pg` and `fetch` — no GraphQL, no auth, no DataLoader, no mapping — and a
 * closed-loop load of N concurrent workers driving it in-process.
 *
 * The statements are copies of the ones the hub runs (the repositories src/customer/customer.repository.ts
 * composes: src/golden/golden.repository.ts, src/ingest/source-record.repository.ts,
 * src/matching/matching.repository.ts; and
 * the connectors' holdings lookups, connectors/*\/*.connector.ts), with `$n` placeholders; keep
 * them in step when those change, or the comparison stops meaning anything.
 */
import type { Pool } from 'pg';

const MAX_REDIRECTS = 20;
const MAX_EVENTS_PER_CUSTOMER = 100;
const BIGINT = /^-?\d{1,19}$/;

const SQL = {
  resolve: `WITH RECURSIVE chain AS (
      SELECT id, status, merged_into, 0 AS hops FROM golden_customer WHERE id = $1::uuid
      UNION ALL
      SELECT g.id, g.status, g.merged_into, c.hops + 1 FROM golden_customer g
      JOIN chain c ON g.id = c.merged_into WHERE c.status = 'MERGED' AND c.hops < $2)
    SELECT g.* FROM golden_customer g WHERE g.id = (SELECT id FROM chain ORDER BY hops DESC LIMIT 1)`,
  records: `SELECT id::text AS id, golden_id, system, source_key, link_type, source_updated_at, first_seen_at, last_seen_at
    FROM source_record WHERE golden_id = ANY($1::uuid[]) AND NOT deleted ORDER BY system, source_key`,
  events: `SELECT id::text AS id, golden_id, type, actor, reason, details, before, after, at FROM (
      SELECT e.*, row_number() OVER (PARTITION BY golden_id ORDER BY at DESC, id DESC) AS n
      FROM golden_event e WHERE golden_id = ANY($1::uuid[])) e
    WHERE n <= $2 ORDER BY golden_id, at DESC, id DESC`,
  links: `SELECT a.golden_id, c.record_a::text AS record_a, c.record_b::text AS record_b, c.weight, c.probability, c.status,
           c.explanation, c.decided_by, c.decided_at, c.scored_at
    FROM (SELECT id, golden_id FROM source_record WHERE golden_id = ANY($1::uuid[]) AND NOT deleted) a
    JOIN match_candidate c ON c.record_a = a.id
    JOIN (SELECT id, golden_id FROM source_record WHERE NOT deleted) b ON b.id = c.record_b AND b.golden_id = a.golden_id
    ORDER BY a.golden_id, c.probability DESC, c.record_a, c.record_b`,
  deposits: (s: string) => `SELECT acct_no, cif_no, product_code, currency, balance::text AS balance,
           to_char(opened_dt, 'YYYY-MM-DD') AS opened_dt, to_char(last_txn_dt, 'YYYY-MM-DD') AS last_txn_dt, status
    FROM "${s}".deposit_account WHERE cif_no = ANY($1::varchar[]) ORDER BY cif_no, acct_no`,
  loans: (s: string) => `SELECT p.borrower_id::text AS borrower_id, p.role, l.loan_id::text AS loan_id, l.product, l.currency,
           l.outstanding::text AS outstanding, l.days_past_due, l.status,
           to_char(l.start_date, 'YYYY-MM-DD') AS start_date,
           (SELECT to_char(max(r.due_date), 'YYYY-MM-DD') FROM "${s}".repayment_schedule r
             WHERE r.loan_id = l.loan_id AND r.amount_paid > 0) AS last_paid_date
    FROM "${s}".loan_party p JOIN "${s}".loan l ON l.loan_id = p.loan_id
    WHERE p.borrower_id = ANY($1::bigint[])
    ORDER BY p.borrower_id, l.loan_id`,
};

export interface RawViewSources {
  /** the hub database (its pool sized as the hub's ORM pool) */
  hub: Pool;
  /** core banking and loans, each with its own pool as the connectors have */
  coreBanking: { pool: Pool; schema: string };
  loans: { pool: Pool; schema: string };
  cardsApiUrl: string;
  /** as the cards connector's per-call deadline */
  cardsTimeoutMs: number;
}

/** milliseconds spent per stage, summed over reads */
export interface RawStageTimes {
  golden: number;
  hubReads: number;
  holdings: number;
  serialize: number;
}

export class RawCustomerView {
  private readonly deposits: string;
  private readonly loans: string;
  readonly stages: RawStageTimes = { golden: 0, hubReads: 0, holdings: 0, serialize: 0 };

  constructor(private readonly src: RawViewSources) {
    this.deposits = SQL.deposits(src.coreBanking.schema);
    this.loans = SQL.loans(src.loans.schema);
  }

  /** the whole view of one customer as a JSON body; null when the id names no customer */
  async read(id: string): Promise<string | null> {
    let t = performance.now();
    const golden = (await this.src.hub.query(SQL.resolve, [id, MAX_REDIRECTS])).rows[0];
    let t2 = performance.now();
    this.stages.golden += t2 - t;
    if (!golden) return null;
    const ids = [golden.id];
    const [records, events, links] = await Promise.all([
      this.src.hub.query(SQL.records, [ids]),
      this.src.hub.query(SQL.events, [ids, MAX_EVENTS_PER_CUSTOMER]),
      this.src.hub.query(SQL.links, [ids]),
    ]);
    t = performance.now();
    this.stages.hubReads += t - t2;
    const keysOf = (system: string) => records.rows.filter((r) => r.system === system).map((r) => r.source_key as string);
    const [deposits, cards, loans] = await Promise.all([
      this.lookup(keysOf('core_banking'), (keys) => this.src.coreBanking.pool.query(this.deposits, [keys]).then((r) => r.rows)),
      this.lookup(keysOf('cards'), (keys) => this.cards(keys)),
      this.lookup(keysOf('loans').filter((k) => BIGINT.test(k)), (keys) => this.src.loans.pool.query(this.loans, [keys]).then((r) => r.rows)),
    ]);
    t2 = performance.now();
    this.stages.holdings += t2 - t;
    const body = JSON.stringify({ customer: { ...golden, records: records.rows, history: events.rows, links: links.rows, holdings: { deposits, cards, loans } } });
    this.stages.serialize += performance.now() - t2;
    return body;
  }

  private async lookup(keys: string[], fn: (keys: string[]) => Promise<unknown[]>): Promise<unknown[]> {
    return keys.length === 0 ? [] : fn([...new Set(keys)]);
  }

  private async cards(keys: string[]): Promise<unknown[]> {
    const url = new URL('v1/cards', this.src.cardsApiUrl.endsWith('/') ? this.src.cardsApiUrl : `${this.src.cardsApiUrl}/`);
    url.search = new URLSearchParams({ holderIds: keys.join(',') }).toString();
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.src.cardsTimeoutMs) });
    if (!res.ok) throw new Error(`cards: HTTP ${res.status}`);
    return ((await res.json()) as { data: unknown[] }).data;
  }
}

export interface ClosedLoopResult {
  seconds: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
}

/** `connections` workers each calling `fn` back to back until `durationMs` has passed */
export async function closedLoop(connections: number, durationMs: number, fn: (n: number) => Promise<unknown>): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const end = started + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await fn(n++);
        latencies.push(performance.now() - t);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => +(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN).toFixed(2);
  return {
    seconds: +seconds.toFixed(2),
    requests: latencies.length,
    errors,
    requestsPerSecond: Math.round(latencies.length / seconds),
    latencyMs: { mean: +(latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length)).toFixed(2), p50: at(50), p90: at(90), p99: at(99), max: at(100) },
  };
}
