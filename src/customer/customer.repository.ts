/**
 * SQL of the customer view. Every read takes a list of golden ids, so the per-request loaders
 * (customer.loaders.ts) fetch a whole page's records, history and links in one statement each.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SourceSystem } from '../../connectors/contract.js';
import { sqlArray } from '../db/sql-array.js';
import type { Timestamp } from '../db/timestamp.js';
import type { GoldenAttributes, GoldenProvenance } from '../golden/survivorship/index.js';
import type { GoldenStatus } from '../golden/golden-customer.entity.js';
import type { CustomerSearch } from './search.js';

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

export interface LinkedRecordRow {
  id: string;
  golden_id: string;
  system: SourceSystem;
  source_key: string;
  link_type: 'AUTO' | 'STEWARD' | null;
  source_updated_at: Timestamp;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

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

export interface LinkRow {
  golden_id: string;
  record_a: string;
  record_b: string;
  weight: number;
  probability: number;
  status: string;
  explanation: Record<string, unknown>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  scored_at: Timestamp;
}

export interface CustomerFilter {
  valueTiers?: string[] | null;
  riskGrades?: string[] | null;
  lifecycleStages?: string[] | null;
  sourceSystems?: SourceSystem[] | null;
}

/** the segment filters and the column each one reads */
const SEGMENT_COLUMNS = [
  ['valueTiers', 'value_tier'],
  ['riskGrades', 'risk_grade'],
  ['lifecycleStages', 'lifecycle_stage'],
] as const;

export interface CustomerQuery {
  search: CustomerSearch | null;
  filter: CustomerFilter;
  /** only customers with a current, unexpired consent to this purpose for each category */
  consentedTo: { purpose: string; category: string }[];
}

/** a merge chain longer than this is a data error, not something to follow forever */
const MAX_REDIRECTS = 20;
/** history entries per customer in one response, newest first */
export const MAX_EVENTS_PER_CUSTOMER = 100;

export class CustomerRepository {
  constructor(private readonly em: EntityManager) {}

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

  /** the golden id a source record is linked to; undefined when there is no such record */
  async goldenIdOfSourceKey(system: SourceSystem, sourceKey: string): Promise<string | null | undefined> {
    const rows = await this.em.execute<{ golden_id: string | null }[]>(
      `SELECT golden_id FROM source_record WHERE system = ? AND source_key = ?`,
      [system, sourceKey],
    );
    return rows.length === 0 ? undefined : rows[0].golden_id;
  }

  /** one page of ACTIVE customers in id order, after `afterId` */
  async page(query: CustomerQuery, afterId: string | null, limit: number): Promise<GoldenRow[]> {
    const { where, params } = conditions(query);
    if (afterId) {
      where.push('g.id > ?::uuid');
      params.push(afterId);
    }
    return this.em.execute<GoldenRow[]>(
      `SELECT g.* FROM golden_customer g WHERE ${where.join(' AND ')} ORDER BY g.id LIMIT ?`,
      [...params, limit],
    );
  }

  async count(query: CustomerQuery): Promise<number> {
    const { where, params } = conditions(query);
    const rows = await this.em.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM golden_customer g WHERE ${where.join(' AND ')}`, params);
    return rows[0].n;
  }

  async linkedRecords(goldenIds: readonly string[]): Promise<LinkedRecordRow[]> {
    return this.em.execute<LinkedRecordRow[]>(
      `SELECT id::text AS id, golden_id, system, source_key, link_type, source_updated_at, first_seen_at, last_seen_at
       FROM source_record WHERE golden_id = ANY(?::uuid[]) AND NOT deleted ORDER BY system, source_key`,
      [sqlArray(goldenIds)],
    );
  }

  async events(goldenIds: readonly string[]): Promise<EventRow[]> {
    return this.em.execute<EventRow[]>(
      `SELECT id::text AS id, golden_id, type, actor, reason, details, before, after, at FROM (
         SELECT e.*, row_number() OVER (PARTITION BY golden_id ORDER BY at DESC, id DESC) AS n
         FROM golden_event e WHERE golden_id = ANY(?::uuid[])) e
       WHERE n <= ? ORDER BY golden_id, at DESC, id DESC`,
      [sqlArray(goldenIds), MAX_EVENTS_PER_CUSTOMER],
    );
  }

  /** scored pairs between records of one customer: the evidence that linked them */
  async links(goldenIds: readonly string[]): Promise<LinkRow[]> {
    return this.em.execute<LinkRow[]>(
      `SELECT a.golden_id, c.record_a::text AS record_a, c.record_b::text AS record_b, c.weight, c.probability, c.status,
              c.explanation, c.decided_by, c.decided_at, c.scored_at
       FROM source_record a
       JOIN match_candidate c ON c.record_a = a.id
       JOIN source_record b ON b.id = c.record_b AND b.golden_id = a.golden_id
       WHERE a.golden_id = ANY(?::uuid[]) AND NOT a.deleted AND NOT b.deleted
       ORDER BY a.golden_id, c.probability DESC, c.record_a, c.record_b`,
      [sqlArray(goldenIds)],
    );
  }
}

/** WHERE clauses of a list query: fixed SQL fragments, values only as parameters */
function conditions(query: CustomerQuery): { where: string[]; params: unknown[] } {
  const where = [`g.status = 'ACTIVE'`];
  const params: unknown[] = [];
  if (query.search) {
    where.push(`g.id IN (SELECT s.golden_id FROM source_record s WHERE s.search_terms @> ?::text[] AND NOT s.deleted AND s.golden_id IS NOT NULL)`);
    params.push(sqlArray(query.search.terms));
  }
  for (const [filter, column] of SEGMENT_COLUMNS) {
    const values = query.filter[filter];
    if (values && values.length > 0) {
      where.push(`g.${column} = ANY(?::text[])`);
      params.push(sqlArray(values));
    }
  }
  for (const { purpose, category } of query.consentedTo) {
    where.push(`EXISTS (SELECT 1 FROM consent_current c WHERE c.golden_id = g.id AND c.purpose = ? AND c.status = 'GRANTED'
      AND ? = ANY(c.categories) AND (c.expires_at IS NULL OR c.expires_at > now()))`);
    params.push(purpose, category);
  }
  const systems = query.filter.sourceSystems;
  if (systems && systems.length > 0) {
    where.push(`EXISTS (SELECT 1 FROM source_record s WHERE s.golden_id = g.id AND s.system = ANY(?::text[]) AND NOT s.deleted)`);
    params.push(sqlArray(systems));
  }
  return { where, params };
}
