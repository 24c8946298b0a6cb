/**
 * Issue I, item 2: a source row stamped in the future (a clock set to 2099) must not carry the
 * watermark with it, or every later change of that system is skipped. The row is quarantined
 * (FUTURE_TIMESTAMP), the watermark stays within the hub's clock plus the tolerance, later
 * changes still arrive, and `sourceSystems` counts the row.
 */
import { IngestService } from '../../src/ingest/ingest.service';
import { SourceSystemService } from '../../src/ingest/source-system.service';
import { SourceSystemStatusView } from '../../src/ingest/source-system.types';
import { SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';

const TOLERANCE_MS = 60_000;
let hub: SampleHub;
let ingest: IngestService;

beforeAll(async () => {
  hub = await startSampleHub('future_timestamps', 30);
  ingest = new IngestService(hub.orm, { futureToleranceMs: TOLERANCE_MS });
  for (const system of ['core_banking', 'cards'] as const) await ingest.sync(hub.connectors.get(system)!, { pageSize: 500 });
});
afterAll(() => hub?.close());

const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);

const watermarkTime = async (system: string): Promise<number> => {
  const [{ watermark }] = await sql<{ watermark: Record<string, string | null> }>(`SELECT watermark FROM connector_state WHERE system = ?`, [system]);
  return Date.parse((watermark.ts ?? watermark.updatedSince)!);
};

describe('a row stamped in the future', () => {
  it('is quarantined as FUTURE_TIMESTAMP, the watermark stays before it, and later changes are still ingested', async () => {
    const { coreBanking, cards } = SCHEMAS;
    await hub.sources.query(
      `INSERT INTO ${coreBanking}.cif_customer (cif_no, cust_name, open_dt, status, last_maint_ts)
       VALUES ('C9999999901', 'FUTURE, ROW', '2020-01-01', 'A', '2099-01-01T00:00:00Z')`,
    );
    await hub.sources.query(
      `INSERT INTO ${cards}.cardholder (holder_id, full_name, profile, status, updated_at)
       VALUES ('CH9999999901', 'Future Row', '{}', 'ACTIVE', '2099-01-01T00:00:00Z')`,
    );
    for (const system of ['core_banking', 'cards'] as const) {
      await ingest.sync(hub.connectors.get(system)!, { pageSize: 7 });
      expect(await watermarkTime(system)).toBeLessThanOrEqual(Date.now() + TOLERANCE_MS);
    }
    const quarantined = await sql<{ system: string; source_key: string; reason: string }>(
      `SELECT system, source_key, reason FROM quarantined_row WHERE resolved_at IS NULL AND reason = 'FUTURE_TIMESTAMP' ORDER BY system`,
    );
    expect(quarantined).toEqual([
      { system: 'cards', source_key: 'CH9999999901', reason: 'FUTURE_TIMESTAMP' },
      { system: 'core_banking', source_key: 'C9999999901', reason: 'FUTURE_TIMESTAMP' },
    ]);

    // changes made now, long before 2099, still arrive
    await hub.sources.query(
      `INSERT INTO ${coreBanking}.cif_customer (cif_no, cust_name, open_dt, status, last_maint_ts)
       VALUES ('C9999999902', 'LATER, CHANGE', '2020-01-01', 'A', now())`,
    );
    await hub.sources.query(
      `UPDATE ${coreBanking}.cif_customer SET cust_name = 'CHANGED, NAME', last_maint_ts = now()
        WHERE cif_no = (SELECT min(cif_no) FROM ${coreBanking}.cif_customer)`,
    );
    await hub.sources.query(
      `INSERT INTO ${cards}.cardholder (holder_id, full_name, profile, status, updated_at) VALUES ('CH9999999902', 'Later Change', '{}', 'ACTIVE', now())`,
    );
    for (const system of ['core_banking', 'cards'] as const) {
      await ingest.sync(hub.connectors.get(system)!, { pageSize: 7 });
      expect(await watermarkTime(system)).toBeLessThanOrEqual(Date.now() + TOLERANCE_MS);
    }
    const later = await sql<{ source_key: string }>(
      `SELECT source_key FROM source_record
        WHERE source_key IN ('C9999999902', 'CH9999999902') OR raw->>'cust_name' = 'CHANGED, NAME' ORDER BY source_key`,
    );
    expect(later.map((r) => r.source_key)).toEqual([expect.stringMatching(/^C\d{10}$/), 'C9999999902', 'CH9999999902']);

    // the future rows are in no source_record, and sourceSystems shows them by reason
    expect(await sql(`SELECT 1 FROM source_record WHERE source_key IN ('C9999999901', 'CH9999999901')`)).toEqual([]);
    const service = new SourceSystemService(hub.orm, hub.connectors, { requestSync: async () => undefined });
    const views = (await service.statuses()).map((s) => SourceSystemStatusView.from(s));
    for (const system of ['core_banking', 'cards']) {
      const view = views.find((v) => v.system === system)!;
      expect(view.openQuarantineByReason).toContainEqual({ reason: 'FUTURE_TIMESTAMP', count: 1 });
      expect(view.openQuarantineByReason.reduce((n, q) => n + q.count, 0)).toBe(view.openQuarantine);
    }
  });
});
