/**
 * Issue I, item 5: a row (system + source key) has at most one open quarantine entry, its latest
 * verdict. A second bad version closes the entry of the first; the migration closes duplicates
 * left by earlier versions of the hub and the database holds the rule from then on.
 */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '../../src/orm';
import { IngestService } from '../../src/ingest/ingest.service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
let ingest: IngestService;

beforeAll(async () => {
  hub = await startSampleHub('quarantine_supersede', 30);
  ingest = new IngestService(hub.orm);
  await ingest.sync(hub.connectors.get('loans')!, { pageSize: 500 });
});
afterAll(() => hub?.close());

const openEntries = (orm: MikroORM, key: string) =>
  orm.em.fork().execute<{ reason: string; detail: string; raw: string }[]>(
    `SELECT reason, detail, raw FROM quarantined_row WHERE system = 'loans' AND source_key = ? AND resolved_at IS NULL`,
    [key],
  );

const setBorrower = (ids: string[], dob: string, at: string) =>
  hub.sources.query(`UPDATE ${SCHEMAS.loans}.borrower SET dob_text = $2, updated_at = $3 WHERE borrower_id = ANY($1::bigint[])`, [ids, dob, at]);

describe('quarantine entries of a row that stays bad', () => {
  it('keep one open entry per row: the latest bad version supersedes the earlier one', async () => {
    const { rows } = await hub.sources.query<{ id: string }>(`SELECT borrower_id::text AS id FROM ${SCHEMAS.loans}.borrower ORDER BY borrower_id LIMIT 10`);
    const ids = rows.map((r) => r.id);
    const loans = hub.connectors.get('loans')!;

    await setBorrower(ids, '31/02/1985', new Date(Date.now() - 60_000).toISOString()); // no 31 February: BAD_DATE
    await ingest.sync(loans, { pageSize: 50 });
    await setBorrower(ids, '30/02/1986', new Date(Date.now() - 30_000).toISOString()); // still bad, another version
    await ingest.sync(loans, { pageSize: 50 });

    for (const id of ids) {
      const open = await openEntries(hub.orm, id);
      expect(open).toHaveLength(1);
      expect(JSON.parse(open[0].raw).dob_text).toBe('30/02/1986');
    }
    const [{ open }] = await hub.orm.em.fork().execute<{ open: number }[]>(
      `SELECT count(*)::int AS open FROM quarantined_row WHERE system = 'loans' AND source_key = ANY(?::text[]) AND resolved_at IS NULL`,
      [`{${ids.join(',')}}`],
    );
    expect({ open, ids: ids.length }).toEqual({ open: 10, ids: 10 });

    // a verdict on a version seen before reopens that entry and closes the other one
    await setBorrower(ids.slice(0, 1), '31/02/1985', new Date(Date.now() - 10_000).toISOString());
    await ingest.sync(loans, { pageSize: 50 });
    expect(await openEntries(hub.orm, ids[0])).toHaveLength(1);

    // fixed at the source: no open entry left
    await setBorrower(ids, '01/02/1985', new Date().toISOString());
    await ingest.sync(loans, { pageSize: 50 });
    for (const id of ids) expect(await openEntries(hub.orm, id)).toEqual([]);
  });

  it('the migration closes the duplicates already there, keeping the entry seen last, and the database holds the rule', async () => {
    const db: TestDatabase = await createTestDatabase('quarantine_migration');
    const orm = await initOrm(db.url, { migrate: false, poolMax: 2 });
    try {
      await orm.getMigrator().up({ to: 'Migration20261123190000' });
      await orm.em.fork().execute(
        `INSERT INTO quarantined_row (system, source_key, reason, detail, raw, raw_hash, last_seen_at) VALUES
           ('loans', '1001', 'BAD_DATE', 'd', 'v1', 'h1', '2026-01-01'), ('loans', '1001', 'BAD_DATE', 'd', 'v2', 'h2', '2026-02-01'),
           ('loans', '1001', 'BAD_DATE', 'd', 'v3', 'h3', '2026-01-15'), ('loans', '1002', 'BAD_DATE', 'd', 'w1', 'h4', '2026-01-01'),
           ('loans', NULL, 'MISSING_KEY', 'd', 'x1', 'h5', '2026-01-01'), ('loans', NULL, 'MISSING_KEY', 'd', 'x2', 'h6', '2026-01-01')`,
      );
      await orm.getMigrator().up();
      const open = await orm.em.fork().execute<{ source_key: string | null; raw: string }[]>(
        `SELECT source_key, raw FROM quarantined_row WHERE resolved_at IS NULL ORDER BY source_key NULLS LAST, raw`,
      );
      expect(open).toEqual([
        { source_key: '1001', raw: 'v2' },
        { source_key: '1002', raw: 'w1' },
        { source_key: null, raw: 'x1' },
        { source_key: null, raw: 'x2' },
      ]);
      await expect(
        orm.em.fork().execute(`INSERT INTO quarantined_row (system, source_key, reason, detail, raw, raw_hash) VALUES ('loans', '1001', 'BAD_DATE', 'd', 'v4', 'h7')`),
      ).rejects.toThrow(/quarantined_row_open_key_unique/);
    } finally {
      await orm.close();
      await db.drop();
    }
  });
});
