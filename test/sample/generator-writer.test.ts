/**
 * Writing and updating the sample on the real PostgreSQL: COPY and INSERT write the same rows,
 * every source row has its truth row, and an update touches rows at one instant strictly later
 * than everything before, in the numbers it reports.
 */
import { Pool } from 'pg';
import { countSample, generateSample, updateSample, writeSample } from '../../src/sample/generator/index';
import { createSampleSchemas, type SampleSchemas } from '../../src/sample/setup';
import { createTestDatabase, type TestDatabase } from '../support/database';

const COPY_SCHEMAS: SampleSchemas = { coreBanking: 'core_banking', cards: 'cards', loans: 'loans', truth: 'sample_truth' };
const INSERT_SCHEMAS: SampleSchemas = { coreBanking: 'ins_core', cards: 'ins_cards', loans: 'ins_loans', truth: 'ins_truth' };
const NOW = new Date('2025-06-01T00:00:00Z');

let db: TestDatabase;
let pool: Pool;

const sample = generateSample({ customers: 1500, seed: 21, now: NOW });

beforeAll(async () => {
  db = await createTestDatabase('sample_generator_writer');
  pool = new Pool({ connectionString: db.url, max: 4 });
  await createSampleSchemas(pool, COPY_SCHEMAS);
  await createSampleSchemas(pool, INSERT_SCHEMAS);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const count = async (table: string): Promise<number> => Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

/** md5 of a table's rows in key order: equal tables, equal digests. */
const digest = async (table: string, orderBy: string): Promise<string> =>
  (await pool.query(`SELECT md5(string_agg(t::text, E'\\n' ORDER BY ${orderBy})) AS d FROM ${table} t`)).rows[0].d;

const TABLES: readonly [string, string, string][] = [
  ['coreBanking', 'cif_customer', 'cif_no'],
  ['coreBanking', 'cif_address', 'cif_no, addr_seq'],
  ['coreBanking', 'deposit_account', 'acct_no'],
  ['coreBanking', 'cif_consent', 'cif_no, purpose_code'],
  ['cards', 'cardholder', 'holder_id'],
  ['cards', 'card', 'card_id'],
  ['loans', 'borrower', 'borrower_id'],
  ['loans', 'loan', 'loan_id'],
  ['loans', 'loan_party', 'loan_id, borrower_id'],
  ['loans', 'repayment_schedule', 'loan_id, seq'],
  ['truth', 'source_person', 'system, source_key'],
  ['truth', 'person', 'person_id'],
];

describe('writeSample', () => {
  it('writes every generated row (COPY), as counted, and INSERT writes the very same rows', async () => {
    const expected = countSample(sample);
    const written = await writeSample(pool, COPY_SCHEMAS, sample);
    expect(written).toEqual(expected);
    expect(await count('core_banking.cif_customer')).toBe(expected.coreBanking.customers);
    expect(await count('core_banking.deposit_account')).toBe(expected.coreBanking.accounts);
    expect(await count('cards.cardholder')).toBe(expected.cards.cardholders);
    expect(await count('cards.card')).toBe(expected.cards.cards);
    expect(await count('loans.borrower')).toBe(expected.loans.borrowers);
    expect(await count('loans.repayment_schedule')).toBe(expected.loans.schedules);
    expect(await count('sample_truth.source_person')).toBe(expected.truth.sourcePersons);
    expect(await count('sample_truth.person')).toBe(1500);

    expect(await writeSample(pool, INSERT_SCHEMAS, sample, { method: 'insert' })).toEqual(expected);
    for (const [part, table, key] of TABLES) {
      const copy = COPY_SCHEMAS[part as keyof SampleSchemas];
      const insert = INSERT_SCHEMAS[part as keyof SampleSchemas];
      expect(await digest(`${insert}.${table}`, key)).toBe(await digest(`${copy}.${table}`, key));
    }
  });

  it('keeps profiles and names byte for byte, including the broken ones', async () => {
    const stored = await pool.query<{ holder_id: string; full_name: string | null; profile: string }>(
      'SELECT holder_id, full_name, profile FROM cards.cardholder ORDER BY holder_id',
    );
    const byKey = new Map(stored.rows.map((r) => [r.holder_id, r]));
    for (const r of sample.cards.cardholders) expect(byKey.get(r.holder_id)).toEqual({ holder_id: r.holder_id, full_name: r.full_name, profile: r.profile });
    const names = await pool.query<{ cif_no: string; cust_name: string | null }>('SELECT cif_no, cust_name FROM core_banking.cif_customer');
    const core = new Map(names.rows.map((r) => [r.cif_no, r.cust_name]));
    for (const r of sample.coreBanking.customers) expect(core.get(r.cif_no)).toBe(r.cust_name);
  });

  it('gives every source row a truth row pointing at a generated person', async () => {
    const missing = await pool.query(`
      SELECT 'core_banking' AS system, cif_no AS key FROM core_banking.cif_customer c
       WHERE NOT EXISTS (SELECT 1 FROM sample_truth.source_person s WHERE s.system = 'core_banking' AND s.source_key = c.cif_no)
      UNION ALL
      SELECT 'cards', holder_id FROM cards.cardholder h
       WHERE NOT EXISTS (SELECT 1 FROM sample_truth.source_person s WHERE s.system = 'cards' AND s.source_key = h.holder_id)
      UNION ALL
      SELECT 'loans', borrower_id::text FROM loans.borrower b
       WHERE NOT EXISTS (SELECT 1 FROM sample_truth.source_person s WHERE s.system = 'loans' AND s.source_key = b.borrower_id::text)`);
    expect(missing.rows).toEqual([]);
    const orphans = await pool.query(`SELECT 1 FROM sample_truth.source_person s WHERE NOT EXISTS (SELECT 1 FROM sample_truth.person p WHERE p.person_id = s.person_id)`);
    expect(orphans.rowCount).toBe(0);
    const extra = (await count('sample_truth.source_person')) - (await count('core_banking.cif_customer')) - (await count('cards.cardholder')) - (await count('loans.borrower'));
    expect(extra).toBe(0);
  });
});

describe('updateSample', () => {
  const latest = async (): Promise<number> =>
    Number(
      (
        await pool.query(`SELECT extract(epoch FROM greatest(
          (SELECT max(last_maint_ts) FROM core_banking.cif_customer),
          (SELECT max(updated_at) FROM cards.cardholder),
          (SELECT max(updated_at) FROM loans.borrower),
          (SELECT max(updated_at) FROM loans.loan))) * 1000 AS ms`)
      ).rows[0].ms,
    );

  const touchedAt = async (at: Date) => ({
    core: await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM core_banking.cif_customer WHERE last_maint_ts = $1 GROUP BY status`, [at]),
    cards: await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM cards.cardholder WHERE updated_at = $1 GROUP BY status`, [at]),
    loans: await pool.query<{ status: string; n: string }>(`SELECT is_deleted::text AS status, count(*) AS n FROM loans.borrower WHERE updated_at = $1 GROUP BY is_deleted`, [at]),
  });
  const total = (r: { rows: { n: string }[] }) => r.rows.reduce((a, x) => a + Number(x.n), 0);
  const withStatus = (r: { rows: { status: string; n: string }[] }, status: string) => Number(r.rows.find((x) => x.status === status)?.n ?? 0);

  it('changes, adds and closes customers at one instant later than any before, as reported', async () => {
    const before = await latest();
    const rows = {
      core: await count('core_banking.cif_customer'),
      cards: await count('cards.cardholder'),
      loans: await count('loans.borrower'),
      truth: await count('sample_truth.source_person'),
      persons: await count('sample_truth.person'),
    };
    // `now` before the data's latest change: the update must still land strictly after it
    const result = await updateSample(pool, COPY_SCHEMAS, { seed: 3, changes: 200, now: new Date('2024-01-01T00:00:00Z') });
    expect(result.at.getTime()).toBeGreaterThan(before);
    const sums = (k: 'changed' | 'added' | 'deleted') => result.coreBanking[k] + result.cards[k] + result.loans[k];
    expect(sums('changed')).toBe(200);
    expect(sums('deleted')).toBe(20);
    expect(result.personsAdded).toBe(40);
    expect(sums('added')).toBeGreaterThanOrEqual(40);

    const touched = await touchedAt(result.at);
    expect(total(touched.core)).toBe(result.coreBanking.changed + result.coreBanking.added + result.coreBanking.deleted);
    expect(total(touched.cards)).toBe(result.cards.changed + result.cards.added + result.cards.deleted);
    expect(total(touched.loans)).toBe(result.loans.changed + result.loans.added + result.loans.deleted);
    expect(withStatus(touched.core, 'C')).toBeGreaterThanOrEqual(result.coreBanking.deleted);
    expect(withStatus(touched.cards, 'CLOSED')).toBeGreaterThanOrEqual(result.cards.deleted);
    expect(withStatus(touched.loans, 'true')).toBeGreaterThanOrEqual(result.loans.deleted);

    expect(await count('core_banking.cif_customer')).toBe(rows.core + result.coreBanking.added);
    expect(await count('cards.cardholder')).toBe(rows.cards + result.cards.added);
    expect(await count('loans.borrower')).toBe(rows.loans + result.loans.added);
    expect(await count('sample_truth.source_person')).toBe(rows.truth + sums('added'));
    expect(await count('sample_truth.person')).toBe(rows.persons + 40);
    expect(await latest()).toBe(result.at.getTime());
  });

  it('uses `now` itself when it is later, and closes the products of closed customers', async () => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    const result = await updateSample(pool, COPY_SCHEMAS, { seed: 4, changes: 50, now });
    expect(result.at).toEqual(now);
    // some customers restated their marketing consent today, and each such change bumped the customer
    const restated = await pool.query<{ touched: boolean }>(
      `SELECT c.last_maint_ts = $1 AS touched FROM core_banking.cif_consent k JOIN core_banking.cif_customer c USING (cif_no) WHERE k.signed_on = $1::date`,
      [now],
    );
    expect(restated.rowCount).toBeGreaterThan(0);
    expect(restated.rows.every((r) => r.touched)).toBe(true);
    const openAccounts = await pool.query(`
      SELECT 1 FROM core_banking.deposit_account a JOIN core_banking.cif_customer c USING (cif_no)
       WHERE c.status = 'C' AND a.status <> 'C'`);
    expect(openAccounts.rowCount).toBe(0);
    const openLoans = await pool.query(`
      SELECT 1 FROM loans.loan l JOIN loans.loan_party p ON p.loan_id = l.loan_id AND p.role = 'PRIMARY'
        JOIN loans.borrower b ON b.borrower_id = p.borrower_id
       WHERE b.is_deleted AND l.status <> 'CLOSED'`);
    expect(openLoans.rowCount).toBe(0);
  });
});
