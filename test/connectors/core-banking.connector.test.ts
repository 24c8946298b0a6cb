import { Client, Pool } from 'pg';
import { createConnector, type Connector, type SourceCustomer } from '../../connectors/index.js';
import { coreBankingDdl } from '../../src/sample/core-banking/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { keyOf, pullAll } from './pull-all.js';

const SCHEMA = 'core_banking';
const T = '2024-03-01T10:00:00.123456Z';

let db: TestDatabase;
let client: Client;
let connector: Connector;

beforeAll(async () => {
  db = await createTestDatabase('core-banking-connector');
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(coreBankingDdl(SCHEMA));
  await client.query(`
    INSERT INTO ${SCHEMA}.cif_customer (cif_no, cust_name, cust_name_en, id_type, id_no, birth_dt, gender, mobile_no, email, open_dt, status, last_maint_ts) VALUES
      ('C0000000001', 'SMITH, JOHN', NULL,         '02', 'E12345678',          '1980-02-29', 'M', '13812345678', 'john@example.com', '2010-01-01', 'A', '2024-03-01T09:00:00Z'),
      ('C0000000002', '张伟',        'ZHANG, WEI', '01', '11010119850312001X', '1985-03-12', 'M', '+8613900000000', NULL,             '2012-05-05', 'A', '${T}'),
      ('C0000000003', 'LI, NA',      NULL,         '01', '110101199001010022', '1990-01-01', 'F', '',            NULL,               '2013-01-01', 'A', '${T}'),
      ('C0000000004', 'WANG, FANG',  NULL,         '99', 'X1',                 NULL,         'F', NULL,          NULL,               '2014-01-01', 'A', '2024-03-01T10:00:00.123457Z'),
      ('C0000000005', 'CHEN, JIE',   NULL,         NULL, NULL,                 '1970-12-31', 'M', NULL,          NULL,               '2001-01-01', 'C', '2024-03-01T10:00:00.9Z'),
      ('  ',          'NO, KEY',     NULL,         NULL, NULL,                 NULL,         NULL, NULL,         NULL,               '2001-01-01', 'A', '2024-03-02T00:00:00Z'),
      ('C0000000006', ' ',           NULL,         NULL, NULL,                 NULL,         NULL, NULL,         NULL,               '2001-01-01', 'A', '2024-03-02T00:00:00Z'),
      ('C0000000007', 'ZHAO, LEI',   NULL,         NULL, NULL,                 NULL,         NULL, NULL,         NULL,               '2001-01-01', 'A', 'infinity');
    INSERT INTO ${SCHEMA}.cif_address (cif_no, addr_seq, addr_type, line1, line2, city, province, postcode, country) VALUES
      ('C0000000002', 2, 'MAIL', '建国路12号', NULL, '北京', '北京', '100022', 'CN'),
      ('C0000000002', 1, 'HOME', '12 Jianguo Rd', 'Chaoyang', 'Beijing', 'Beijing', '100022', 'CN');
    INSERT INTO ${SCHEMA}.cif_consent (cif_no, purpose_code, status, signed_on, channel, expires_on) VALUES
      ('C0000000002', 'MKT', 'Y', '2023-05-04', 'MB', NULL),
      ('C0000000004', 'MKT', '?', '2023-05-04', 'BR', NULL);
    INSERT INTO ${SCHEMA}.deposit_account (acct_no, cif_no, product_code, currency, balance, opened_dt, last_txn_dt, status) VALUES
      ('6200000001', 'C0000000001', 'SAV', 'CNY', 1000.10, '2010-01-01', '2024-02-01', 'A'),
      ('6200000002', 'C0000000001', 'TD',  'USD', 5000.00, '2015-01-01', NULL,         'A'),
      ('6200000003', 'C0000000002', 'CUR', 'CNY', 0.01,    '2012-05-05', '2024-01-01', 'C');
  `);
  connector = createConnector('core_banking', { databaseUrl: db.url, schema: SCHEMA });
});

afterAll(async () => {
  await connector?.close();
  await client?.end();
  await db?.drop();
});

const ORDER = ['C0000000001', 'C0000000002', 'C0000000003', 'C0000000004', 'C0000000005', '  ', 'C0000000006', 'C0000000007'];

describe('core banking connector', () => {
  it('pulls every row exactly once, oldest first, in pages of two', async () => {
    const { rows, pages } = await pullAll(connector, null, 2);
    expect(rows.map(keyOf)).toEqual([...ORDER.slice(0, 5), null, ...ORDER.slice(6)]);
    expect(pages).toBe(4);
  });

  it('maps the CJK customer with its romanised name, DOB text, addresses and marketing consent', async () => {
    const { rows } = await pullAll(connector, null, 100);
    const cjk = rows.find((r) => r.ok && r.customer.sourceKey === 'C0000000002');
    expect(cjk?.ok).toBe(true);
    const customer = (cjk as { customer: SourceCustomer }).customer;
    expect(customer).toMatchObject({
      name: { full: 'ZHANG, WEI', local: '张伟', order: 'FAMILY_GIVEN' },
      dateOfBirth: '1985-03-12',
      dateOrder: 'YMD',
      nationalId: { type: 'CN_RESIDENT', number: '11010119850312001X' },
      phones: ['+8613900000000'],
      emails: [],
      addresses: [
        { lines: ['12 Jianguo Rd', 'Chaoyang'], city: 'Beijing', postcode: '100022', country: 'CN' },
        { lines: ['建国路12号'], city: '北京', country: 'CN' },
      ],
      consents: [{ purpose: 'MARKETING', status: 'GRANTED', givenAt: '2023-05-04', expiresAt: null, channel: 'APP' }],
    });
    expect(customer.updatedAt.toISOString()).toBe('2024-03-01T10:00:00.123Z');
    expect(customer.raw).toMatchObject({ cif_no: 'C0000000002', last_maint_ts: T, birth_dt: '1985-03-12' });
    expect((customer.raw.addresses as unknown[]).length).toBe(2);
  });

  it('marks the closed customer deleted and quarantines the broken rows', async () => {
    const { rows } = await pullAll(connector, null, 100);
    const closed = rows.find((r) => r.ok && r.customer.sourceKey === 'C0000000005');
    expect(closed?.ok && closed.customer.deleted).toBe(true);
    const verdicts = rows.flatMap((r) => (r.ok ? [] : [[r.quarantine.sourceKey, r.quarantine.reason]]));
    expect(verdicts).toEqual([
      ['C0000000004', 'BAD_CONSENT'],
      [null, 'MISSING_KEY'],
      ['C0000000006', 'MISSING_NAME'],
      ['C0000000007', 'BAD_TIMESTAMP'],
    ]);
    const missingKey = rows.find((r) => !r.ok && r.quarantine.reason === 'MISSING_KEY');
    expect(!missingKey?.ok && JSON.parse(missingKey!.quarantine.raw)).toMatchObject({ cif_no: '  ', cust_name: 'NO, KEY' });
  });

  it('resumes from the watermark: only rows changed since come back', async () => {
    const first = await pullAll(connector, null, 3);
    expect(first.rows.map(keyOf)).toEqual([...ORDER.slice(0, 5), null, ...ORDER.slice(6)]);
    expect(first.watermark).toEqual({ ts: '2024-03-02T00:00:00.000000Z', key: 'C0000000006' });

    // Caught up: only the row stamped 'infinity' (sorted after everything, so never passed) is seen again.
    const again = await pullAll(connector, first.watermark, 3);
    expect(again.rows.map(keyOf)).toEqual(['C0000000007']);
    expect(again.watermark).toEqual(first.watermark);

    await client.query(`UPDATE ${SCHEMA}.cif_customer SET email = 'li.na@example.com', last_maint_ts = '2024-03-05T08:00:00.000001Z' WHERE cif_no = 'C0000000003'`);
    const next = await pullAll(connector, first.watermark, 3);
    expect(next.rows.map(keyOf)).toEqual(['C0000000003', 'C0000000007']);
    const changed = next.rows[0]!;
    expect(changed.ok && changed.customer.emails).toEqual(['li.na@example.com']);
    expect(next.watermark).toEqual({ ts: '2024-03-05T08:00:00.000001Z', key: 'C0000000003' });

    // The same page asked twice answers the same (the hub may retry).
    expect(await connector.pullChanges(first.watermark, 3)).toEqual(await connector.pullChanges(first.watermark, 3));
  });

  it('looks up deposit accounts for many keys in one query', async () => {
    const query = jest.spyOn(Pool.prototype, 'query');
    try {
      const keys = ['C0000000001', 'C0000000002', 'C0000000003', 'C9999999999'];
      const holdings = await connector.lookupHoldings(keys);
      expect(query).toHaveBeenCalledTimes(1);
      expect([...holdings.keys()]).toEqual(keys);
      expect(holdings.get('C0000000001')!.map((h) => [h.productId, h.product, h.currency, h.balance, h.status])).toEqual([
        ['6200000001', 'SAVINGS', 'CNY', 1000.1, 'ACTIVE'],
        ['6200000002', 'TIME_DEPOSIT', 'USD', 5000, 'ACTIVE'],
      ]);
      expect(holdings.get('C0000000002')).toEqual([
        expect.objectContaining({ kind: 'DEPOSIT_ACCOUNT', sourceKey: 'C0000000002', product: 'CURRENT', status: 'CLOSED', balance: 0.01, openedAt: '2012-05-05', lastActivityAt: '2024-01-01' }),
      ]);
      expect(holdings.get('C0000000003')).toEqual([]);
      expect(holdings.get('C9999999999')).toEqual([]);
      query.mockClear();
      expect((await connector.lookupHoldings([])).size).toBe(0);
      expect(query).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
    }
  });

  it('reports health, and a failure without throwing', async () => {
    const health = await connector.health();
    expect(health.ok).toBe(true);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);

    const unreachable = createConnector('core_banking', { databaseUrl: 'postgres://postgres@127.0.0.1:1/none', schema: SCHEMA });
    try {
      const down = await unreachable.health();
      expect(down.ok).toBe(false);
      expect(down.detail).toMatch(/^core_banking: /);
      await expect(unreachable.pullChanges(null, 10)).rejects.toThrow(/^core_banking: pull failed/);
    } finally {
      await unreachable.close();
    }
  });

  it('refuses a schema name that is not an identifier and a malformed watermark', async () => {
    expect(() => createConnector('core_banking', { databaseUrl: db.url, schema: 'x; DROP TABLE y' })).toThrow(/schema/);
    await expect(connector.pullChanges({ ts: 5, key: 'C1' }, 10)).rejects.toThrow(/invalid watermark/);
    await expect(connector.pullChanges(null, 0)).rejects.toThrow(RangeError);
  });
});
