/**
 * `npm run seed -- --update` on sources that also hold rows the generator did not write, with
 * what real systems hold: an `infinity` or far-future change timestamp (a "never" placeholder),
 * keys in another format, null names, unknown statuses, a profile that is not JSON. The update
 * runs (the real script, as a process), changes the generator's rows, stamps them just after the
 * latest real change — not after the placeholders — and leaves the odd rows as they were.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';

const SEED = join(__dirname, '..', '..', 'dist', 'scripts', 'seed.js');
const run = promisify(execFile);

let db: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  db = await createTestDatabase('seed_odd_rows');
  pool = new Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const seed = (...args: string[]) => run(process.execPath, [SEED, '--database-url', db.url, ...args], { env: { ...process.env, NODE_OPTIONS: '' } });

const ODD_ROWS = `
  INSERT INTO core_banking.cif_customer (cif_no, cust_name, cust_name_en, id_type, id_no, birth_dt, gender, mobile_no, email, open_dt, status, last_maint_ts)
  VALUES ('LEGACY-1', NULL, NULL, '99', NULL, NULL, NULL, 'n/a', '', '1990-01-01', 'A', 'infinity'),
         ('X77', 'TEST, ROW', NULL, NULL, NULL, NULL, 'U', NULL, NULL, '1990-01-01', 'Z', '9999-12-31T00:00:00Z');
  INSERT INTO core_banking.cif_consent (cif_no, purpose_code, status, signed_on, channel, expires_on)
  VALUES ('LEGACY-1', 'MKT', '?', NULL, NULL, 'infinity');
  INSERT INTO cards.cardholder (holder_id, full_name, profile, status, updated_at)
  VALUES ('LEGACY-CARD', NULL, 'not json at all', 'SUSPENDED', '-infinity'),
         ('CH-FUTURE', '', '{"phone": 12}', 'ACTIVE', '2999-01-01T00:00:00Z');
  INSERT INTO loans.borrower (borrower_id, first_name, last_name, name_local, dob_text, national_id, phone, email, addr_text, updated_at, is_deleted)
  VALUES (990000001, NULL, NULL, NULL, '31/02/1980', 'unknown', NULL, NULL, NULL, 'infinity', false);
  INSERT INTO loans.loan (loan_id, product, currency, principal, outstanding, interest_rate, start_date, maturity_date, days_past_due, status, updated_at)
  VALUES (990000001, 'OTHER', 'XXX', 0, -1, 0, '1900-01-01', 'infinity', -5, 'WRITTEN_OFF', 'infinity');
  INSERT INTO loans.loan_party (loan_id, borrower_id, role) VALUES (990000001, 990000001, 'GUARANTOR');
`;

const oddRows = async () =>
  (
    await pool.query(`
      SELECT 'core' AS t, cif_no AS key, last_maint_ts::text AS ts, status FROM core_banking.cif_customer WHERE cif_no IN ('LEGACY-1', 'X77')
      UNION ALL SELECT 'cards', holder_id, updated_at::text, status FROM cards.cardholder WHERE holder_id IN ('LEGACY-CARD', 'CH-FUTURE')
      UNION ALL SELECT 'loans', borrower_id::text, updated_at::text, is_deleted::text FROM loans.borrower WHERE borrower_id = 990000001
      ORDER BY 1, 2`)
  ).rows;

it('updates a sample that holds infinity, far-future and odd rows it did not write', async () => {
  await seed('--customers', '150', '--seed', '3');
  await pool.query(ODD_ROWS);
  const before = await oddRows();
  const latestReal = (await pool.query(`SELECT max(last_maint_ts) AS t FROM core_banking.cif_customer WHERE cif_no ~ '^C[0-9]{10}$'`)).rows[0].t as Date;

  const now = '2026-01-01T00:00:00Z';
  const { stdout } = await seed('--update', '--changes', '60', '--seed', '5', '--now', now);
  const stamp = stdout.match(/change timestamp (\S+)/)![1];
  // just after the generator's own latest change (which may be later than --now), not after 9999 or infinity
  expect(new Date(stamp).getTime()).toBe(Math.max(latestReal.getTime() + 1, Date.parse(now)));

  const changed = await pool.query(`SELECT count(*)::int AS n FROM core_banking.cif_customer WHERE last_maint_ts = $1`, [stamp]);
  expect(changed.rows[0].n).toBeGreaterThan(0);
  // a row the generator did not write gives it nothing to derive a change from: left as it was
  // (unless closed, which it may pick like any active row)
  const after = await oddRows();
  for (const row of after) {
    const was = before.find((b) => b.t === row.t && b.key === row.key)!;
    if (row.ts !== was.ts) expect(row.ts).toBe((await pool.query(`SELECT $1::timestamptz::text AS t`, [stamp])).rows[0].t);
  }

  // and again: a second round after the first still moves forward
  const second = await seed('--update', '--changes', '20', '--seed', '6', '--now', now);
  const stamp2 = second.stdout.match(/change timestamp (\S+)/)![1];
  expect(new Date(stamp2).getTime()).toBeGreaterThan(new Date(stamp).getTime());
}, 120_000);
