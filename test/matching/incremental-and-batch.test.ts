/**
 * Matching in the hub, on the real generator's data in a real database: the batch links every
 * record, re-runs keep every golden id, incremental matching gives the batch's clusters, and a
 * steward's "not the same person" is never undone.
 */
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { IngestService } from '../../src/ingest/ingest.service';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../../src/golden/survivorship/survivorship-policy';
import { DEFAULT_MATCH_SETTINGS } from '../../src/matching/engine/index';
import { BatchMatcher } from '../../src/matching/batch-match.service';
import { IncrementalMatcher, type ResolutionSettings } from '../../src/matching/incremental-match.service';
import { MatchingRepository } from '../../src/matching/matching.repository';
import { startSampleHub, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
const settings: ResolutionSettings = { match: DEFAULT_MATCH_SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY };

beforeAll(async () => {
  hub = await startSampleHub('resolution', 400);
  const ingest = new IngestService(hub.orm);
  for (const system of SOURCE_SYSTEMS) await ingest.sync(hub.connectors.get(system)!, { pageSize: 500 });
});
afterAll(() => hub?.close());

const sql = <T>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);

/** record id -> golden id of every live record */
async function links(): Promise<Map<string, string | null>> {
  const rows = await sql<{ id: string; golden_id: string | null }>(`SELECT id::text AS id, golden_id FROM source_record WHERE NOT deleted ORDER BY id`);
  return new Map(rows.map((r) => [r.id, r.golden_id]));
}

/** the partition of records into golden customers, independent of the ids given to them */
function partition(map: Map<string, string | null>): string[] {
  const groups = new Map<string, string[]>();
  for (const [record, golden] of map) {
    const key = golden ?? `none:${record}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()].map((g) => g.join(',')).sort();
}

describe('matching in the hub', () => {
  let firstLinks: Map<string, string | null>;

  it('a batch run links every live record to an active golden customer and stores the model and explanations', async () => {
    expect(await new IncrementalMatcher(hub.orm, settings).matchRecords(['1'])).toBeNull(); // no model yet
    const result = await new BatchMatcher(hub.orm, settings).run();
    firstLinks = await links();
    expect(result.records).toBe(firstLinks.size);
    expect([...firstLinks.values()].every((g) => g !== null)).toBe(true);
    expect(result.golden.created).toBe(new Set(firstLinks.values()).size);
    // 400 persons appear about twice each: far fewer golden customers than records
    expect(result.clusters).toBeLessThan(result.records * 0.7);
    const [active] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM golden_customer WHERE status = 'ACTIVE'`);
    expect(active.n).toBe(result.clusters);
    const [pending] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM source_record WHERE match_pending_since IS NOT NULL`);
    expect(pending.n).toBe(0);
    const [pair] = await sql<{ explanation: { terms: { field: string; weight: number }[]; weight: number }; weight: number }>(
      `SELECT explanation, weight FROM match_candidate WHERE status = 'AUTO_LINK' LIMIT 1`,
    );
    const sum = pair.explanation.terms.reduce((s, t) => s + t.weight, 0);
    expect(sum).toBeCloseTo(pair.weight, 6);
    const [golden] = await sql<{ attributes: Record<string, unknown>; provenance: Record<string, { recordId: string; rule: string }> }>(
      `SELECT attributes, provenance FROM golden_customer WHERE record_count > 1 LIMIT 1`,
    );
    expect(Object.keys(golden.provenance).length).toBeGreaterThan(0);
    const [run] = await sql<{ status: string }>(`SELECT status FROM match_run ORDER BY id DESC LIMIT 1`);
    expect(run.status).toBe('DONE');
  });

  it('a second batch run on unchanged data keeps every golden id and records no event', async () => {
    const [before] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM golden_event`);
    const result = await new BatchMatcher(hub.orm, settings).run();
    expect(await links()).toEqual(firstLinks);
    expect(result.golden.created + result.golden.updated + result.golden.merged).toBe(0);
    const [after] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM golden_event`);
    expect(after.n).toBe(before.n);
  });

  it('incremental matching of every record, in any order, gives the batch clusters', async () => {
    // forget all links and machine scores but keep the model the batch estimated
    await sql(`DELETE FROM match_candidate; DELETE FROM golden_event; DELETE FROM golden_customer;
               UPDATE source_record SET golden_id = NULL, link_type = NULL, match_pending_since = now()`);
    const ids = [...firstLinks.keys()];
    // a fixed shuffle: records arrive in another order than the batch saw them
    const shuffled = ids.map((id, i) => ({ id, k: (i * 7919) % ids.length })).sort((a, b) => a.k - b.k).map((x) => x.id);
    const incremental = new IncrementalMatcher(hub.orm, settings);
    for (let i = 0; i < shuffled.length; i += 37) {
      expect(await incremental.matchRecords(shuffled.slice(i, i + 37))).not.toBeNull();
    }
    expect(partition(await links())).toEqual(partition(firstLinks));
  });

  it('a pair marked not-a-match is split, never linked or proposed again, by incremental or batch runs', async () => {
    const [pair] = await sql<{ a: string; b: string }>(
      `SELECT m.record_a::text AS a, m.record_b::text AS b FROM match_candidate m
       JOIN source_record x ON x.id = m.record_a JOIN source_record y ON y.id = m.record_b
       WHERE m.status = 'AUTO_LINK' AND x.golden_id = y.golden_id AND x.golden_id IN (
         SELECT golden_id FROM source_record GROUP BY golden_id HAVING count(*) = 2) LIMIT 1`,
    );
    const [goldenBefore] = await sql<{ golden_id: string }>(`SELECT golden_id FROM source_record WHERE id = ?`, [pair.a]);
    await new MatchingRepository(hub.orm.em.fork()).markNotAMatch(pair.a, pair.b, 'steward-1', null);
    await new IncrementalMatcher(hub.orm, settings).matchRecords([pair.a]);
    const apart = async () => {
      const rows = await sql<{ id: string; golden_id: string }>(`SELECT id::text AS id, golden_id FROM source_record WHERE id IN (?, ?)`, [pair.a, pair.b]);
      return rows[0].golden_id !== rows[1].golden_id;
    };
    expect(await apart()).toBe(true);
    const events = await sql<{ type: string }>(`SELECT type FROM golden_event WHERE golden_id = ?`, [goldenBefore.golden_id]);
    expect(events.map((e) => e.type)).toContain('SPLIT');

    await new BatchMatcher(hub.orm, settings).run();
    expect(await apart()).toBe(true);
    const [decision] = await sql<{ status: string; decided_by: string }>(
      `SELECT status, decided_by FROM match_candidate WHERE record_a = ? AND record_b = ?`,
      [pair.a, pair.b],
    );
    expect(decision).toEqual({ status: 'NOT_A_MATCH', decided_by: 'steward-1' });
  });

  it('a record deleted at its source leaves its golden customer; the last one retires it', async () => {
    const [single] = await sql<{ id: string; golden_id: string }>(
      `SELECT id::text AS id, golden_id FROM source_record WHERE golden_id IN (
         SELECT golden_id FROM source_record GROUP BY golden_id HAVING count(*) = 1) LIMIT 1`,
    );
    await sql(`UPDATE source_record SET deleted = true, match_pending_since = now() WHERE id = ?`, [single.id]);
    await new IncrementalMatcher(hub.orm, settings).matchRecords([single.id]);
    const [golden] = await sql<{ status: string }>(`SELECT status FROM golden_customer WHERE id = ?`, [single.golden_id]);
    expect(golden.status).toBe('RETIRED');
    const [record] = await sql<{ golden_id: string | null }>(`SELECT golden_id FROM source_record WHERE id = ?`, [single.id]);
    expect(record.golden_id).toBeNull();
  });
});
