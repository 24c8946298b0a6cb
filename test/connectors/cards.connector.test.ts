import { Pool } from 'pg';
import { createConnector, type Connector, type SourceCustomer, type Watermark } from '../../connectors/index.js';
import { startCardApiServer, type CardApiServer } from '../../src/sample/cards/card-api.server.js';
import { cardsDdl } from '../../src/sample/cards/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { keyOf, pullAll } from './pull-all.js';

const SCHEMA = 'cards';
const T = '2024-03-01T10:00:00.123456Z';
const PROFILE = JSON.stringify({
  dateOfBirth: '1985-03-12',
  phone: '138-1234-5678',
  email: 'wei@example.com',
  address: { street: '12 Jianguo Rd', city: 'Beijing', postalCode: '100022', country: 'CN' },
  idDocument: { type: 'PASSPORT', number: 'E12345678' },
});

let db: TestDatabase;
let pool: Pool;
let api: CardApiServer;
let connector: Connector;

beforeAll(async () => {
  db = await createTestDatabase('cards-connector');
  pool = new Pool({ connectionString: db.url, max: 2 });
  await pool.query(cardsDdl(SCHEMA));
  await pool.query(
    `INSERT INTO ${SCHEMA}.cardholder (holder_id, full_name, profile, status, updated_at) VALUES
      ('CH00000001', 'John Smith', '{"phone":" "}', 'ACTIVE', '2024-03-01T09:00:00Z'),
      ('CH00000002', 'Wei Zhang',  $1,              'ACTIVE', '${T}'),
      ('CH00000003', '张伟',       '{}',            'ACTIVE', '${T}'),
      ('CH00000004', 'Na Li',      '{"phone":"13',  'ACTIVE', '2024-03-01T10:00:00.123457Z'),
      ('CH00000005', 'Jie Chen',   '{}',            'CLOSED', '2024-03-01T11:00:00Z'),
      ('CH00000006', '  ',         '{}',            'ACTIVE', '2024-03-01T12:00:00Z'),
      (' ',          'No Key',     '{}',            'ACTIVE', '2024-03-01T13:00:00Z');`,
    [PROFILE],
  );
  await pool.query(`
    INSERT INTO ${SCHEMA}.card (card_id, holder_id, product, masked_pan, currency, credit_limit, balance, status, opened_at, last_txn_at) VALUES
      ('K1', 'CH00000001', 'VISA_PLATINUM', '4111********1111', 'CNY', 50000, 1234.56, 'ACTIVE',  '2019-05-01', '2024-02-28'),
      ('K2', 'CH00000002', 'UNIONPAY_GOLD', '6222********1234', 'CNY', 20000, 0,       'BLOCKED', '2020-01-01', NULL);
  `);
  api = await startCardApiServer({ pool, schema: SCHEMA, port: 0 });
  connector = createConnector('cards', { baseUrl: api.url, timeoutMs: 5000 });
});

afterAll(async () => {
  await connector?.close();
  await api?.close();
  await pool?.end();
  await db?.drop();
});

const ORDER = ['CH00000001', 'CH00000002', 'CH00000003', 'CH00000004', 'CH00000005', 'CH00000006', null];

/** Counts the server's queries on one table while `fn` runs: one per HTTP request. */
async function countQueries(table: string, fn: () => Promise<unknown>): Promise<number> {
  const query = jest.spyOn(pool, 'query');
  try {
    await fn();
    const texts = query.mock.calls.map(([sql]) => (typeof sql === 'string' ? sql : (sql as { text: string }).text));
    return texts.filter((text) => text.includes(`.${table} `)).length;
  } finally {
    query.mockRestore();
  }
}

describe('cards connector', () => {
  it('pulls every cardholder exactly once, oldest first, one API page per call', async () => {
    let result: Awaited<ReturnType<typeof pullAll>> | undefined;
    const requests = await countQueries('cardholder', async () => {
      result = await pullAll(connector, null, 2);
    });
    expect(result!.rows.map(keyOf)).toEqual(ORDER);
    expect(result!.pages).toBe(4);
    expect(requests).toBe(4);
  });

  it('maps the profile and quarantines unparsable profiles, blank names and keys', async () => {
    const { rows } = await pullAll(connector, null, 100);
    const customers = new Map(rows.flatMap((r) => (r.ok ? [[r.customer.sourceKey, r.customer] as const] : [])));
    expect(customers.get('CH00000002')).toMatchObject<Partial<SourceCustomer>>({
      name: { full: 'Wei Zhang', order: 'GIVEN_FAMILY' },
      dateOfBirth: '1985-03-12',
      dateOrder: 'YMD',
      nationalId: { type: 'PASSPORT', number: 'E12345678' },
      phones: ['138-1234-5678'],
      emails: ['wei@example.com'],
      addresses: [{ lines: ['12 Jianguo Rd'], city: 'Beijing', postcode: '100022', country: 'CN' }],
      raw: { holderId: 'CH00000002', name: 'Wei Zhang', status: 'ACTIVE', updatedAt: T, profile: PROFILE },
    });
    expect(customers.get('CH00000003')?.name.full).toBe('张伟');
    expect(customers.get('CH00000001')?.phones).toEqual([]);
    expect(customers.get('CH00000005')?.deleted).toBe(true);

    const verdicts = rows.flatMap((r) => (r.ok ? [] : [[r.quarantine.sourceKey, r.quarantine.reason]]));
    expect(verdicts).toEqual([
      ['CH00000004', 'UNPARSABLE_PAYLOAD'],
      ['CH00000006', 'MISSING_NAME'],
      [null, 'MISSING_KEY'],
    ]);
    const unparsable = rows.find((r) => !r.ok && r.quarantine.reason === 'UNPARSABLE_PAYLOAD');
    expect(!unparsable?.ok && JSON.parse(unparsable!.quarantine.raw)).toEqual({
      holderId: 'CH00000004',
      name: 'Na Li',
      status: 'ACTIVE',
      updatedAt: '2024-03-01T10:00:00.123457Z',
      profile: '{"phone":"13',
    });
    expect(!unparsable?.ok && unparsable!.quarantine.detail).not.toContain('13');
  });

  it('resumes after the last row even though the API gives no cursor on its last page', async () => {
    const first = await pullAll(connector, null, 3);
    expect(first.rows.map(keyOf)).toEqual(ORDER);
    const caughtUp = first.watermark as Watermark;

    const idle = await connector.pullChanges(caughtUp, 3);
    expect(idle).toEqual({ rows: [], next: caughtUp, done: true });

    // a new row sharing the last row's exact timestamp, and a row changed later
    await pool.query(`INSERT INTO ${SCHEMA}.cardholder VALUES ('CH00000008', 'Lei Zhao', '{}', 'ACTIVE', '2024-03-01T13:00:00Z')`);
    await pool.query(`UPDATE ${SCHEMA}.cardholder SET status = 'CLOSED', updated_at = '2024-03-05T08:00:00.000001Z' WHERE holder_id = 'CH00000003'`);
    const next = await pullAll(connector, caughtUp, 3);
    expect(next.rows.map(keyOf)).toEqual(['CH00000008', 'CH00000003']);
    const closed = next.rows[1]!;
    expect(closed.ok && closed.customer.deleted).toBe(true);

    expect((await pullAll(connector, next.watermark, 3)).rows).toEqual([]);
    // The same page asked twice answers the same (the hub may retry).
    expect(await connector.pullChanges(caughtUp, 1)).toEqual(await connector.pullChanges(caughtUp, 1));
  });

  it('looks up cards in one request for up to 500 holders, in chunks of 500 beyond', async () => {
    const keys = ['CH00000001', 'CH00000002', 'CH00000003'];
    let holdings = new Map();
    expect(await countQueries('card', async () => (holdings = await connector.lookupHoldings(keys)))).toBe(1);
    expect(holdings.get('CH00000001')).toEqual([
      {
        kind: 'CARD',
        sourceKey: 'CH00000001',
        productId: 'K1',
        product: 'VISA_PLATINUM',
        currency: 'CNY',
        balance: 1234.56,
        creditLimit: 50000,
        daysPastDue: null,
        role: null,
        status: 'ACTIVE',
        openedAt: '2019-05-01',
        lastActivityAt: '2024-02-28',
        maskedNumber: '4111********1111',
      },
    ]);
    expect(holdings.get('CH00000002')).toEqual([expect.objectContaining({ productId: 'K2', maskedNumber: '6222********1234', status: 'BLOCKED' })]);
    expect(holdings.get('CH00000003')).toEqual([]);

    const many = [...keys, ...Array.from({ length: 997 }, (_, i) => `CH9${String(i).padStart(7, '0')}`)];
    expect(await countQueries('card', async () => (holdings = await connector.lookupHoldings(many)))).toBe(2);
    expect(holdings.size).toBe(1000);
    expect(holdings.get('CH00000001')).toHaveLength(1);
    expect(await countQueries('card', () => connector.lookupHoldings([]))).toBe(0);
  });

  it('fails with the system and status named, and on timeout', async () => {
    await expect(connector.pullChanges({ cursor: 'bogus!' }, 2)).rejects.toThrow('cards: /v1/cardholders answered HTTP 400');
    const slow = await startCardApiServer({ pool, schema: SCHEMA, delayMs: 2000 });
    const impatient = createConnector('cards', { baseUrl: slow.url, timeoutMs: 100 });
    try {
      await expect(impatient.lookupHoldings(['CH00000001'])).rejects.toThrow('cards: /v1/cards timed out after 100 ms');
      expect(await impatient.health()).toMatchObject({ ok: false, detail: 'cards: /health timed out after 100 ms' });
    } finally {
      await slow.close();
    }
  });

  it('reports health, and ok false once the server is closed', async () => {
    const server = await startCardApiServer({ pool, schema: SCHEMA });
    const own = createConnector('cards', { baseUrl: server.url });
    const up = await own.health();
    expect(up.ok).toBe(true);
    expect(up.latencyMs).toBeGreaterThanOrEqual(0);
    await server.close();
    const down = await own.health();
    expect(down).toMatchObject({ ok: false, detail: expect.stringMatching(/^cards: \/health request failed/) });
  });
});

describe('cards connector and rows from the future (issue I, item 2)', () => {
  it("never moves its watermark past the hub's horizon, even where the API offers a cursor past a future row", async () => {
    const horizon = new Date('2026-12-01T00:00:00Z');
    const { watermark: caughtUp } = await pullAll(connector, null, 100);
    await pool.query(
      `INSERT INTO ${SCHEMA}.cardholder VALUES ('CH00000091', 'Future One', '{}', 'ACTIVE', '2099-01-01T00:00:00Z'),
                                               ('CH00000092', 'Future Two', '{}', 'ACTIVE', '2099-01-02T00:00:00Z')`,
    );
    try {
      // the page after the last row (re-read, then dropped) holds the first future row, and the API
      // has a cursor past it: the row is delivered, the watermark does not move
      const future = await connector.pullChanges(caughtUp, 2, { horizon });
      expect(future.rows.map(keyOf)).toEqual(['CH00000091']);
      expect(future).toMatchObject({ next: caughtUp, done: true });

      // a change made later at the source, but stamped before the horizon, still comes
      await pool.query(`INSERT INTO ${SCHEMA}.cardholder VALUES ('CH00000093', 'Later Change', '{}', 'ACTIVE', '2025-06-01T00:00:00Z')`);
      const first = await connector.pullChanges(caughtUp, 2, { horizon });
      expect(first.rows.map(keyOf)).toEqual(['CH00000093']);
      const second = await connector.pullChanges(first.next, 2, { horizon });
      expect(second.rows.map(keyOf)).toEqual(['CH00000091', 'CH00000092']);
      expect(second).toMatchObject({ next: first.next, done: true });
      expect(await connector.pullChanges(second.next, 5, { horizon })).toMatchObject({ next: first.next, done: true });
    } finally {
      await pool.query(`DELETE FROM ${SCHEMA}.cardholder WHERE holder_id IN ('CH00000091', 'CH00000092', 'CH00000093')`);
    }
  });
});
