/**
 * Every read the quality checks make of other capabilities' tables — `source_record` (ingest),
 * `golden_customer` (resolution), `connector_state` (ingest) — in one place, named by intent.
 * To move into the owners' repositories (ingest, resolution) once they offer these reads; no
 * other file of src/quality touches those tables. Reads only; answers are what the pure checks
 * take (src/quality/checks), and the values read never leave the quality worker's memory.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlArray } from '../db/sql-array.js';
import { nameKey, type LinkedRecordFacts } from './checks/customer-checks.js';
import type { RecordFacts } from './checks/record-checks.js';
import type { SourceSyncFacts } from './checks/source-checks.js';

/** a source record with what the record checks read, and where it belongs */
export interface CheckedRecord {
  id: string;
  goldenId: string | null;
  deleted: boolean;
  facts: RecordFacts;
}

interface RecordRow {
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
  flags: { field: string; code: string }[];
}

// date_of_birth as text: no time zone may shift a date. `id` is read as text: order by
// `source_record.id`, never by the output column (text order would page 10 before 9)
const RECORD_COLUMNS = `id::text AS id, golden_id, deleted, system,
  (coalesce(given_name, family_name, full_name) IS NOT NULL) AS has_name,
  to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, national_id, national_id_type, gender, phones, emails,
  (cardinality(address_tokens) > 0 OR postcode IS NOT NULL OR city IS NOT NULL) AS has_address,
  standardization_flags AS flags`;

const toChecked = (r: RecordRow): CheckedRecord => ({
  id: r.id,
  goldenId: r.golden_id,
  deleted: r.deleted,
  facts: {
    system: r.system,
    hasName: r.has_name,
    dateOfBirth: r.date_of_birth,
    nationalId: r.national_id,
    nationalIdType: r.national_id_type,
    gender: r.gender,
    phones: r.phones,
    emails: r.emails,
    hasAddress: r.has_address,
    flags: r.flags ?? [],
  },
});

export class QualityInputs {
  constructor(private readonly em: EntityManager) {}

  /** the given source records (those that still exist, deleted ones included) */
  async recordsByIds(ids: readonly string[]): Promise<CheckedRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.em.execute<RecordRow[]>(`SELECT ${RECORD_COLUMNS} FROM source_record WHERE id = ANY(?::bigint[]) ORDER BY source_record.id`, [sqlArray(ids)]);
    return rows.map(toChecked);
  }

  /** the next page of source records in id order, after `afterId` (keyset: constant cost per page at any size) */
  async recordPage(afterId: string | null, limit: number): Promise<CheckedRecord[]> {
    const rows = await this.em.execute<RecordRow[]>(`SELECT ${RECORD_COLUMNS} FROM source_record WHERE id > ?::bigint ORDER BY source_record.id LIMIT ?`, [afterId ?? '0', limit]);
    return rows.map(toChecked);
  }

  /** the golden customers the given records are linked to */
  async customersOfRecords(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.em.execute<{ golden_id: string }[]>(
      `SELECT DISTINCT golden_id FROM source_record WHERE id = ANY(?::bigint[]) AND golden_id IS NOT NULL`,
      [sqlArray(ids)],
    );
    return rows.map((r) => r.golden_id);
  }

  /** the next page of ACTIVE golden customer ids after `afterId` */
  async activeCustomerPage(afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `SELECT id FROM golden_customer WHERE status = 'ACTIVE' AND id > ?::uuid ORDER BY id LIMIT ?`,
      [afterId ?? '00000000-0000-0000-0000-000000000000', limit],
    );
    return rows.map((r) => r.id);
  }

  /** for each of the given customers that is ACTIVE: its linked, non-deleted records as the consistency check compares them */
  async linkedRecordsOfActiveCustomers(goldenIds: readonly string[]): Promise<Map<string, LinkedRecordFacts[]>> {
    const linked = new Map<string, LinkedRecordFacts[]>();
    if (goldenIds.length === 0) return linked;
    const rows = await this.em.execute<{ golden_id: string; system: string; date_of_birth: string | null; national_id: string | null; family_name_pinyin: string | null; given_name_pinyin: string | null }[]>(
      `SELECT g.id AS golden_id, r.system, to_char(r.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, r.national_id,
              r.family_name_pinyin, r.given_name_pinyin
         FROM golden_customer g
         LEFT JOIN source_record r ON r.golden_id = g.id AND NOT r.deleted
        WHERE g.id = ANY(?::uuid[]) AND g.status = 'ACTIVE'`,
      [sqlArray(goldenIds)],
    );
    for (const r of rows) {
      const records = linked.get(r.golden_id) ?? [];
      if (r.system !== null) records.push({ system: r.system, dateOfBirth: r.date_of_birth, nationalId: r.national_id, nameKey: nameKey(r.family_name_pinyin, r.given_name_pinyin) });
      linked.set(r.golden_id, records);
    }
    return linked;
  }

  /**
   * ACTIVE customers sharing a national id with another ACTIVE customer, with how many customers
   * share one with it (itself included) and which (golden ids, no values). `among`: only the national ids these customers
   * hold (every holder of those ids answers, in or out of `among`); absent, the whole set in one
   * aggregate.
   */
  async customersSharingNationalId(among?: readonly string[]): Promise<{ goldenId: string; customers: number; others: string[] }[]> {
    if (among && among.length === 0) return [];
    const scoped = among ? `AND national_id IN (SELECT national_id FROM source_record WHERE golden_id = ANY(?::uuid[]) AND NOT deleted AND national_id IS NOT NULL)` : '';
    const rows = await this.em.execute<{ golden_id: string; customers: number; others: string[] }[]>(
      `WITH holders AS (
         SELECT DISTINCT r.national_id, r.golden_id
           FROM source_record r JOIN golden_customer g ON g.id = r.golden_id AND g.status = 'ACTIVE'
          WHERE NOT r.deleted AND r.national_id IS NOT NULL ${scoped}
       )
       SELECT a.golden_id, (count(DISTINCT b.golden_id) + 1)::int AS customers, array_agg(DISTINCT b.golden_id::text) AS others
         FROM holders a JOIN holders b ON b.national_id = a.national_id AND b.golden_id <> a.golden_id
        GROUP BY a.golden_id`,
      among ? [sqlArray(among)] : [],
    );
    return rows.map((r) => ({ goldenId: r.golden_id, customers: r.customers, others: r.others }));
  }

  /** customers holding any national id the given customers hold (themselves included) */
  async customersWithNationalIdsOf(goldenIds: readonly string[]): Promise<string[]> {
    if (goldenIds.length === 0) return [];
    const rows = await this.em.execute<{ golden_id: string }[]>(
      `SELECT DISTINCT golden_id FROM source_record
        WHERE golden_id IS NOT NULL AND NOT deleted
          AND national_id IN (SELECT national_id FROM source_record WHERE golden_id = ANY(?::uuid[]) AND national_id IS NOT NULL)`,
      [sqlArray(goldenIds)],
    );
    return [...new Set([...goldenIds, ...rows.map((r) => r.golden_id)])];
  }

  /** each given source system's sync state (a system never synced has none: caughtUpAt null) */
  async sourceSyncStates(systems: readonly string[]): Promise<SourceSyncFacts[]> {
    const rows = await this.em.execute<{ system: string; caught_up_at: Date | null; status: string }[]>(
      `SELECT system, caught_up_at, status FROM connector_state WHERE system = ANY(?::text[])`,
      [sqlArray(systems)],
    );
    const bySystem = new Map(rows.map((r) => [r.system, r]));
    return systems.map((system) => {
      const row = bySystem.get(system);
      return { system, caughtUpAt: row?.caught_up_at ? new Date(row.caught_up_at) : null, lastRunFailed: row?.status === 'FAILED' };
    });
  }
}
