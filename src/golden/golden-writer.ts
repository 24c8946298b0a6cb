/**
 * The one step both matching paths end with: a new clustering of some records (the whole hub in
 * a batch, the affected components incrementally) becomes golden customers. Ids come from
 * survivorship/stable-ids.ts, attributes from survivorship/; this module only reads
 * what those need and writes what they decided, in bulk (a statement per table and chunk, whatever
 * the number of clusters), inside the caller's transaction: golden_customer and golden_event
 * through golden.repository.ts, the records' links through ingest's SourceRecordRepository.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SourceRecordRepository } from '../ingest/source-record.repository.js';
import { GoldenRepository, type NewEvent, type SurvivedGolden } from './golden.repository.js';
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
  /** why (a steward's reason), kept on every event; automatic runs give none */
  reason?: string | null;
  /**
   * golden ids to keep before any other a cluster claims (a steward's chosen survivor of a
   * merge), overriding "the oldest id survives"; the others still redirect to it
   */
  preferredIds?: readonly string[];
  /** golden id -> a record whose cluster keeps that id (survivorship/stable-ids.ts `claims`) */
  claims?: ReadonlyMap<string, string>;
}

export interface GoldenWriteResult {
  created: number;
  updated: number;
  merged: number;
  retired: number;
  events: number;
}

/** provenance without the survival time, which changes on every run even when nothing else does */
const comparable = (attributes: unknown, provenance: unknown): string =>
  stringify({ attributes, provenance }, (key, value) => (key === 'survivedAt' ? undefined : value)) ?? '';

export async function writeGoldenCustomers(em: EntityManager, input: GoldenWriteInput): Promise<GoldenWriteResult> {
  const recordIds = [...input.clusters.flat(), ...input.removedRecordIds];
  const goldens = new GoldenRepository(em);
  const sourceRecords = new SourceRecordRepository(em);
  const links = await sourceRecords.goldenLinksOf(recordIds);
  const previous = new Map(links.map((l) => [l.id, l.golden_id]));
  const previousIds = [...new Set(previous.values())];
  const existing = await goldens.storedOldestFirst(previousIds);
  const preferred = new Set(input.preferredIds ?? []);
  const goldenAge = new Map(existing.map((g, i) => [g.id, preferred.has(g.id) ? i - existing.length : i]));
  const stored = new Map(existing.map((g) => [g.id, g]));

  const assigned = assignGoldenIds({
    clusters: input.clusters,
    previous,
    goldenAge,
    removedRecordIds: input.removedRecordIds,
    newId: randomUUID,
    claims: input.claims,
  });

  // a steward's override outlives every re-run: survivorship takes it as input, and a merge
  // hands the absorbed ids' overrides to the survivor
  const redirects = [...assigned.redirects].map(([absorbed, survivor]) => ({ absorbed, survivor }));
  await goldens.moveOverrides(redirects);
  const overrides = await goldens.overridesOf(assigned.clusters.map((c) => c.goldenId));
  const upserts: SurvivedGolden[] = [];
  const reason = input.reason ?? null;
  const events: NewEvent[] = assigned.events.flatMap((e) => eventRows(e, input.actor, reason));
  let created = 0;
  let updated = 0;
  /** what a new golden holds: its CREATED event carries it, so every history starts with a snapshot (customer(id, asOf)) */
  const createdWith = new Map<string, unknown>();
  for (const [i, cluster] of assigned.clusters.entries()) {
    if (i > 0 && i % CLUSTERS_PER_TURN === 0) await nextTurn();
    const members = cluster.recordIds.map((id) => {
      const record = input.records.get(id);
      if (!record) throw new Error(`record ${id} of a cluster was not loaded`);
      return record;
    });
    const survived = survive(members, input.policy, input.now, overrides.get(cluster.goldenId));
    const before = stored.get(cluster.goldenId);
    const row = { id: cluster.goldenId, attributes: survived.attributes, provenance: survived.provenance, record_count: members.length };
    if (!before) {
      created += 1;
      createdWith.set(cluster.goldenId, survived.attributes);
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
        reason,
        details: {},
        before: before.attributes,
        after: survived.attributes,
      });
    }
  }

  for (const event of events) if (event.type === 'CREATED') event.after = createdWith.get(event.golden_id) ?? null;
  for (const chunk of chunks(upserts)) await goldens.storeSurvived(chunk);
  if (redirects.length > 0) await goldens.redirectMerged(redirects);
  if (assigned.retired.length > 0) await goldens.retire(assigned.retired);
  const recordLinks = assigned.clusters.flatMap((c) => c.recordIds.map((id) => ({ id, golden_id: c.goldenId })));
  for (const chunk of chunks(recordLinks)) await sourceRecords.linkToGoldens(chunk);
  if (input.removedRecordIds.length > 0) await sourceRecords.unlink(input.removedRecordIds);
  for (const chunk of chunks(events)) await goldens.appendEvents(chunk);
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
function eventRows(event: GoldenEventDraft, actor: string, reason: string | null): NewEvent[] {
  const { type, goldenId, ...details } = event;
  const rows: NewEvent[] = [{ golden_id: goldenId, type, actor, reason, details, before: null, after: null }];
  if (event.type === 'SPLIT') {
    for (const id of event.newIds) rows.push({ golden_id: id, type: 'CREATED', actor, reason, details: { splitFrom: goldenId }, before: null, after: null });
  }
  return rows;
}
