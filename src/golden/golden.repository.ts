/**
 * SQL of the golden customer's tables, `golden_customer` and `golden_event`: the writer's bulk
 * statements (golden-writer.ts, inside matching's transaction), the reads of the customer view
 * (following merge redirects, pages, history) and segmentation's pages and segment columns.
 * Reads take lists of golden ids, so a request's loaders fetch a whole page in one statement.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { executeBound } from '../db/execute-bound.js';
import { sqlArray } from '../db/sql-array.js';
import type { SqlPart } from '../db/sql-part.js';
import { asDate, type Timestamp } from '../db/timestamp.js';
import { HubError } from '../errors.js';
import type { GoldenStatus } from './golden-customer.entity.js';
import { isGoldenId } from './golden-id.js';
import { GOLDEN_FIELD_ATTRIBUTES, type GoldenAttributes, type GoldenField, type GoldenProvenance, type StewardOverrides } from './survivorship/index.js';

/** a golden_customer row as read */
export interface GoldenRow {
  id: string;
  version: number;
  status: GoldenStatus;
  merged_into: string | null;
  attributes: GoldenAttributes;
  provenance: GoldenProvenance;
  record_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  value_tier: string | null;
  risk_grade: string | null;
  lifecycle_stage: string | null;
  segment_explanation: Record<string, unknown> | null;
  segmented_at: Timestamp | null;
}

/** a golden_event row as read */
export interface EventRow {
  id: string;
  golden_id: string;
  type: string;
  actor: string;
  reason: string | null;
  details: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: Timestamp;
}

/** a golden_event to append */
export interface NewEvent {
  golden_id: string;
  type: string;
  actor: string;
  /** a steward's reason; null for automatic runs */
  reason?: string | null;
  details: Record<string, unknown>;
  before: unknown;
  after: unknown;
}

/** survived attributes to store (insert or update) */
export interface SurvivedGolden {
  id: string;
  attributes: unknown;
  provenance: unknown;
  record_count: number;
}

/** one customer's segments to store */
export interface SegmentsRow {
  id: string;
  value_tier: string;
  risk_grade: string;
  lifecycle_stage: string;
  segment_explanation: unknown;
}

/** the segment columns a list can filter on */
export type SegmentColumn = 'value_tier' | 'risk_grade' | 'lifecycle_stage';

/** a merge chain longer than this is a data error, not something to follow forever */
const MAX_REDIRECTS = 20;
/** history entries per customer in one response, newest first */
export const MAX_EVENTS_PER_CUSTOMER = 100;

/** the golden id column of list statements: other capabilities' parts (SqlPart) correlate with it */
export const LISTED_GOLDEN_ID = 'g.id';

export class GoldenRepository {
  constructor(private readonly em: EntityManager) {}

  // the customer view

  /** the golden customer an id names, following merge redirects; null when the id is unknown */
  async resolve(id: string): Promise<GoldenRow | null> {
    const rows = await this.em.execute<GoldenRow[]>(
      `WITH RECURSIVE chain AS (
         SELECT id, status, merged_into, 0 AS hops FROM golden_customer WHERE id = ?::uuid
         UNION ALL
         SELECT g.id, g.status, g.merged_into, c.hops + 1 FROM golden_customer g
         JOIN chain c ON g.id = c.merged_into WHERE c.status = 'MERGED' AND c.hops < ?)
       SELECT g.* FROM golden_customer g WHERE g.id = (SELECT id FROM chain ORDER BY hops DESC LIMIT 1)`,
      [id, MAX_REDIRECTS],
    );
    return rows[0] ?? null;
  }

  /**
   * The golden customer an id named at time `at`, from the history: null when it did not exist
   * yet (or is unknown); a merge before `at` is followed to its survivor as it was then; the
   * attributes are the last snapshot (`after`) at or before `at`, else the `before` of the first
   * change after it (histories written before snapshots were kept), else today's.
   */
  async asOf(id: string, at: Date): Promise<{ row: GoldenRow; requestedId: string } | null> {
    let current = id;
    for (let hops = 0; hops <= MAX_REDIRECTS; hops += 1) {
      const [row] = await this.em.execute<GoldenRow[]>(`SELECT * FROM golden_customer WHERE id = ?::uuid AND created_at <= ?`, [current, at]);
      if (!row) return null;
      const [merged] = await this.em.execute<{ golden_id: string }[]>(
        `SELECT golden_id FROM golden_event WHERE type = 'MERGED' AND at <= ? AND details->'absorbedIds' @> jsonb_build_array(?::text)
         ORDER BY at DESC, id DESC LIMIT 1`,
        [at, current],
      );
      if (merged && merged.golden_id !== current) {
        current = merged.golden_id;
        continue;
      }
      const [snapshot] = await this.em.execute<{ attributes: GoldenAttributes | null; retired: boolean }[]>(
        `SELECT coalesce(
           (SELECT after FROM golden_event WHERE golden_id = ?::uuid AND at <= ? AND after IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1),
           (SELECT before FROM golden_event WHERE golden_id = ?::uuid AND at > ? AND before IS NOT NULL ORDER BY at, id LIMIT 1)) AS attributes,
         EXISTS (SELECT 1 FROM golden_event WHERE golden_id = ?::uuid AND at <= ? AND type = 'RETIRED'
                 AND NOT EXISTS (SELECT 1 FROM golden_event l WHERE l.golden_id = ?::uuid AND l.at <= ? AND l.type <> 'RETIRED' AND l.at > golden_event.at)) AS retired`,
        [current, at, current, at, current, at, current, at],
      );
      const status: GoldenStatus = snapshot.retired ? 'RETIRED' : 'ACTIVE';
      const attributes = snapshot.attributes ?? row.attributes;
      // provenance is not in the snapshots: kept only for the fields that still hold the same value
      const provenance = Object.fromEntries(
        Object.entries(row.provenance).filter(([field]) =>
          GOLDEN_FIELD_ATTRIBUTES[field as GoldenField].every((a) => JSON.stringify(attributes[a] ?? null) === JSON.stringify(row.attributes[a] ?? null)),
        ),
      );
      return { row: { ...row, status, merged_into: null, attributes, provenance }, requestedId: id };
    }
    return null;
  }

  /** every id merged, directly or through other merged ids, into this customer (not the id itself) */
  async mergedInto(id: string): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `WITH RECURSIVE absorbed AS (
         SELECT id, 1 AS hops FROM golden_customer WHERE merged_into = ?::uuid AND status = 'MERGED'
         UNION ALL
         SELECT g.id, a.hops + 1 FROM golden_customer g JOIN absorbed a ON g.merged_into = a.id
         WHERE g.status = 'MERGED' AND a.hops < ?)
       SELECT DISTINCT id::text AS id FROM absorbed ORDER BY id`,
      [id, MAX_REDIRECTS],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One page of ACTIVE customers in id order, after `afterId`, meeting every condition (parts
   * correlating with LISTED_GOLDEN_ID).
   */
  async activePage(conditions: readonly SqlPart[], afterId: string | null, limit: number): Promise<GoldenRow[]> {
    const { where, params } = activeWhere(conditions);
    if (afterId) {
      where.push('g.id > ?::uuid');
      params.push(afterId);
    }
    return this.em.execute<GoldenRow[]>(
      `SELECT g.* FROM golden_customer g WHERE ${where.join(' AND ')} ORDER BY g.id LIMIT ?`,
      [...params, limit],
    );
  }

  async countActive(conditions: readonly SqlPart[]): Promise<number> {
    const { where, params } = activeWhere(conditions);
    const rows = await this.em.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM golden_customer g WHERE ${where.join(' AND ')}`, params);
    return rows[0].n;
  }

  /** each customer's history, newest first, at most MAX_EVENTS_PER_CUSTOMER each */
  historyOf(goldenIds: readonly string[]): Promise<EventRow[]> {
    return this.em.execute<EventRow[]>(
      `SELECT id::text AS id, golden_id, type, actor, reason, details, before, after, at FROM (
         SELECT e.*, row_number() OVER (PARTITION BY golden_id ORDER BY at DESC, id DESC) AS n
         FROM golden_event e WHERE golden_id = ANY(?::uuid[])) e
       WHERE n <= ? ORDER BY golden_id, at DESC, id DESC`,
      [sqlArray(goldenIds), MAX_EVENTS_PER_CUSTOMER],
    );
  }

  // segmentation, data quality

  /** the next ACTIVE ids after `afterId` (null: from the first), in id order */
  async activeIdsAfter(afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `SELECT id FROM golden_customer WHERE status = 'ACTIVE' AND id > ?::uuid ORDER BY id LIMIT ?`,
      [afterId ?? '00000000-0000-0000-0000-000000000000', limit],
    );
    return rows.map((r) => r.id);
  }

  /** the ACTIVE ones among these ids, in id order */
  async activeAmong(ids: readonly string[]): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `SELECT id FROM golden_customer WHERE status = 'ACTIVE' AND id = ANY(?::uuid[]) ORDER BY id`,
      [sqlArray(ids)],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Stores segments in one statement. Segments are derived data: no version bump, so a steward's
   * optimistic lock is not broken by the hourly run. A customer merged away meanwhile is left alone.
   */
  async recordSegments(rows: readonly SegmentsRow[], segmentedAt: Date): Promise<void> {
    await this.em.execute(
      `UPDATE golden_customer g SET value_tier = x.value_tier, risk_grade = x.risk_grade, lifecycle_stage = x.lifecycle_stage,
         segment_explanation = x.segment_explanation, segmented_at = ?
       FROM jsonb_to_recordset(?::jsonb) AS x(id uuid, value_tier text, risk_grade text, lifecycle_stage text, segment_explanation jsonb)
       WHERE g.id = x.id AND g.status = 'ACTIVE'`,
      [segmentedAt, JSON.stringify(rows)],
      'run',
    );
  }

  // a steward's change (src/stewardship): the customers it changes, locked, with their versions

  /**
   * These customers' id, version, status, redirect and attributes, locked until the transaction
   * ends (FOR UPDATE), so the version a steward's change was checked against is the one it
   * replaces; unknown ids are missing from the answer.
   */
  lockForChange(ids: readonly string[]): Promise<{ id: string; version: number; status: GoldenStatus; merged_into: string | null; attributes: Record<string, unknown> }[]> {
    return executeBound(
      this.em,
      `SELECT id, version, status, merged_into, attributes FROM golden_customer WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE`,
      [sqlArray(ids)],
    );
  }

  /** the version, status and redirect of these customers as they are now (after a change, in its transaction) */
  versionsOf(ids: readonly string[]): Promise<{ id: string; version: number; status: GoldenStatus; merged_into: string | null; record_count: number }[]> {
    return executeBound(
      this.em,
      `SELECT id, version, status, merged_into, record_count FROM golden_customer WHERE id = ANY(?::uuid[]) ORDER BY id`,
      [sqlArray(ids)],
    );
  }

  // the writer (golden-writer.ts): bulk, in the caller's transaction, one chunk per call

  /** these customers' stored attributes, oldest first (the order stable ids use to pick a survivor) */
  storedOldestFirst(ids: readonly string[]): Promise<{ id: string; attributes: unknown; provenance: Record<string, unknown>; record_count: number }[]> {
    return executeBound<{ id: string; attributes: unknown; provenance: Record<string, unknown>; record_count: number }>(
      this.em,
      `SELECT id, attributes, provenance, record_count FROM golden_customer WHERE id = ANY(?::uuid[]) ORDER BY created_at, id`,
      [sqlArray(ids)],
    );
  }

  /** inserts or updates survived customers: ACTIVE again, version bumped */
  async storeSurvived(rows: readonly SurvivedGolden[]): Promise<void> {
    await executeBound(
      this.em,
      `INSERT INTO golden_customer (id, attributes, provenance, record_count)
       SELECT id, attributes, provenance, record_count
       FROM jsonb_to_recordset(?::jsonb) AS x(id uuid, attributes jsonb, provenance jsonb, record_count int)
       ON CONFLICT (id) DO UPDATE SET attributes = EXCLUDED.attributes, provenance = EXCLUDED.provenance,
         record_count = EXCLUDED.record_count, status = 'ACTIVE', merged_into = NULL,
         version = golden_customer.version + 1, updated_at = clock_timestamp()`,
      [JSON.stringify(rows)],
    );
  }

  /** absorbed customers redirect to their survivor; earlier redirects to an absorbed id now point at its survivor: a redirect is never a chain */
  async redirectMerged(redirects: readonly { absorbed: string; survivor: string }[]): Promise<void> {
    await executeBound(
      this.em,
      `WITH r AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(absorbed uuid, survivor uuid))
       UPDATE golden_customer g SET status = 'MERGED', merged_into = r.survivor, record_count = 0,
         version = g.version + 1, updated_at = clock_timestamp()
       FROM r WHERE g.id = r.absorbed OR g.merged_into = r.absorbed`,
      [JSON.stringify(redirects)],
    );
  }

  async retire(ids: readonly string[]): Promise<void> {
    await executeBound(
      this.em,
      `UPDATE golden_customer SET status = 'RETIRED', record_count = 0, version = version + 1, updated_at = clock_timestamp()
       WHERE id = ANY(?::uuid[])`,
      [sqlArray(ids)],
    );
  }

  // steward overrides (golden_override) and the optimistic lock of steward changes

  /** each customer's overrides, as survivorship takes them */
  async overridesOf(ids: readonly string[]): Promise<Map<string, StewardOverrides>> {
    const byGolden = new Map<string, StewardOverrides>();
    if (ids.length === 0) return byGolden;
    const rows = await executeBound<{ golden_id: string; field: GoldenField; value: Partial<GoldenAttributes>; actor: string; reason: string; set_at: Timestamp }>(
      this.em,
      `SELECT golden_id, field, value, actor, reason, set_at FROM golden_override WHERE golden_id = ANY(?::uuid[])`,
      [sqlArray(ids)],
    );
    for (const r of rows) {
      const overrides = byGolden.get(r.golden_id) ?? {};
      overrides[r.field] = { value: r.value, actor: r.actor, reason: r.reason, setAt: asDate(r.set_at).toISOString() };
      byGolden.set(r.golden_id, overrides);
    }
    return byGolden;
  }

  /**
   * A merged customer keeps the steward's values of the ids it absorbed: each absorbed id's
   * overrides move to its survivor, where the survivor has none of its own for that field.
   */
  async moveOverrides(redirects: readonly { absorbed: string; survivor: string }[]): Promise<void> {
    if (redirects.length === 0) return;
    const r = JSON.stringify(redirects);
    await executeBound(
      this.em,
      `INSERT INTO golden_override (golden_id, field, value, reason, actor, set_at)
       SELECT DISTINCT ON (r.survivor, o.field) r.survivor, o.field, o.value, o.reason, o.actor, o.set_at
       FROM golden_override o JOIN jsonb_to_recordset(?::jsonb) AS r(absorbed uuid, survivor uuid) ON o.golden_id = r.absorbed
       ORDER BY r.survivor, o.field, o.set_at DESC
       ON CONFLICT (golden_id, field) DO NOTHING`,
      [r],
    );
    await executeBound(
      this.em,
      `DELETE FROM golden_override o USING jsonb_to_recordset(?::jsonb) AS r(absorbed uuid, survivor uuid) WHERE o.golden_id = r.absorbed`,
      [r],
    );
  }

  async setOverride(goldenId: string, field: GoldenField, value: Partial<GoldenAttributes>, actor: string, reason: string): Promise<void> {
    await this.em.execute(
      `INSERT INTO golden_override (golden_id, field, value, actor, reason) VALUES (?, ?, ?::jsonb, ?, ?)
       ON CONFLICT (golden_id, field) DO UPDATE SET value = EXCLUDED.value, actor = EXCLUDED.actor, reason = EXCLUDED.reason, set_at = clock_timestamp()`,
      [goldenId, field, JSON.stringify(value), actor, reason],
    );
  }

  /** true when there was an override to clear */
  async clearOverride(goldenId: string, field: GoldenField): Promise<boolean> {
    const rows = await this.em.execute<{ field: string }[]>(`DELETE FROM golden_override WHERE golden_id = ? AND field = ? RETURNING field`, [goldenId, field]);
    return rows.length > 0;
  }

  /**
   * The optimistic lock of every steward change: bumps the customer's version if it is still
   * `expected` (the row stays locked until the transaction ends) and answers the new one; else
   * VERSION_CONFLICT with the current version, nothing written.
   */
  async bumpVersionIf(id: string, expected: number): Promise<number> {
    const rows = await this.em.execute<{ version: number }[]>(
      `UPDATE golden_customer SET version = version + 1, updated_at = clock_timestamp() WHERE id = ? AND version = ? AND status = 'ACTIVE' RETURNING version`,
      [id, expected],
    );
    if (rows.length > 0) return rows[0].version;
    const [current] = await this.em.execute<{ version: number }[]>(`SELECT version FROM golden_customer WHERE id = ?`, [id]);
    if (!current) throw new HubError('NOT_FOUND', 'no customer with this id', { extensions: { argument: 'customerId' } });
    throw new HubError('VERSION_CONFLICT', 'the customer changed since that version', { extensions: { argument: 'expectedVersion', currentVersion: current.version } });
  }

  /** a steward's change re-survived one customer: stored without another version bump (bumpVersionIf made it) */
  async storeStewardSurvived(id: string, attributes: unknown, provenance: unknown): Promise<void> {
    await this.em.execute(`UPDATE golden_customer SET attributes = ?::jsonb, provenance = ?::jsonb WHERE id = ?`, [JSON.stringify(attributes), JSON.stringify(provenance), id]);
  }

  async appendEvents(events: readonly NewEvent[]): Promise<void> {
    await executeBound(
      this.em,
      `INSERT INTO golden_event (golden_id, type, actor, reason, details, before, after)
       SELECT golden_id, type, actor, reason, details, before, after
       FROM jsonb_to_recordset(?::jsonb) AS x(golden_id uuid, type text, actor text, reason text, details jsonb, before jsonb, after jsonb)`,
      [JSON.stringify(events)],
    );
  }
}

/** a part of another capability's list statement: the customer holds one of these segment values */
/** the ids of every ACTIVE golden customer, as a table (for others' statements) */
export function activeGoldenIds(): SqlPart {
  return { sql: `(SELECT id FROM golden_customer WHERE status = 'ACTIVE')`, params: [] };
}

export function segmentIn(column: SegmentColumn, values: readonly string[]): SqlPart {
  return { sql: `g.${column} = ANY(?::text[])`, params: [sqlArray(values)] };
}

/** WHERE clauses of a list: fixed SQL fragments, values only as parameters */
function activeWhere(conditions: readonly SqlPart[]): { where: string[]; params: unknown[] } {
  return { where: [`g.status = 'ACTIVE'`, ...conditions.map((c) => c.sql)], params: conditions.flatMap((c) => c.params) };
}

/** golden customers as policy's ConsentService looks them up: it gets this by construction, since policy sits below golden */
export const goldenCustomers = {
  isCustomerId: isGoldenId,
  async current(id: string, em: EntityManager): Promise<string | null> {
    return (await new GoldenRepository(em).resolve(id))?.id ?? null;
  },
};
