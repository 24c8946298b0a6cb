/**
 * The reads and link updates of `source_record` that other capabilities need: matching loads
 * records, their blocking neighbours and pending versions and locks them; golden links records to
 * golden customers; the customer view, segmentation and subject rights read the records linked to
 * a customer. Ingest's own page write is ingest.repository.ts. Pass the caller's transaction's
 * entity manager where it runs in one (matching, the golden writer).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SourceSystem } from '../../connectors/contract.js';
import { executeBound } from '../db/execute-bound.js';
import { sqlArray } from '../db/sql-array.js';
import type { SqlPart } from '../db/sql-part.js';
import type { Timestamp } from '../db/timestamp.js';
import { SourceRecord } from './source-record.entity.js';
import type { StoredStandardizedRecord } from './stored-record.js';

/** the columns of a record as matching and survivorship read it (StoredStandardizedRecord), `s` being source_record */
const STANDARDIZED_COLUMNS = `s.id::text AS id, s.system, s.source_key, s.source_updated_at, s.given_name, s.family_name,
  s.full_name, s.name_script, s.given_name_pinyin, s.family_name_pinyin, to_char(s.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  s.national_id, s.national_id_type, s.gender, s.phones, s.emails, s.address_tokens, s.postcode, s.city, s.blocking_keys`;

/** a record's last change, exact to the microsecond: matching clears a record's pending mark only for the version it matched */
export interface RecordVersion {
  id: string;
  changed_at: string;
}

/** a record linked to a golden customer, as the customer view lists it */
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

/** a record as data quality's record checks read it: presence of name and address, the identity fields, the standardization flags */
export interface QualityCheckRow {
  id: string;
  golden_id: string | null;
  deleted: boolean;
  system: string;
  has_name: boolean;
  date_of_birth: string | null;
  national_id: string | null;
  national_id_type: string | null;
  gender: string | null;
  phones: string[];
  emails: string[];
  has_address: boolean;
  flags: { field: string; code: string }[] | null;
}

// date_of_birth as text: no time zone may shift a date. `id` as text: order by `source_record.id`,
// never by the output column (text order would page 10 before 9)
const QUALITY_CHECK_COLUMNS = `id::text AS id, golden_id, deleted, system,
  (coalesce(given_name, family_name, full_name) IS NOT NULL) AS has_name,
  to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, national_id, national_id_type, gender, phones, emails,
  (cardinality(address_tokens) > 0 OR postcode IS NOT NULL OR city IS NOT NULL) AS has_address,
  standardization_flags AS flags`;

/** a live linked record's identity fields, as the cross-source consistency check compares them */
export interface IdentityFactsRow {
  golden_id: string;
  system: string;
  date_of_birth: string | null;
  national_id: string | null;
  family_name_pinyin: string | null;
  given_name_pinyin: string | null;
}

export class SourceRecordRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Locks the source records this transaction will update, all at once in id order: the order
   * ingest locks them in too, so matching and ingest never deadlock on `source_record`.
   */
  async lockForUpdate(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.em.execute(`SELECT 1 FROM source_record WHERE id = ANY(?::bigint[]) ORDER BY id FOR UPDATE`, [sqlArray([...new Set(ids)])]);
  }

  /** these live records' standardized fields, in id order */
  async recordsForMatching(ids: readonly string[]): Promise<StoredStandardizedRecord[]> {
    if (ids.length === 0) return [];
    return executeBound<StoredStandardizedRecord>(
      this.em,
      `SELECT ${STANDARDIZED_COLUMNS} FROM source_record s WHERE s.id = ANY(?::bigint[]) AND NOT s.deleted ORDER BY s.id`,
      [sqlArray(ids)],
    );
  }

  /** every live record, in id order, page by page (keyset), for the batch */
  async *allRecordsForMatching(pageSize = 20_000): AsyncGenerator<StoredStandardizedRecord[]> {
    let after = '0';
    for (;;) {
      const rows = await executeBound<StoredStandardizedRecord>(
        this.em,
        `SELECT ${STANDARDIZED_COLUMNS} FROM source_record s WHERE s.id > ? AND NOT s.deleted ORDER BY s.id LIMIT ?`,
        [after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].id;
    }
  }

  /** ids among these (all records when omitted) that are deleted at their source but still linked to a golden customer */
  async deletedButLinked(ids?: readonly string[]): Promise<string[]> {
    const rows = ids
      ? await executeBound<{ id: string }>(
          this.em,
          `SELECT id::text AS id FROM source_record WHERE id = ANY(?::bigint[]) AND deleted AND golden_id IS NOT NULL`,
          [sqlArray(ids)],
        )
      : await executeBound<{ id: string }>(this.em, `SELECT id::text AS id FROM source_record WHERE deleted AND golden_id IS NOT NULL`);
    return rows.map((r) => r.id);
  }

  // Both lookups go key by key through the GIN index (`@> ARRAY[key]`). Matching a row against
  // the whole key list (`&& list`, `= ANY(list)`) costs rows × list length: with a 500-record
  // job's 5,000 keys that was seconds per job.

  /** how many live records hold each of these blocking keys */
  async blockSizes(keys: readonly string[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows = await executeBound<{ key: string; size: number }>(
      this.em,
      `SELECT q.k AS key, count(*)::int AS size
       FROM (SELECT DISTINCT unnest(?::text[]) AS k) q
       JOIN source_record s ON s.blocking_keys @> ARRAY[q.k] AND NOT s.deleted
       GROUP BY q.k`,
      [sqlArray(keys)],
    );
    return new Map(rows.map((r) => [r.key, r.size]));
  }

  /** live records holding any of these blocking keys: the block neighbours of a record */
  async recordsWithBlockingKeys(keys: readonly string[]): Promise<StoredStandardizedRecord[]> {
    if (keys.length === 0) return [];
    return executeBound<StoredStandardizedRecord>(
      this.em,
      `SELECT ${STANDARDIZED_COLUMNS} FROM source_record s
       WHERE s.id IN (SELECT h.id FROM (SELECT DISTINCT unnest(?::text[]) AS k) q
                      JOIN source_record h ON h.blocking_keys @> ARRAY[q.k])
         AND NOT s.deleted`,
      [sqlArray(keys)],
    );
  }

  /** every record linked to the golden customers of these records */
  async recordsOfSameGoldens(recordIds: readonly string[]): Promise<string[]> {
    const rows = await executeBound<{ id: string }>(
      this.em,
      `SELECT m.id::text AS id FROM source_record m
       WHERE m.golden_id IN (SELECT golden_id FROM source_record WHERE id = ANY(?::bigint[]) AND golden_id IS NOT NULL)`,
      [sqlArray(recordIds)],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The versions (last change time, exact to the microsecond) of the pending records among
   * `ids` (all pending records when omitted), read before matching reads their data.
   */
  async pendingVersions(ids?: readonly string[]): Promise<RecordVersion[]> {
    return ids
      ? executeBound<RecordVersion>(
          this.em,
          `SELECT id::text AS id, last_changed_at::text AS changed_at FROM source_record
           WHERE id = ANY(?::bigint[]) AND match_pending_since IS NOT NULL`,
          [sqlArray(ids)],
        )
      : executeBound<RecordVersion>(
          this.em,
          `SELECT id::text AS id, last_changed_at::text AS changed_at FROM source_record WHERE match_pending_since IS NOT NULL`,
        );
  }

  /**
   * These versions are matched: no longer pending. A record that changed again meanwhile has
   * another version and stays pending, so no change can be cleared without being matched.
   */
  async clearPending(versions: readonly RecordVersion[]): Promise<void> {
    for (let i = 0; i < versions.length; i += 20_000) {
      await executeBound(
        this.em,
        `UPDATE source_record s SET match_pending_since = NULL
         FROM jsonb_to_recordset(?::jsonb) AS x(id bigint, changed_at timestamptz)
         WHERE s.id = x.id AND s.last_changed_at = x.changed_at`,
        [JSON.stringify(versions.slice(i, i + 20_000))],
      );
    }
  }

  /** the longest-pending records first */
  async pendingIds(limit: number): Promise<string[]> {
    const rows = await executeBound<{ id: string }>(
      this.em,
      `SELECT id::text AS id FROM source_record WHERE match_pending_since IS NOT NULL ORDER BY match_pending_since, id LIMIT ?`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** per record: how many live records its golden customer has (1 for an unlinked record) */
  async goldenSizesOf(recordIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await executeBound<{ id: string; n: number }>(
      this.em,
      `SELECT r.id::text AS id,
              CASE WHEN r.golden_id IS NULL THEN 1
                   ELSE (SELECT count(*) FROM source_record m WHERE m.golden_id = r.golden_id AND NOT m.deleted) END::int AS n
       FROM source_record r WHERE r.id = ANY(?::bigint[])`,
      [sqlArray(recordIds)],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** these records as entities (the policy-gated SourceRecord view is built from them) */
  byIds(ids: readonly string[]): Promise<SourceRecord[]> {
    return this.em.find(SourceRecord, { id: { $in: [...ids] } });
  }

  /** the golden customer each of these records is linked to (unlinked records left out) */
  goldenLinksOf(recordIds: readonly string[]): Promise<{ id: string; golden_id: string }[]> {
    return executeBound<{ id: string; golden_id: string }>(
      this.em,
      `SELECT id::text AS id, golden_id FROM source_record WHERE id = ANY(?::bigint[]) AND golden_id IS NOT NULL`,
      [sqlArray(recordIds)],
    );
  }

  /** links records to golden customers (one statement; a steward's link type stays) */
  async linkToGoldens(links: readonly { id: string; golden_id: string }[]): Promise<void> {
    await executeBound(
      this.em,
      `UPDATE source_record s SET golden_id = x.golden_id, link_type = coalesce(s.link_type, 'AUTO')
       FROM jsonb_to_recordset(?::jsonb) AS x(id bigint, golden_id uuid)
       WHERE s.id = x.id AND s.golden_id IS DISTINCT FROM x.golden_id`,
      [JSON.stringify(links)],
    );
  }

  async unlink(recordIds: readonly string[]): Promise<void> {
    await executeBound(this.em, `UPDATE source_record SET golden_id = NULL, link_type = NULL WHERE id = ANY(?::bigint[])`, [sqlArray(recordIds)]);
  }

  /** the golden id a source record is linked to; undefined when there is no such record */
  async goldenIdOfSourceKey(system: SourceSystem, sourceKey: string): Promise<string | null | undefined> {
    const rows = await this.em.execute<{ golden_id: string | null }[]>(
      `SELECT golden_id FROM source_record WHERE system = ? AND source_key = ?`,
      [system, sourceKey],
    );
    return rows.length === 0 ? undefined : rows[0].golden_id;
  }

  /** the live records linked to these golden customers, by system and key */
  linkedRecordsOf(goldenIds: readonly string[]): Promise<LinkedRecordRow[]> {
    return this.em.execute<LinkedRecordRow[]>(
      `SELECT id::text AS id, golden_id, system, source_key, link_type, source_updated_at, first_seen_at, last_seen_at
       FROM source_record WHERE golden_id = ANY(?::uuid[]) AND NOT deleted ORDER BY system, source_key`,
      [sqlArray(goldenIds)],
    );
  }

  /** the system and key of each live record linked to these golden customers: where their holdings are */
  holdingKeysOf(goldenIds: readonly string[]): Promise<{ golden_id: string; system: SourceSystem; source_key: string }[]> {
    return this.em.execute<{ golden_id: string; system: SourceSystem; source_key: string }[]>(
      `SELECT golden_id, system, source_key FROM source_record WHERE golden_id = ANY(?::uuid[]) AND NOT deleted`,
      [sqlArray(goldenIds)],
    );
  }

  /** every record linked to these golden customers, deleted ones too (a person's export), as entities */
  everyRecordOf(goldenIds: readonly string[]): Promise<SourceRecord[]> {
    return this.em.find(SourceRecord, { goldenId: { $in: [...goldenIds] } }, { orderBy: { system: 'asc', sourceKey: 'asc' } });
  }

  findByKey(system: SourceSystem, sourceKey: string): Promise<SourceRecord | null> {
    return this.em.findOne(SourceRecord, { system, sourceKey });
  }

  /** records and deleted records per system */
  countsBySystem(): Promise<{ system: SourceSystem; records: number; deleted: number }[]> {
    return this.em.execute<{ system: SourceSystem; records: number; deleted: number }[]>(
      `SELECT system, count(*)::int AS records, count(*) FILTER (WHERE deleted)::int AS deleted FROM source_record GROUP BY system`,
    );
  }

  // Data quality's reads (src/quality): what its checks compare, never returned to a caller.

  /** the given records (deleted ones included) as data quality's record checks read them */
  recordsForQualityChecks(ids: readonly string[]): Promise<QualityCheckRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em.execute<QualityCheckRow[]>(`SELECT ${QUALITY_CHECK_COLUMNS} FROM source_record WHERE id = ANY(?::bigint[]) ORDER BY source_record.id`, [sqlArray(ids)]);
  }

  /** the next page of records in id order after `afterId` (keyset: constant cost per page at any size) */
  qualityCheckPage(afterId: string | null, limit: number): Promise<QualityCheckRow[]> {
    return this.em.execute<QualityCheckRow[]>(`SELECT ${QUALITY_CHECK_COLUMNS} FROM source_record WHERE id > ?::bigint ORDER BY source_record.id LIMIT ?`, [afterId ?? '0', limit]);
  }

  /** the golden customers these records are linked to */
  async goldenIdsOfRecords(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.em.execute<{ golden_id: string }[]>(
      `SELECT DISTINCT golden_id FROM source_record WHERE id = ANY(?::bigint[]) AND golden_id IS NOT NULL`,
      [sqlArray(ids)],
    );
    return rows.map((r) => r.golden_id);
  }

  /** the live linked records of these customers as the cross-source consistency check compares them */
  identityFactsOf(goldenIds: readonly string[]): Promise<IdentityFactsRow[]> {
    if (goldenIds.length === 0) return Promise.resolve([]);
    return this.em.execute<IdentityFactsRow[]>(
      `SELECT golden_id, system, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, national_id, family_name_pinyin, given_name_pinyin
         FROM source_record WHERE golden_id = ANY(?::uuid[]) AND NOT deleted`,
      [sqlArray(goldenIds)],
    );
  }

  /**
   * Customers among `customers` (a part listing golden ids) sharing a national id with another
   * of them: how many share it (itself included) and which, ids only. `among`: only the national
   * ids these customers hold; absent, the whole set in one aggregate.
   */
  async goldensSharingNationalId(customers: SqlPart, among?: readonly string[]): Promise<{ golden_id: string; customers: number; others: string[] }[]> {
    if (among && among.length === 0) return [];
    const scoped = among ? `AND national_id IN (SELECT national_id FROM source_record WHERE golden_id = ANY(?::uuid[]) AND NOT deleted AND national_id IS NOT NULL)` : '';
    return this.em.execute(
      `WITH holders AS (
         SELECT DISTINCT r.national_id, r.golden_id
           FROM source_record r
          WHERE r.golden_id IN ${customers.sql} AND NOT r.deleted AND r.national_id IS NOT NULL ${scoped}
       )
       SELECT a.golden_id, (count(DISTINCT b.golden_id) + 1)::int AS customers, array_agg(DISTINCT b.golden_id::text) AS others
         FROM holders a JOIN holders b ON b.national_id = a.national_id AND b.golden_id <> a.golden_id
        GROUP BY a.golden_id`,
      [...customers.params, ...(among ? [sqlArray(among)] : [])],
    );
  }

  /** customers holding any national id the given customers hold */
  async goldensWithNationalIdsOf(goldenIds: readonly string[]): Promise<string[]> {
    if (goldenIds.length === 0) return [];
    const rows = await this.em.execute<{ golden_id: string }[]>(
      `SELECT DISTINCT golden_id FROM source_record
        WHERE golden_id IS NOT NULL AND NOT deleted
          AND national_id IN (SELECT national_id FROM source_record WHERE golden_id = ANY(?::uuid[]) AND national_id IS NOT NULL)`,
      [sqlArray(goldenIds)],
    );
    return rows.map((r) => r.golden_id);
  }
}

// Parts of other capabilities' statements (src/db/sql-part.ts). `goldenId` is the outer
// statement's golden id column.

/** the golden customer has a live linked record holding every one of these search terms */
export function hasRecordWithSearchTerms(goldenId: string, terms: readonly string[]): SqlPart {
  return {
    sql: `${goldenId} IN (SELECT s.golden_id FROM source_record s WHERE s.search_terms @> ?::text[] AND NOT s.deleted AND s.golden_id IS NOT NULL)`,
    params: [sqlArray(terms)],
  };
}

/** the golden customer has a live record in one of these systems */
export function hasLiveRecordIn(goldenId: string, systems: readonly SourceSystem[]): SqlPart {
  return {
    sql: `EXISTS (SELECT 1 FROM source_record s WHERE s.golden_id = ${goldenId} AND s.system = ANY(?::text[]) AND NOT s.deleted)`,
    params: [sqlArray(systems)],
  };
}

/** live linked records (id, golden_id) of these golden customers, as a table */
export function liveRecordsOf(goldenIds: readonly string[]): SqlPart {
  return { sql: `(SELECT id, golden_id FROM source_record WHERE golden_id = ANY(?::uuid[]) AND NOT deleted)`, params: [sqlArray(goldenIds)] };
}

/** every live record (id, golden_id), as a table */
export function liveRecords(): SqlPart {
  return { sql: `(SELECT id, golden_id FROM source_record WHERE NOT deleted)`, params: [] };
}

/** the source record `recordId` (a column of the outer statement) is held by one of these systems */
export function recordInSystems(recordId: string, systems: readonly SourceSystem[]): SqlPart {
  return {
    sql: `EXISTS (SELECT 1 FROM source_record s WHERE s.id = ${recordId} AND s.system = ANY(?::text[]))`,
    params: [sqlArray(systems)],
  };
}
