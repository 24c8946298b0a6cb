import { Client, Pool } from 'pg';
import { createConnector, type Connector, type SourceCustomer } from '../../connectors/index.js';
import { loansDdl } from '../../src/sample/loans/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { keyOf, pullAll } from './pull-all.js';

const SCHEMA = 'loans';
const T = '2024-03-01T10:00:00.500001Z';

let db: TestDatabase;
let client: Client;
let connector: Connector;

beforeAll(async () => {
  db = await createTestDatabase('loans-connector');
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(loansDdl(SCHEMA));
  await client.query(`
    INSERT INTO ${SCHEMA}.borrower (borrower_id, first_name, last_name, name_local, dob_text, national_id, phone, email, addr_text, updated_at, is_deleted) VALUES
      (1, 'John', 'Smith', NULL,   '29/02/1980', 'E12345678',          '+1 555 0100',   'john@example.com', '1 Main St, Springfield', '2024-03-01T09:00:00Z', false),
      (2, 'Wei',  'Zhang', '张伟', '1985年3月12日', '11010119850312001X', '138 1234 5678', NULL,             '12 Jianguo Rd, Chaoyang, Beijing 100022', '${T}', false),
      (3, 'Na',   'Li',    NULL,   '31/02/1990', NULL,                 '  ',            NULL,               NULL,                     '${T}', false),
      (4, 'Fang', 'Wang',  NULL,   '19900101',   NULL,                 NULL,            NULL,               NULL,                     '2024-03-01T10:00:00.500002Z', false),
      (5, 'Jie',  'Chen',  NULL,   '01-Jan-70',  NULL,                 NULL,            NULL,               NULL,                     '2024-03-01T11:00:00Z', true),
      (6, ' ',    NULL,    '',     NULL,         NULL,                 NULL,            NULL,               NULL,                     '2024-03-02T00:00:00Z', false),
      (7, 'Lei',  'Zhao',  NULL,   NULL,         NULL,                 NULL,            NULL,               NULL,                     'infinity', false);
    INSERT INTO ${SCHEMA}.loan (loan_id, product, currency, principal, outstanding, interest_rate, start_date, maturity_date, days_past_due, status, updated_at) VALUES
      (9001, 'MORTGAGE', 'CNY', 1000000, 850000.50, 0.0425, '2020-01-15', '2050-01-15', 0,  'CURRENT',    now()),
      (9002, 'AUTO',     'CNY', 150000,  20000.00,  0.0600, '2021-06-01', '2026-06-01', 45, 'DELINQUENT', now());
    INSERT INTO ${SCHEMA}.loan_party (loan_id, borrower_id, role) VALUES
      (9001, 2, 'PRIMARY'), (9001, 3, 'CO_BORROWER'), (9002, 2, 'PRIMARY');
    INSERT INTO ${SCHEMA}.repayment_schedule (loan_id, seq, due_date, amount_due, amount_paid) VALUES
      (9001, 1, '2024-01-15', 5000, 5000), (9001, 2, '2024-02-15', 5000, 5000), (9001, 3, '2024-03-15', 5000, 0);
  `);
  connector = createConnector('loans', { databaseUrl: db.url, schema: SCHEMA });
});

afterAll(async () => {
  await connector?.close();
  await client?.end();
  await db?.drop();
});

const ORDER = ['1', '2', '3', '4', '5', '6', '7'];

describe('loans connector', () => {
  it('pulls every row exactly once, oldest first, in pages of two', async () => {
    const { rows, pages } = await pullAll(connector, null, 2);
    expect(rows.map(keyOf)).toEqual(ORDER);
    expect(pages).toBe(4);
  });

  it('passes names and the DOB text through in the source formats', async () => {
    const { rows } = await pullAll(connector, null, 100);
    const customers = new Map(rows.flatMap((r) => (r.ok ? [[r.customer.sourceKey, r.customer] as const] : [])));
    expect(customers.get('2')).toMatchObject<Partial<SourceCustomer>>({
      name: { full: null, given: 'Wei', family: 'Zhang', local: '张伟', order: 'GIVEN_FAMILY' },
      dateOfBirth: '1985年3月12日',
      dateOrder: 'DMY',
      nationalId: { type: 'CN_RESIDENT', number: '11010119850312001X' },
      phones: ['138 1234 5678'],
      emails: [],
      addresses: [{ lines: ['12 Jianguo Rd, Chaoyang, Beijing 100022'] }],
    });
    // an impossible date is the hub's to quarantine, not the connector's
    expect(customers.get('3')).toMatchObject({ dateOfBirth: '31/02/1990', phones: [] });
    expect(customers.get('5')?.deleted).toBe(true);
    expect(customers.get('2')?.raw).toMatchObject({ borrower_id: '2', updated_at: T, is_deleted: false });
  });

  it('quarantines a borrower without a name and one with an infinite timestamp', async () => {
    const { rows } = await pullAll(connector, null, 100);
    const verdicts = rows.flatMap((r) => (r.ok ? [] : [[r.quarantine.sourceKey, r.quarantine.reason]]));
    expect(verdicts).toEqual([
      ['6', 'MISSING_NAME'],
      ['7', 'BAD_TIMESTAMP'],
    ]);
  });

  it('resumes from the watermark: only rows changed since come back', async () => {
    const first = await pullAll(connector, null, 3);
    expect(first.rows.map(keyOf)).toEqual(ORDER);
    expect(first.watermark).toEqual({ ts: '2024-03-02T00:00:00.000000Z', key: '6' });

    await client.query(`UPDATE ${SCHEMA}.borrower SET phone = '139 0000 0000', updated_at = '2024-03-05T08:00:00.000001Z' WHERE borrower_id = 1`);
    const next = await pullAll(connector, first.watermark, 3);
    expect(next.rows.map(keyOf)).toEqual(['1', '7']);
    const changed = next.rows[0]!;
    expect(changed.ok && changed.customer.phones).toEqual(['139 0000 0000']);
    expect(next.watermark).toEqual({ ts: '2024-03-05T08:00:00.000001Z', key: '1' });
  });

  it('looks up loans, as borrower and co-borrower, for many keys in one query', async () => {
    const query = jest.spyOn(Pool.prototype, 'query');
    try {
      const holdings = await connector.lookupHoldings(['2', '3', '4', 'not-a-number']);
      expect(query).toHaveBeenCalledTimes(1);
      expect(holdings.get('2')).toEqual([
        {
          kind: 'LOAN',
          sourceKey: '2',
          productId: '9001',
          product: 'MORTGAGE',
          currency: 'CNY',
          balance: 850000.5,
          creditLimit: null,
          daysPastDue: 0,
          role: 'PRIMARY',
          status: 'CURRENT',
          openedAt: '2020-01-15',
          lastActivityAt: '2024-02-15',
          maskedNumber: null,
        },
        expect.objectContaining({ productId: '9002', product: 'AUTO', balance: 20000, daysPastDue: 45, role: 'PRIMARY', status: 'DELINQUENT', lastActivityAt: null }),
      ]);
      expect(holdings.get('3')).toEqual([expect.objectContaining({ productId: '9001', role: 'CO_BORROWER' })]);
      expect(holdings.get('4')).toEqual([]);
      expect(holdings.get('not-a-number')).toEqual([]);
    } finally {
      query.mockRestore();
    }
  });

  it('reports health, and a failure without throwing', async () => {
    expect((await connector.health()).ok).toBe(true);
    const unreachable = createConnector('loans', { databaseUrl: 'postgres://postgres@127.0.0.1:1/none', schema: SCHEMA });
    try {
      const down = await unreachable.health();
      expect(down).toMatchObject({ ok: false, detail: expect.stringMatching(/^loans: /) });
    } finally {
      await unreachable.close();
    }
  });
});
