import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { IngestService } from '../../src/ingest/ingest.service';
import { updateSample } from '../../src/sample/generator/index';
import { hubCounts, SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
let ingest: IngestService;

beforeAll(async () => {
  hub = await startSampleHub('ingest_service', 600);
  ingest = new IngestService(hub.orm);
});
afterAll(() => hub?.close());

const syncAll = async (pageSize = 97) => {
  const results = [];
  for (const system of SOURCE_SYSTEMS) results.push(await ingest.sync(hub.connectors.get(system)!, { pageSize }));
  return results;
};

const STATUS: Record<string, string> = { Y: 'GRANTED', N: 'DENIED', W: 'REVOKED' };

/** source_consent holds exactly the statements of the stored core banking customers, mapped. */
async function expectConsentsMirrored(): Promise<number> {
  const { rows: statements } = await hub.sources.query<{ cif_no: string; status: string; signed_on: string }>(
    `SELECT cif_no, status, to_char(signed_on, 'YYYY-MM-DD') AS signed_on FROM ${SCHEMAS.coreBanking}.cif_consent ORDER BY cif_no`,
  );
  const em = hub.orm.em.fork();
  const stored = new Set((await em.execute<{ source_key: string }[]>(`SELECT source_key FROM source_record WHERE system = 'core_banking'`)).map((r) => r.source_key));
  const consents = await em.execute<{ source_key: string; purpose: string; status: string; categories: string[]; given_on: string }[]>(
    `SELECT source_key, purpose, status, categories, to_char(given_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS given_on
       FROM source_consent WHERE system = 'core_banking' ORDER BY source_key`,
  );
  const expected = statements.filter((k) => stored.has(k.cif_no));
  expect(consents.map((c) => [c.source_key, c.purpose, c.status, c.given_on])).toEqual(expected.map((k) => [k.cif_no, 'MARKETING', STATUS[k.status], k.signed_on]));
  for (const c of consents) expect(c.categories).toEqual(['IDENTITY', 'CONTACT', 'FINANCIAL', 'PROFILING']);
  return consents.length;
}

const consentSnapshot = () => hub.orm.em.fork().execute(`SELECT * FROM source_consent ORDER BY system, source_key, purpose`);

describe('IngestService.sync', () => {
  it('takes every source row: stored or quarantined, none lost', async () => {
    const results = await syncAll();
    const expected = await hub.sourceRowCounts();
    for (const r of results) {
      expect(r.rowsSeen).toBe(expected[r.system]);
      const counts = await hubCounts(hub.orm, r.system);
      expect(counts.records + counts.quarantined_keys).toBe(expected[r.system]);
      expect(r.rowsChanged).toBe(counts.records);
    }
    // the generator plants malformed rows; they must be in quarantine, with a reason
    const quarantined = await hub.orm.em.fork().execute<{ reason: string; detail: string; raw: string }[]>(
      `SELECT reason, detail, raw FROM quarantined_row`,
    );
    expect(quarantined.length).toBeGreaterThan(0);
    for (const q of quarantined) {
      expect(['MISSING_KEY', 'BAD_TIMESTAMP', 'UNPARSABLE_PAYLOAD', 'MISSING_NAME', 'BAD_DATE', 'BAD_CONSENT']).toContain(q.reason);
      expect(q.detail.length).toBeGreaterThan(0);
      expect(q.raw.length).toBeGreaterThan(0);
    }
  });

  it("stores each core banking customer's consent statement in source_consent", async () => {
    expect(await expectConsentsMirrored()).toBeGreaterThan(100);
  });

  it('a second run finds nothing new, and a full re-read changes nothing', async () => {
    const before = await Promise.all(SOURCE_SYSTEMS.map((s) => hubCounts(hub.orm, s)));
    const consentsBefore = await consentSnapshot();
    const again = await syncAll();
    for (const r of again) expect(r.rowsChanged).toBe(0);
    // forget the watermarks: everything is read again, and the hub stays as it was
    await hub.orm.em.fork().execute(`UPDATE connector_state SET watermark = NULL`);
    const full = await syncAll(250);
    const expected = await hub.sourceRowCounts();
    for (const r of full) {
      expect(r.rowsSeen).toBe(expected[r.system]);
      expect(r.rowsChanged).toBe(0);
    }
    expect(await Promise.all(SOURCE_SYSTEMS.map((s) => hubCounts(hub.orm, s)))).toEqual(before);
    expect(await consentSnapshot()).toEqual(consentsBefore); // not even seen_at moved
  });

  it('picks up changed, added and deleted source rows on the next incremental run', async () => {
    const update = await updateSample(hub.sources, SCHEMAS, { seed: 99, changes: 60, now: new Date('2026-06-01T00:00:00Z') });
    const results = await syncAll();
    const expected = await hub.sourceRowCounts();
    for (const r of results) {
      const u = update[r.system === 'core_banking' ? 'coreBanking' : r.system];
      const counts = await hubCounts(hub.orm, r.system);
      expect(counts.records + counts.quarantined_keys).toBe(expected[r.system]);
      // only the touched rows travel; each is a change for the hub unless it landed in quarantine
      expect(r.rowsSeen).toBe(u.changed + u.added + u.deleted);
      expect(r.rowsChanged + r.rowsQuarantined).toBe(r.rowsSeen);
    }
    const [{ deleted }] = await hub.orm.em.fork().execute<{ deleted: number }[]>(
      `SELECT count(*)::int AS deleted FROM source_record WHERE deleted`,
    );
    expect(deleted).toBeGreaterThan(0);
    // restated consents travel with their customers
    await expectConsentsMirrored();
    const [{ restated }] = await hub.orm.em.fork().execute<{ restated: number }[]>(
      `SELECT count(*)::int AS restated FROM source_consent WHERE given_at = '2026-06-01T00:00:00Z'`,
    );
    expect(restated).toBeGreaterThan(0);
  });

  it('two workers syncing one connector at once commit each page exactly once', async () => {
    const totalSeen = async () =>
      Number((await hub.orm.em.fork().execute<{ n: string }[]>(`SELECT total_rows_seen AS n FROM connector_state WHERE system = 'loans'`))[0].n);
    const update = await updateSample(hub.sources, SCHEMAS, { seed: 100, changes: 80, now: new Date('2026-07-01T00:00:00Z') });
    const touched = update.loans.changed + update.loans.added + update.loans.deleted;
    const before = await totalSeen();
    const loans = hub.connectors.get('loans')!;
    const [a, b] = await Promise.all([ingest.sync(loans, { pageSize: 5 }), ingest.sync(loans, { pageSize: 5 })]);
    expect(a.rowsSeen + b.rowsSeen).toBe(touched);
    expect((await totalSeen()) - before).toBe(touched);
    const expected = await hub.sourceRowCounts();
    const counts = await hubCounts(hub.orm, 'loans');
    expect(counts.records + counts.quarantined_keys).toBe(expected.loans);
  });

  it('records the failure in the sync status when the source is down, and recovers', async () => {
    const broken = { ...hub.connectors.get('cards')!, system: 'cards' as const, pullChanges: async () => { throw new Error('cards answered 503'); } };
    await expect(ingest.sync(broken, { pageSize: 10 })).rejects.toThrow('503');
    const [state] = await hub.orm.em.fork().execute<{ status: string; last_error: string }[]>(
      `SELECT status, last_error FROM connector_state WHERE system = 'cards'`,
    );
    expect(state.status).toBe('FAILED');
    expect(state.last_error).toContain('503');
    await ingest.sync(hub.connectors.get('cards')!, { pageSize: 50 });
    const [after] = await hub.orm.em.fork().execute<{ status: string; last_error: string | null }[]>(
      `SELECT status, last_error FROM connector_state WHERE system = 'cards'`,
    );
    expect(after).toEqual({ status: 'IDLE', last_error: null });
  });
});
