/**
 * Issue I, item 3: a malformed item in a cards API page (a `null`, a number, a field of the wrong
 * kind, an array where an object belongs) is quarantined as UNPARSABLE_PAYLOAD and the rest of
 * the page is ingested. The cards API here is a small HTTP server serving a page as a broken
 * processor would; the connector, ingest and the hub database are the real ones.
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createConnector } from '../../connectors/index';
import { initOrm } from '../../src/orm';
import { IngestService } from '../../src/ingest/ingest.service';
import { createTestDatabase, type TestDatabase } from '../support/database';

const good = (i: number) => ({
  holderId: `CH${String(i).padStart(8, '0')}`,
  name: `Holder Number${i}`,
  status: 'ACTIVE',
  updatedAt: `2026-03-01T10:00:${String(i).padStart(2, '0')}.000000Z`,
  profile: JSON.stringify({ email: `holder${i}@example.com`, address: { street: ['1 Road'], city: 'Beijing' } }),
});
const at = '2026-03-01T10:00:30.500000Z';
const BROKEN: unknown[] = [
  null,
  42,
  'CH00000099',
  [good(98)],
  { holderId: 'CHBAD00001', name: 123, status: 'ACTIVE', updatedAt: at, profile: '{}' },
  { holderId: 'CHBAD00002', name: 'Array Address', status: 'ACTIVE', updatedAt: at, profile: '{"address":["1 Road","Beijing"]}' },
  { holderId: 'CHBAD00003', name: 'Text Document', status: 'ACTIVE', updatedAt: at, profile: '{"idDocument":"E1234"}' },
  { holderId: 'CHBAD00004', name: 'Object Phone', status: 'ACTIVE', updatedAt: at, profile: '{"phone":{"mobile":"138"}}' },
  { holderId: 'CHBAD00005', name: 'Null Profile', status: 'ACTIVE', updatedAt: at, profile: null },
  { holderId: 'CHBAD00006', name: 'Object Profile', status: 'ACTIVE', updatedAt: at, profile: { email: 'x@example.com' } },
];
// the broken items sit in the middle of the page, between good ones
const PAGE = [...Array.from({ length: 10 }, (_, i) => good(i + 1)), ...BROKEN, ...Array.from({ length: 10 }, (_, i) => good(i + 11))];

let db: TestDatabase;
let orm: MikroORM;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  db = await createTestDatabase('malformed_api_items');
  orm = await initOrm(db.url, { poolMax: 2 });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/health') return res.end('{"ok":true}');
    const since = url.searchParams.get('updatedSince');
    const data = since === null ? PAGE : PAGE.filter((item) => typeof (item as { updatedAt?: unknown })?.updatedAt === 'string' && (item as { updatedAt: string }).updatedAt >= since);
    res.end(JSON.stringify({ data, nextCursor: null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await orm?.close();
  await db?.drop();
});

const sql = <T extends Record<string, unknown>>(text: string) => orm.em.fork().execute<T[]>(text);

describe('a malformed item in a cards API page', () => {
  it('is quarantined as UNPARSABLE_PAYLOAD and the rest of the page is ingested', async () => {
    const connector = createConnector('cards', { baseUrl });
    const result = await new IngestService(orm).sync(connector, { pageSize: 100 });
    expect(result).toMatchObject({ rowsSeen: PAGE.length, rowsChanged: 20, rowsQuarantined: BROKEN.length });

    const [{ stored }] = await sql<{ stored: number }>(`SELECT count(*)::int AS stored FROM source_record WHERE system = 'cards'`);
    expect(stored).toBe(20);
    const entries = await sql<{ source_key: string | null; reason: string; detail: string }>(
      `SELECT source_key, reason, detail FROM quarantined_row WHERE system = 'cards' AND resolved_at IS NULL ORDER BY source_key NULLS FIRST, raw`,
    );
    expect(entries.every((e) => e.reason === 'UNPARSABLE_PAYLOAD')).toBe(true);
    expect(entries.filter((e) => e.source_key === null).map((e) => e.detail)).toEqual(Array(4).fill('the item is not a JSON object'));
    expect(entries.filter((e) => e.source_key !== null).map((e) => [e.source_key, e.detail])).toEqual([
      ['CHBAD00001', 'name is not text'],
      ['CHBAD00002', 'profile.address is not an object'],
      ['CHBAD00003', 'profile.idDocument is not an object'],
      ['CHBAD00004', 'profile.phone is not text or a list of text'],
      ['CHBAD00005', 'profile is not a JSON object'],
      ['CHBAD00006', 'profile is not text'],
    ]);
    const [state] = await sql<{ status: string; last_error: string | null }>(`SELECT status, last_error FROM connector_state WHERE system = 'cards'`);
    expect(state).toEqual({ status: 'IDLE', last_error: null });
  });
});
