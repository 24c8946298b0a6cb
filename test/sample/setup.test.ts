/** Creating the sample schemas on the real PostgreSQL, and telling whether they hold data. */
import { Pool } from 'pg';
import {
  DEFAULT_SAMPLE_SCHEMAS,
  assertSampleSchemas,
  createSampleSchemas,
  dropSampleSchemas,
  isSampleSeeded,
  type SampleSchemas,
} from '../../src/sample/setup';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  db = await createTestDatabase('sample_setup');
  pool = new Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const tablesIn = async (schema: string): Promise<string[]> =>
  (await pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema])).rows.map(
    (r) => r.table_name,
  );

describe('createSampleSchemas', () => {
  it('creates the three systems and the truth under the default names, and can run again', async () => {
    expect(DEFAULT_SAMPLE_SCHEMAS).toEqual({ coreBanking: 'core_banking', cards: 'cards', loans: 'loans', truth: 'sample_truth' });
    await createSampleSchemas(pool);
    await createSampleSchemas(pool);
    expect(await tablesIn('core_banking')).toEqual(['cif_address', 'cif_consent', 'cif_customer', 'deposit_account']);
    expect(await tablesIn('cards')).toEqual(['card', 'cardholder']);
    expect(await tablesIn('loans')).toEqual(['borrower', 'loan', 'loan_party', 'repayment_schedule']);
    expect(await tablesIn('sample_truth')).toEqual(['person', 'source_person']);
    const key = await pool.query(`
      SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = 'sample_truth.source_person'::regclass AND i.indisprimary ORDER BY a.attname`);
    expect(key.rows.map((r) => r.attname)).toEqual(['source_key', 'system']);
  });

  it('takes other schema names, and refuses names that are not plain identifiers', async () => {
    const other: SampleSchemas = { coreBanking: 'cb2', cards: 'cards2', loans: 'loans2', truth: 'truth2' };
    await createSampleSchemas(pool, other);
    expect(await tablesIn('cb2')).toEqual(['cif_address', 'cif_consent', 'cif_customer', 'deposit_account']);
    await dropSampleSchemas(pool, other);
    expect(await tablesIn('cb2')).toEqual([]);
    expect(() => assertSampleSchemas({ ...other, cards: 'cards; DROP TABLE x' })).toThrow('lower-case SQL identifier');
    expect(() => assertSampleSchemas({ ...other, cards: 'cb2' })).toThrow('different names');
    await expect(createSampleSchemas(pool, { ...other, loans: 'Loans' })).rejects.toThrow('lower-case SQL identifier');
  });
});

describe('isSampleSeeded', () => {
  it('is false without the schemas and on empty ones, true once any system has a customer', async () => {
    expect(await isSampleSeeded(pool, { coreBanking: 'nope1', cards: 'nope2', loans: 'nope3', truth: 'nope4' })).toBe(false);
    expect(await isSampleSeeded(pool)).toBe(false);
    await pool.query(`INSERT INTO loans.borrower (borrower_id, updated_at) VALUES (1, now())`);
    expect(await isSampleSeeded(pool)).toBe(true);
    await pool.query(`DELETE FROM loans.borrower`);
    await pool.query(`INSERT INTO cards.cardholder (holder_id, profile, status, updated_at) VALUES ('CH00000001', '{}', 'ACTIVE', now())`);
    expect(await isSampleSeeded(pool)).toBe(true);
  });
});
