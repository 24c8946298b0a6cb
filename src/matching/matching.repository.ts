/**
 * SQL of matching in the hub: loading records and candidate neighbourhoods, storing scored pairs,
 * and the model. Bulk statements with JSON parameters, like ingest, so a page of records costs a
 * few round trips whatever its size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { executeBound } from '../db/execute-bound.js';
import { sqlArray } from '../db/sql-array.js';
import { compareIds } from './engine/index.js';
import type { MatchModel, PairExplanation } from './engine/index.js';
import { RECORD_COLUMNS, toLoadedRecord, type LoadedRecord, type RecordRow } from './record-rows.js';

export interface StoredPair {
  a: string;
  b: string;
  weight: number;
  probability: number;
  explanation: PairExplanation;
  status: 'AUTO_LINK' | 'REVIEW';
}

export interface RecordVersion {
  id: string;
  changed_at: string;
}

/** every decision of matching is serialised by this lock, so two workers never re-cluster one component at once */
const MATCH_LOCK = 0x6d61746368; // 'match'

export class MatchingRepository {
  constructor(private readonly em: EntityManager) {}

  lockMatching(): Promise<unknown> {
    return executeBound(this.em, `SELECT pg_advisory_xact_lock(?)`, [MATCH_LOCK]);
  }

  /**
   * Locks the source records this transaction will update, all at once in id order: the order
   * ingest locks them in too, so matching and ingest never deadlock on `source_record`.
   */
  async lockRecords(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.em.execute(`SELECT 1 FROM source_record WHERE id = ANY(?::bigint[]) ORDER BY id FOR UPDATE`, [sqlArray([...new Set(ids)])]);
  }

  async latestModel(): Promise<{ id: number; model: MatchModel } | null> {
    const rows = await executeBound<{ id: number; model: MatchModel }>(this.em, `SELECT id, model FROM match_model ORDER BY id DESC LIMIT 1`);
    return rows[0] ?? null;
  }

  async latestModelId(): Promise<number | null> {
    const rows = await executeBound<{ id: number }>(this.em, `SELECT id FROM match_model ORDER BY id DESC LIMIT 1`);
    return rows[0]?.id ?? null;
  }

  async saveModel(model: MatchModel, settings: unknown, report: unknown): Promise<number> {
    const rows = await executeBound<{ id: number }>(
      this.em,
      `INSERT INTO match_model (model, settings, report) VALUES (?::jsonb, ?::jsonb, ?::jsonb) RETURNING id`,
      [JSON.stringify(model), JSON.stringify(settings), JSON.stringify(report)],
    );
    return rows[0].id;
  }

  async loadRecords(ids: readonly string[]): Promise<LoadedRecord[]> {
    if (ids.length === 0) return [];
    const rows = await executeBound<RecordRow>(
      this.em,
      `SELECT ${RECORD_COLUMNS} FROM source_record s WHERE s.id = ANY(?::bigint[]) AND NOT s.deleted ORDER BY s.id`,
      [sqlArray(ids)],
    );
    return rows.map(toLoadedRecord);
  }

  /** every live record, in id order, page by page (keyset), for the batch */
  async *allRecords(pageSize = 20_000): AsyncGenerator<LoadedRecord[]> {
    let after = '0';
    for (;;) {
      const rows = await executeBound<RecordRow>(
        this.em,
        `SELECT ${RECORD_COLUMNS} FROM source_record s WHERE s.id > ? AND NOT s.deleted ORDER BY s.id LIMIT ?`,
        [after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map(toLoadedRecord);
      after = rows[rows.length - 1].id;
    }
  }

  /** ids among these that are deleted at their source but still linked to a golden customer */
  async deletedLinked(ids?: readonly string[]): Promise<string[]> {
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

  /** live records holding any of these keys */
  async recordsWithKeys(keys: readonly string[]): Promise<LoadedRecord[]> {
    if (keys.length === 0) return [];
    const rows = await executeBound<RecordRow>(
      this.em,
      `SELECT ${RECORD_COLUMNS} FROM source_record s
       WHERE s.id IN (SELECT h.id FROM (SELECT DISTINCT unnest(?::text[]) AS k) q
                      JOIN source_record h ON h.blocking_keys @> ARRAY[q.k])
         AND NOT s.deleted`,
      [sqlArray(keys)],
    );
    return rows.map(toLoadedRecord);
  }

  /** golden customers of these records and every record linked to them */
  async membersOfGoldens(recordIds: readonly string[]): Promise<string[]> {
    const rows = await executeBound<{ id: string }>(
      this.em,
      `SELECT m.id::text AS id FROM source_record m
       WHERE m.golden_id IN (SELECT golden_id FROM source_record WHERE id = ANY(?::bigint[]) AND golden_id IS NOT NULL)`,
      [sqlArray(recordIds)],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The records connected to the seeds by auto-link edges, transitively: the components the
   * seeds belong to. Re-clustering exactly these gives what a batch would give them.
   */
  async componentsOf(seeds: readonly string[]): Promise<string[]> {
    const rows = await executeBound<{ id: string }>(
      this.em,
      `WITH RECURSIVE comp(id) AS (
         SELECT unnest(?::bigint[])
         UNION
         SELECT CASE WHEN m.record_a = c.id THEN m.record_b ELSE m.record_a END
         FROM comp c JOIN match_candidate m ON (m.record_a = c.id OR m.record_b = c.id)
         WHERE m.status = 'AUTO_LINK'
       )
       SELECT id::text AS id FROM comp ORDER BY id`,
      [sqlArray(seeds)],
    );
    return rows.map((r) => r.id);
  }

  /** stored pairs among these records: auto-link edges and steward not-a-match decisions */
  async pairsAmong(ids: readonly string[]): Promise<{ a: string; b: string; weight: number; status: string }[]> {
    return executeBound(
      this.em,
      `SELECT record_a::text AS a, record_b::text AS b, weight, status FROM match_candidate
       WHERE record_a = ANY(?::bigint[]) AND record_b = ANY(?::bigint[]) AND status IN ('AUTO_LINK', 'NOT_A_MATCH')`,
      [sqlArray(ids), sqlArray(ids)],
    );
  }

  async notAMatchPairs(): Promise<{ a: string; b: string }[]> {
    return executeBound(this.em, `SELECT record_a::text AS a, record_b::text AS b FROM match_candidate WHERE status = 'NOT_A_MATCH'`);
  }

  /** forgets the machine's scores of pairs touching these records; steward decisions stay */
  async forgetPairsOf(ids: readonly string[]): Promise<void> {
    await executeBound(
      this.em,
      `DELETE FROM match_candidate WHERE (record_a = ANY(?::bigint[]) OR record_b = ANY(?::bigint[])) AND status IN ('AUTO_LINK', 'REVIEW')`,
      [sqlArray(ids), sqlArray(ids)],
    );
  }

  /** forgets every machine score (a batch re-scores everything); steward decisions stay */
  async forgetAllMachinePairs(): Promise<void> {
    await executeBound(this.em, `DELETE FROM match_candidate WHERE status IN ('AUTO_LINK', 'REVIEW')`);
  }

  /** stores scored pairs (a < b); a pair a steward already decided keeps its decision */
  async storePairs(pairs: readonly StoredPair[], modelId: number): Promise<void> {
    for (let i = 0; i < pairs.length; i += 5_000) {
      const chunk = pairs.slice(i, i + 5_000);
      await executeBound(
        this.em,
        `INSERT INTO match_candidate (record_a, record_b, weight, probability, explanation, status, model_id)
         SELECT a, b, weight, probability, explanation, status, ?
         FROM jsonb_to_recordset(?::jsonb) AS x(a bigint, b bigint, weight float8, probability float8, explanation jsonb, status text)
         ON CONFLICT (record_a, record_b) DO UPDATE SET weight = EXCLUDED.weight, probability = EXCLUDED.probability,
           explanation = EXCLUDED.explanation, model_id = EXCLUDED.model_id, scored_at = now()`,
        [modelId, JSON.stringify(chunk)],
      );
    }
  }

  async markNotAMatch(a: string, b: string, actor: string, explanation: PairExplanation | null): Promise<void> {
    const [lo, hi] = orderedPair(a, b);
    await executeBound(
      this.em,
      `INSERT INTO match_candidate (record_a, record_b, weight, probability, explanation, status, decided_by, decided_at)
       VALUES (?, ?, ?, ?, ?::jsonb, 'NOT_A_MATCH', ?, now())
       ON CONFLICT (record_a, record_b) DO UPDATE SET status = 'NOT_A_MATCH', decided_by = EXCLUDED.decided_by, decided_at = now()`,
      [lo, hi, explanation?.weight ?? 0, explanation?.probability ?? 0, JSON.stringify(explanation ?? {}), actor],
    );
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

  async pendingIds(limit: number): Promise<string[]> {
    const rows = await executeBound<{ id: string }>(
      this.em,
      `SELECT id::text AS id FROM source_record WHERE match_pending_since IS NOT NULL ORDER BY match_pending_since, id LIMIT ?`,
      [limit],
    );
    return rows.map((r) => r.id);
  }
}

/** source_record ids are bigints: order numerically, so (a, b) is the same pair however it was found */
export function orderedPair(a: string, b: string): [string, string] {
  return compareIds(a, b) <= 0 ? [a, b] : [b, a];
}
