/**
 * The one step both matching paths end with: a new clustering of some records (the whole hub in
 * a batch, the affected components incrementally) becomes golden customers. Ids come from
 * src/golden/stable-ids.ts, attributes from src/golden/survivorship.ts; this module only reads
 * what those need and writes what they decided, in bulk (one statement per table, whatever the
 * number of clusters), inside the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { executeBound } from '../db/execute-bound.js';
import { sqlArray } from '../db/sql-array.js';
import stringify from 'safe-stable-stringify';
import { assignGoldenIds, type GoldenEventDraft } from './survivorship/stable-ids.js';
import { survive, type SurvivorRecord, type SurvivorshipPolicy } from './survivorship/index.js';

export interface GoldenWriteInput {
  clusters: readonly (readonly string[])[];
  records: ReadonlyMap<string, SurvivorRecord>;
  /** records deleted at their source since they were last matched */
  removedRecordIds: readonly string[];
  policy: SurvivorshipPolicy;
  actor: string;
  now: Date;
}

export interface GoldenWriteResult {
  created: number;
  updated: number;
  merged: number;
  retired: number;
  events: number;
}

interface EventRow {
  golden_id: string;
  type: string;
  actor: string;
  details: Record<string, unknown>;
  before: unknown;
  after: unknown;
}

/** provenance without the survival time, which changes on every run even when nothing else does */
const comparable = (attributes: unknown, provenance: unknown): string =>
  stringify({ attributes, provenance }, (key, value) => (key === 'survivedAt' ? undefined : value)) ?? '';

export async function writeGoldenCustomers(em: EntityManager, input: GoldenWriteInput): Promise<GoldenWriteResult> {
  const recordIds = [...input.clusters.flat(), ...input.removedRecordIds];
  const links = await executeBound<{ id: string; golden_id: string }>(
    em,
    `SELECT id::text AS id, golden_id FROM source_record WHERE id = ANY(?::bigint[]) AND golden_id IS NOT NULL`,
    [sqlArray(recordIds)],
  );
  const previous = new Map(links.map((l) => [l.id, l.golden_id]));
  const previousIds = [...new Set(previous.values())];
  const existing = await executeBound<{ id: string; attributes: unknown; provenance: Record<string, unknown>; record_count: number }>(
    em,
    `SELECT id, attributes, provenance, record_count FROM golden_customer WHERE id = ANY(?::uuid[]) ORDER BY created_at, id`,
    [sqlArray(previousIds)],
  );
  const goldenAge = new Map(existing.map((g, i) => [g.id, i]));
  const stored = new Map(existing.map((g) => [g.id, g]));

  const assigned = assignGoldenIds({
    clusters: input.clusters,
    previous,
    goldenAge,
    removedRecordIds: input.removedRecordIds,
    newId: randomUUID,
  });

  const upserts: { id: string; attributes: unknown; provenance: unknown; record_count: number }[] = [];
  const events: EventRow[] = assigned.events.flatMap((e) => eventRows(e, input.actor));
  let created = 0;
  let updated = 0;
  for (const [i, cluster] of assigned.clusters.entries()) {
    if (i > 0 && i % CLUSTERS_PER_TURN === 0) await nextTurn();
    const members = cluster.recordIds.map((id) => {
      const record = input.records.get(id);
      if (!record) throw new Error(`record ${id} of a cluster was not loaded`);
      return record;
    });
    const survived = survive(members, input.policy, input.now);
    const before = stored.get(cluster.goldenId);
    const row = { id: cluster.goldenId, attributes: survived.attributes, provenance: survived.provenance, record_count: members.length };
    if (!before) {
      created += 1;
      upserts.push(row);
      continue;
    }
    const changed = comparable(before.attributes, before.provenance) !== comparable(survived.attributes, survived.provenance);
    if (!changed && before.record_count === members.length && cluster.joined.length === 0 && cluster.left.length === 0) continue;
    updated += 1;
    upserts.push(row);
    if (stringify(before.attributes) !== stringify(survived.attributes)) {
      events.push({
        golden_id: cluster.goldenId,
        type: 'ATTRIBUTES_CHANGED',
        actor: input.actor,
        details: {},
        before: before.attributes,
        after: survived.attributes,
      });
    }
  }

  for (const chunk of chunks(upserts)) {
    await executeBound(
      em,
      `INSERT INTO golden_customer (id, attributes, provenance, record_count)
       SELECT id, attributes, provenance, record_count
       FROM jsonb_to_recordset(?::jsonb) AS x(id uuid, attributes jsonb, provenance jsonb, record_count int)
       ON CONFLICT (id) DO UPDATE SET attributes = EXCLUDED.attributes, provenance = EXCLUDED.provenance,
         record_count = EXCLUDED.record_count, status = 'ACTIVE', merged_into = NULL,
         version = golden_customer.version + 1, updated_at = clock_timestamp()`,
      [JSON.stringify(chunk)],
    );
  }
  const redirects = [...assigned.redirects].map(([absorbed, survivor]) => ({ absorbed, survivor }));
  if (redirects.length > 0) {
    // Earlier redirects to an absorbed id now point at its survivor: a redirect is never a chain.
    await executeBound(
      em,
      `WITH r AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(absorbed uuid, survivor uuid))
       UPDATE golden_customer g SET status = 'MERGED', merged_into = r.survivor, record_count = 0,
         version = g.version + 1, updated_at = clock_timestamp()
       FROM r WHERE g.id = r.absorbed OR g.merged_into = r.absorbed`,
      [JSON.stringify(redirects)],
    );
  }
  if (assigned.retired.length > 0) {
    await executeBound(
      em,
      `UPDATE golden_customer SET status = 'RETIRED', record_count = 0, version = version + 1, updated_at = clock_timestamp()
       WHERE id = ANY(?::uuid[])`,
      [sqlArray(assigned.retired)],
    );
  }
  const recordLinks = assigned.clusters.flatMap((c) => c.recordIds.map((id) => ({ id, golden_id: c.goldenId })));
  for (const chunk of chunks(recordLinks)) {
    await executeBound(
      em,
      `UPDATE source_record s SET golden_id = x.golden_id, link_type = coalesce(s.link_type, 'AUTO')
       FROM jsonb_to_recordset(?::jsonb) AS x(id bigint, golden_id uuid)
       WHERE s.id = x.id AND s.golden_id IS DISTINCT FROM x.golden_id`,
      [JSON.stringify(chunk)],
    );
  }
  if (input.removedRecordIds.length > 0) {
    await executeBound(em, `UPDATE source_record SET golden_id = NULL, link_type = NULL WHERE id = ANY(?::bigint[])`, [sqlArray(input.removedRecordIds)]);
  }
  for (const chunk of chunks(events)) {
    await executeBound(
      em,
      `INSERT INTO golden_event (golden_id, type, actor, details, before, after)
       SELECT golden_id, type, actor, details, before, after
       FROM jsonb_to_recordset(?::jsonb) AS x(golden_id uuid, type text, actor text, details jsonb, before jsonb, after jsonb)`,
      [JSON.stringify(chunk)],
    );
  }
  return { created, updated, merged: redirects.length, retired: assigned.retired.length, events: events.length };
}

/**
 * Clusters survived between turns of the event loop: a batch survives every cluster of the hub,
 * seconds of CPU at a million records, and the worker's lock and health checks must not wait.
 */
const CLUSTERS_PER_TURN = 1000;

/**
 * Rows per statement. One statement for a whole batch sent a single JSON parameter of 78 MB at
 * 100k records (13.7 s, gigabytes of memory), and past a few hundred thousand goldens it would
 * exceed the longest string V8 can build.
 */
const ROWS_PER_STATEMENT = 5000;

function* chunks<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) yield rows.slice(i, i + ROWS_PER_STATEMENT);
}

/** one history row per event; a golden split off another also gets its own CREATED row, so every history starts */
function eventRows(event: GoldenEventDraft, actor: string): EventRow[] {
  const { type, goldenId, ...details } = event;
  const rows: EventRow[] = [{ golden_id: goldenId, type, actor, details, before: null, after: null }];
  if (event.type === 'SPLIT') {
    for (const id of event.newIds) rows.push({ golden_id: id, type: 'CREATED', actor, details: { splitFrom: goldenId }, before: null, after: null });
  }
  return rows;
}
