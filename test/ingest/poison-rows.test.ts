/**
 * Issue I, item 1: a row the database cannot store (a 3.2 kB e-mail, too long for the search
 * index; a profile with a `\u0000` escape or a lone surrogate) is quarantined with its reason and
 * the rest of its page goes in; the connector stays healthy.
 */
import { randomBytes } from 'node:crypto';
import { mapBorrower } from '../../connectors/loans/loans.mapping';
import { IngestRepository } from '../../src/ingest/ingest.repository';
import { IngestService } from '../../src/ingest/ingest.service';
import { preparePage } from '../../src/ingest/prepare-page';
import { SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
let ingest: IngestService;

beforeAll(async () => {
  hub = await startSampleHub('poison_rows', 30);
  ingest = new IngestService(hub.orm);
  for (const system of ['loans', 'cards'] as const) await ingest.sync(hub.connectors.get(system)!, { pageSize: 500 });
});
afterAll(() => hub?.close());

const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);

// random hex does not compress: the e-mail really is 3.2 kB in the index, as in the fault run
const LONG_EMAIL = `${randomBytes(1600).toString('hex')}@example.com`;
const NUL_EMAIL = 'wei\\u0000zhang@example.com'; // as the processor's JSON text has it
const SURROGATE_EMAIL = 'na\\ud800li@example.com';

async function plantRows(): Promise<void> {
  const { loans, cards } = SCHEMAS;
  await hub.sources.query(
    `INSERT INTO ${loans}.borrower (borrower_id, first_name, last_name, dob_text, phone, email, updated_at)
     VALUES (9000000001, 'Poison', 'Email', '01/02/1980', '13800000001', $1, now() - interval '10 minutes')`,
    [LONG_EMAIL],
  );
  await hub.sources.query(
    `INSERT INTO ${loans}.borrower (borrower_id, first_name, last_name, dob_text, phone, email, updated_at)
     SELECT 9000000100 + i, 'Normal', 'Borrower' || i, '01/02/1980', '1390000' || lpad(i::text, 4, '0'), 'normal' || i || '@example.com',
            now() - interval '5 minutes' + i * interval '1 second'
       FROM generate_series(1, 20) i`,
  );
  await hub.sources.query(
    `INSERT INTO ${cards}.cardholder (holder_id, full_name, profile, status, updated_at) VALUES
       ('CH9000000001', 'Poison Nul', $1, 'ACTIVE', now() - interval '10 minutes'),
       ('CH9000000002', 'Poison Surrogate', $2, 'ACTIVE', now() - interval '9 minutes')`,
    [`{"email":"${NUL_EMAIL}","phone":"13800000002"}`, `{"email":"${SURROGATE_EMAIL}"}`],
  );
  await hub.sources.query(
    `INSERT INTO ${cards}.cardholder (holder_id, full_name, profile, status, updated_at)
     SELECT 'CH91' || lpad(i::text, 8, '0'), 'Normal Holder' || i, '{"email":"holder' || i || '@example.com"}', 'ACTIVE',
            now() - interval '5 minutes' + i * interval '1 second'
       FROM generate_series(1, 20) i`,
  );
}

describe('a row the database cannot store', () => {
  it('is quarantined with its reason, the 20 normal rows behind it are ingested, the connector stays IDLE', async () => {
    await plantRows();
    for (const system of ['loans', 'cards'] as const) {
      const result = await ingest.sync(hub.connectors.get(system)!, { pageSize: 100 }); // all in one page
      expect(result.rowsChanged).toBe(20);
    }

    const quarantined = await sql<{ source_key: string; reason: string; detail: string }>(
      `SELECT source_key, reason, detail FROM quarantined_row WHERE source_key IN ('9000000001', 'CH9000000001', 'CH9000000002') AND resolved_at IS NULL ORDER BY source_key`,
    );
    expect(quarantined).toEqual([
      { source_key: '9000000001', reason: 'UNSTORABLE_VALUE', detail: 'emails[0] is longer than 1000 bytes' },
      { source_key: 'CH9000000001', reason: 'UNSTORABLE_VALUE', detail: 'emails[0] holds a NUL character' },
      { source_key: 'CH9000000002', reason: 'UNSTORABLE_VALUE', detail: 'emails[0] holds a lone surrogate (not valid Unicode)' },
    ]);
    const [{ loans, cards }] = await sql<{ loans: number; cards: number }>(
      `SELECT count(*) FILTER (WHERE system = 'loans' AND source_key::bigint BETWEEN 9000000101 AND 9000000120)::int AS loans,
              count(*) FILTER (WHERE system = 'cards' AND source_key LIKE 'CH91%')::int AS cards
         FROM source_record WHERE source_key ~ '^(CH)?9'`,
    );
    expect({ loans, cards }).toEqual({ loans: 20, cards: 20 });
    const states = await sql<{ system: string; status: string; last_error: string | null }>(
      `SELECT system, status, last_error FROM connector_state WHERE system IN ('loans', 'cards') ORDER BY system`,
    );
    expect(states).toEqual([
      { system: 'cards', status: 'IDLE', last_error: null },
      { system: 'loans', status: 'IDLE', last_error: null },
    ]);
  });

  it('when the database still refuses a row, the page is halved until it is found, and only it is quarantined', async () => {
    const rows = Array.from({ length: 21 }, (_, i) =>
      mapBorrower({
        borrower_id: String(9100000000 + i), first_name: 'Split', last_name: `Page${i}`, name_local: null, dob_text: '01/02/1980',
        national_id: null, phone: null, email: null, addr_text: `${i} Jianguo Rd, Beijing`, updated_at: '2026-03-01T00:00:00Z', is_deleted: false,
      }),
    );
    const page = preparePage(rows);
    // a value no check foresaw reaches the database: it refuses it (22P05) in the page's statement
    page.records[13].standardized.city = 'Bei\u0000jing';
    const written = await hub.orm.em.fork().transactional((em) => new IngestRepository(em).writePage('loans', page.records, page.quarantined));
    expect(written).toMatchObject({ changed: 20, quarantined: 1 });
    const [entry] = await sql<{ source_key: string; reason: string; detail: string; raw: string }>(
      `SELECT source_key, reason, detail, raw FROM quarantined_row WHERE source_key = '9100000013'`,
    );
    expect(entry).toMatchObject({
      reason: 'UNSTORABLE_VALUE',
      detail: 'the database refused the row: PostgreSQL 22P05: unsupported Unicode escape sequence',
    });
    expect(JSON.parse(entry.raw)).toMatchObject({ borrower_id: '9100000013', last_name: 'Page13' });
    const [{ stored }] = await sql<{ stored: number }>(
      `SELECT count(*)::int AS stored FROM source_record WHERE system = 'loans' AND source_key::bigint BETWEEN 9100000000 AND 9100000020`,
    );
    expect(stored).toBe(20);
  });
});
