import { Pool } from 'pg';
import { startCardApiServer, type CardApiServer } from '../../src/sample/cards/card-api.server.js';
import { cardsDdl } from '../../src/sample/cards/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const SCHEMA = 'cards';
const T = '2024-03-01T10:00:00.123456Z';

let db: TestDatabase;
let pool: Pool;
let api: CardApiServer;

interface Page {
  data: { holderId: string; name: string | null; status: string; updatedAt: string; profile: string }[];
  nextCursor: string | null;
}

async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.url}${path}`);
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  db = await createTestDatabase('card-api-server');
  pool = new Pool({ connectionString: db.url, max: 2 });
  await pool.query(cardsDdl(SCHEMA));
  await pool.query(`
    INSERT INTO ${SCHEMA}.cardholder (holder_id, full_name, profile, status, updated_at) VALUES
      ('CH00000001', 'John Smith', '{"phone":"(555) 010-0100"}', 'ACTIVE', '2024-03-01T09:00:00Z'),
      ('CH00000002', '张伟',       '{}',                          'ACTIVE', '${T}'),
      ('CH00000003', 'Wei Zhang',  '{}',                          'ACTIVE', '${T}'),
      ('CH00000004', 'Na Li',      '{not json',                   'ACTIVE', '2024-03-01T10:00:00.123457Z'),
      ('CH00000005', 'Jie Chen',   '{}',                          'CLOSED', '2024-03-01T11:00:00Z');
    INSERT INTO ${SCHEMA}.card (card_id, holder_id, product, masked_pan, currency, credit_limit, balance, status, opened_at, last_txn_at) VALUES
      ('K1', 'CH00000001', 'VISA_PLATINUM', '4111********1111', 'CNY', 50000.00, 1234.56, 'ACTIVE', '2019-05-01', '2024-02-28'),
      ('K2', 'CH00000001', 'UNIONPAY_GOLD', '6222********1234', 'CNY', 20000.00, 0,       'BLOCKED', '2020-01-01', NULL),
      ('K3', 'CH00000003', 'UNIONPAY_GOLD', '6222********5678', 'USD', 1000.00,  10.10,   'ACTIVE', '2021-01-01', NULL);
  `);
  api = await startCardApiServer({ pool, schema: SCHEMA, port: 0 });
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
  await db?.drop();
});

describe('cards sample API', () => {
  it('answers health', async () => {
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('pages cardholders in (updatedAt, holderId) order with exact timestamps and an opaque cursor', async () => {
    const seen: Page['data'] = [];
    let path = '/v1/cardholders?limit=2';
    let pages = 0;
    for (;;) {
      const { status, body } = (await get(path)) as { status: number; body: Page };
      expect(status).toBe(200);
      pages++;
      seen.push(...body.data);
      if (body.nextCursor === null) break;
      expect(body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      path = `/v1/cardholders?limit=2&cursor=${body.nextCursor}`;
    }
    expect(pages).toBe(3);
    expect(seen.map((h) => h.holderId)).toEqual(['CH00000001', 'CH00000002', 'CH00000003', 'CH00000004', 'CH00000005']);
    expect(seen.map((h) => h.updatedAt)).toEqual([
      '2024-03-01T09:00:00.000000Z',
      T,
      T,
      '2024-03-01T10:00:00.123457Z',
      '2024-03-01T11:00:00.000000Z',
    ]);
    expect(seen[3]).toEqual({ holderId: 'CH00000004', name: 'Na Li', status: 'ACTIVE', updatedAt: '2024-03-01T10:00:00.123457Z', profile: '{not json' });
  });

  it('answers a full last page with nextCursor null and uses the default limit', async () => {
    const exact = await get('/v1/cardholders?limit=5');
    expect(exact.body.data).toHaveLength(5);
    expect(exact.body.nextCursor).toBeNull();
    const all = await get('/v1/cardholders');
    expect(all.body.data).toHaveLength(5);
  });

  it('filters by updatedSince (inclusive), and the cursor wins over it', async () => {
    const since = await get(`/v1/cardholders?updatedSince=${encodeURIComponent(T)}`);
    expect(since.body.data.map((h: { holderId: string }) => h.holderId)).toEqual(['CH00000002', 'CH00000003', 'CH00000004', 'CH00000005']);
    const offset = await get(`/v1/cardholders?updatedSince=${encodeURIComponent('2024-03-01T18:00:00.123457+08:00')}`);
    expect(offset.body.data.map((h: { holderId: string }) => h.holderId)).toEqual(['CH00000004', 'CH00000005']);

    const first = await get('/v1/cardholders?limit=2');
    const both = await get(`/v1/cardholders?limit=10&cursor=${first.body.nextCursor}&updatedSince=2024-03-01T11:00:00Z`);
    expect(both.body.data.map((h: { holderId: string }) => h.holderId)).toEqual(['CH00000003', 'CH00000004', 'CH00000005']);
  });

  it.each([
    ['limit=0', /limit/],
    ['limit=1001', /limit/],
    ['limit=abc', /limit/],
    ['limit=1&limit=2', /limit/],
    ['cursor=not-a-cursor', /cursor/],
    [`cursor=${Buffer.from('["yesterday","CH1"]').toString('base64url')}`, /cursor/],
    [`cursor=${Buffer.from('["2024-02-30T00:00:00Z","CH1"]').toString('base64url')}`, /cursor/],
    ['updatedSince=yesterday', /updatedSince/],
    ['updatedSince=2024-03-01T10:00:00', /updatedSince/],
    ['updatedSince=2024-02-30T00:00:00Z', /updatedSince/],
  ])('answers 400 to %s', async (query, message) => {
    const { status, body } = await get(`/v1/cardholders?${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
  });

  it('returns the cards of the given holders, amounts as numbers', async () => {
    const { status, body } = await get('/v1/cards?holderIds=CH00000001,CH00000003,CH99999999');
    expect(status).toBe(200);
    expect(body.data).toEqual([
      { cardId: 'K1', holderId: 'CH00000001', product: 'VISA_PLATINUM', maskedPan: '4111********1111', currency: 'CNY', creditLimit: 50000, balance: 1234.56, status: 'ACTIVE', openedAt: '2019-05-01', lastTxnAt: '2024-02-28' },
      { cardId: 'K2', holderId: 'CH00000001', product: 'UNIONPAY_GOLD', maskedPan: '6222********1234', currency: 'CNY', creditLimit: 20000, balance: 0, status: 'BLOCKED', openedAt: '2020-01-01', lastTxnAt: null },
      { cardId: 'K3', holderId: 'CH00000003', product: 'UNIONPAY_GOLD', maskedPan: '6222********5678', currency: 'USD', creditLimit: 1000, balance: 10.1, status: 'ACTIVE', openedAt: '2021-01-01', lastTxnAt: null },
    ]);
  });

  it('answers 400 to missing or too many holderIds, 404 to unknown paths', async () => {
    expect((await get('/v1/cards')).status).toBe(400);
    expect((await get('/v1/cards?holderIds=,')).status).toBe(400);
    const tooMany = Array.from({ length: 501 }, (_, i) => `CH${String(i).padStart(8, '0')}`).join(',');
    expect(await get(`/v1/cards?holderIds=${tooMany}`)).toEqual({ status: 400, body: { error: 'holderIds accepts at most 500 ids' } });
    const exactly500 = await get(`/v1/cards?holderIds=${Array.from({ length: 500 }, (_, i) => `CH${String(i).padStart(8, '0')}`).join(',')}`);
    expect(exactly500.status).toBe(200);
    expect(await get('/v1/nothing')).toEqual({ status: 404, body: { error: 'not found' } });
  });

  it('adds the configured latency and closes while a request still waits', async () => {
    const slow = await startCardApiServer({ pool, schema: SCHEMA, delayMs: 300 });
    const started = performance.now();
    const res = await fetch(`${slow.url}/health`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const pending = fetch(`${slow.url}/health`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 50));
    await slow.close();
    expect(await pending).toBe('cut');
  });

  it('refuses a schema name that is not an identifier', async () => {
    await expect(startCardApiServer({ pool, schema: 'cards; DROP' })).rejects.toThrow(/schema/);
  });
});

describe('cards sample API without its database', () => {
  it('answers 503 to health when PostgreSQL is gone', async () => {
    const deadPool = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });
    deadPool.on('error', () => undefined);
    const server = await startCardApiServer({ pool: deadPool, schema: SCHEMA });
    try {
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(503);
      const list = await fetch(`${server.url}/v1/cardholders`);
      expect(list.status).toBe(500);
      expect(await list.json()).toEqual({ error: 'internal error' });
    } finally {
      await server.close();
      await deadPool.end();
    }
  });
});
