/**
 * SQL of matching in the hub, on its tables `match_candidate`, `match_model` and `match_run`:
 * scored pairs, the model, batch runs. Records and their neighbourhoods are read through
 * ingest's SourceRecordRepository (source_record is ingest's table). Bulk statements with JSON parameters, like ingest, so a page of records costs a
 * few round trips whatever its size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { executeBound } from '../db/execute-bound.js';
import { sqlArray } from '../db/sql-array.js';
import { compareIds } from './engine/index.js';
import type { MatchModel, PairExplanation } from './engine/index.js';
import type { CandidateStatus } from './match-candidate.entity.js';
import { toLoadedRecord, type LoadedRecord } from './record-rows.js';
import { sourcesSettled } from '../ingest/ingest.repository.js';
import { liveRecords, liveRecordsOf, recordInSystems, SourceRecordRepository, type RecordVersion } from '../ingest/source-record.repository.js';
import type { SourceSystem } from '../../connectors/contract.js';
import type { Timestamp } from '../db/timestamp.js';

export type { RecordVersion };

/** a steward's decision on a pair, a < b in id order */
export interface DecidedPair {
  a: string;
  b: string;
  status: 'STEWARD_LINK' | 'NOT_A_MATCH';
}

export interface StoredPair {
  a: string;
  b: string;
  weight: number;
  probability: number;
  explanation: PairExplanation;
  status: 'AUTO_LINK' | 'REVIEW';
  /** review queue order (engine/review-priority.ts); 0 when omitted */
  priority?: number;
}

/** a scored pair between two records of one customer, as the customer view shows it */
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

/** a pair as the review queue shows it */
export interface QueueRow {
  id: string;
  record_a: string;
  record_b: string;
  weight: number;
  probability: number;
  status: string;
  review_priority: number;
  explanation: Record<string, unknown>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  scored_at: Timestamp;
}

export interface QueueFilter {
  status: string;
  minProbability?: number | null;
  maxProbability?: number | null;
  /** either record held by one of these systems */
  systems?: readonly SourceSystem[] | null;
}

/** every decision of matching is serialised by this lock, so two workers never re-cluster one component at once */
const MATCH_LOCK = 0x6d61746368; // 'match'

export class MatchingRepository {
  /** source_record is ingest's: matching reads, locks and clears pending records through its repository */
  private readonly records: SourceRecordRepository;

  constructor(private readonly em: EntityManager) {
    this.records = new SourceRecordRepository(em);
  }

  lockMatching(): Promise<unknown> {
    return executeBound(this.em, `SELECT pg_advisory_xact_lock(?)`, [MATCH_LOCK]);
  }

  /**
   * Locks the source records this transaction will update, all at once in id order: the order
   * ingest locks them in too, so matching and ingest never deadlock on `source_record`.
   */
  lockRecords(ids: readonly string[]): Promise<void> {
    return this.records.lockForUpdate(ids);
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
    return (await this.records.recordsForMatching(ids)).map(toLoadedRecord);
  }

  /** every live record, in id order, page by page (keyset), for the batch */
  async *allRecords(pageSize = 20_000): AsyncGenerator<LoadedRecord[]> {
    for await (const rows of this.records.allRecordsForMatching(pageSize)) yield rows.map(toLoadedRecord);
  }

  /** ids among these that are deleted at their source but still linked to a golden customer */
  deletedLinked(ids?: readonly string[]): Promise<string[]> {
    return this.records.deletedButLinked(ids);
  }

  /** how many live records hold each of these blocking keys */
  blockSizes(keys: readonly string[]): Promise<Map<string, number>> {
    return this.records.blockSizes(keys);
  }

  /** live records holding any of these keys */
  async recordsWithKeys(keys: readonly string[]): Promise<LoadedRecord[]> {
    return (await this.records.recordsWithBlockingKeys(keys)).map(toLoadedRecord);
  }

  /** the golden id each linked record among these has */
  async goldenOf(recordIds: readonly string[]): Promise<Map<string, string>> {
    return new Map((await this.records.goldenLinksOf(recordIds)).map((l) => [l.id, l.golden_id]));
  }

  /** per record: live records of its golden customer (1 when unlinked) */
  goldenSizesOf(recordIds: readonly string[]): Promise<Map<string, number>> {
    return this.records.goldenSizesOf(recordIds);
  }

  /** golden customers of these records and every record linked to them */
  membersOfGoldens(recordIds: readonly string[]): Promise<string[]> {
    return this.records.recordsOfSameGoldens(recordIds);
  }

  /**
   * The records connected to the seeds by auto-link edges and steward links, transitively: the
   * components the seeds belong to. Re-clustering exactly these gives what a batch would give them.
   */
  async componentsOf(seeds: readonly string[]): Promise<string[]> {
    const rows = await executeBound<{ id: string }>(
      this.em,
      `WITH RECURSIVE comp(id) AS (
         SELECT unnest(?::bigint[])
         UNION
         SELECT CASE WHEN m.record_a = c.id THEN m.record_b ELSE m.record_a END
         FROM comp c JOIN match_candidate m ON (m.record_a = c.id OR m.record_b = c.id)
         WHERE m.status IN ('AUTO_LINK', 'STEWARD_LINK')
       )
       SELECT id::text AS id FROM comp ORDER BY id`,
      [sqlArray(seeds)],
    );
    return rows.map((r) => r.id);
  }

  /** stored pairs among these records: auto-link edges and steward decisions (links and not-a-match) */
  async pairsAmong(ids: readonly string[]): Promise<{ a: string; b: string; weight: number; status: string }[]> {
    return executeBound(
      this.em,
      `SELECT record_a::text AS a, record_b::text AS b, weight, status FROM match_candidate
       WHERE record_a = ANY(?::bigint[]) AND record_b = ANY(?::bigint[]) AND status IN ('AUTO_LINK', 'NOT_A_MATCH', 'STEWARD_LINK')`,
      [sqlArray(ids), sqlArray(ids)],
    );
  }

  async notAMatchPairs(): Promise<{ a: string; b: string }[]> {
    return executeBound(this.em, `SELECT record_a::text AS a, record_b::text AS b FROM match_candidate WHERE status = 'NOT_A_MATCH'`);
  }

  /** every steward decision: must-link (STEWARD_LINK) and cannot-link (NOT_A_MATCH) pairs, a < b */
  async stewardPairs(): Promise<DecidedPair[]> {
    return executeBound(
      this.em,
      `SELECT record_a::text AS a, record_b::text AS b, status FROM match_candidate WHERE status IN ('STEWARD_LINK', 'NOT_A_MATCH')`,
    );
  }

  /** one stored pair by its id, null when there is none */
  async candidate(id: string): Promise<{ id: string; a: string; b: string; status: CandidateStatus } | null> {
    if (!/^[0-9]{1,18}$/.test(id)) return null;
    const rows = await executeBound<{ id: string; a: string; b: string; status: CandidateStatus }>(
      this.em,
      `SELECT id::text AS id, record_a::text AS a, record_b::text AS b, status FROM match_candidate WHERE id = ?`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Stores steward decisions: each pair's status becomes the decision, with who, when and why,
   * replacing any earlier decision on the same pair (the newest decision wins). A pair never
   * scored is stored with weight 0 and an empty explanation until a run scores it.
   */
  async decidePairs(decisions: readonly { a: string; b: string; status: 'STEWARD_LINK' | 'NOT_A_MATCH' }[], actor: string, reason: string): Promise<void> {
    const rows = decisions.map((d) => {
      const [a, b] = orderedPair(d.a, d.b);
      return { a, b, status: d.status };
    });
    for (let i = 0; i < rows.length; i += 5_000) {
      await executeBound(
        this.em,
        `INSERT INTO match_candidate (record_a, record_b, weight, probability, explanation, status, decided_by, decided_at, reason)
         SELECT a, b, 0, 0, '{}'::jsonb, status, ?, clock_timestamp(), ?
         FROM jsonb_to_recordset(?::jsonb) AS x(a bigint, b bigint, status text)
         ON CONFLICT (record_a, record_b) DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by,
           decided_at = EXCLUDED.decided_at, reason = EXCLUDED.reason`,
        [actor, reason, JSON.stringify(rows.slice(i, i + 5_000))],
      );
    }
  }

  /** the live records linked to these golden customers (a steward's change re-clusters them all) */
  async liveRecordsOfGoldens(goldenIds: readonly string[]): Promise<{ id: string; golden_id: string }[]> {
    return (await this.records.linkedRecordsOf(goldenIds)).map((r) => ({ id: r.id, golden_id: r.golden_id }));
  }

  /** the golden customer each of these records is linked to (unlinked ones left out) */
  goldensOfRecords(recordIds: readonly string[]): Promise<{ id: string; golden_id: string }[]> {
    return this.records.goldenLinksOf(recordIds);
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
        `INSERT INTO match_candidate (record_a, record_b, weight, probability, explanation, status, model_id, review_priority)
         SELECT a, b, weight, probability, explanation, status, ?, coalesce(priority, 0)
         FROM jsonb_to_recordset(?::jsonb) AS x(a bigint, b bigint, weight float8, probability float8, explanation jsonb, status text, priority float8)
         ON CONFLICT (record_a, record_b) DO UPDATE SET weight = EXCLUDED.weight, probability = EXCLUDED.probability,
           explanation = EXCLUDED.explanation, model_id = EXCLUDED.model_id, scored_at = now(),
           review_priority = CASE WHEN match_candidate.status = 'REVIEW' THEN EXCLUDED.review_priority ELSE 0 END`,
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

  /** the versions of the pending records among `ids` (all when omitted), read before matching reads their data */
  pendingVersions(ids?: readonly string[]): Promise<RecordVersion[]> {
    return this.records.pendingVersions(ids);
  }

  /** these versions are matched: no longer pending (a record changed again meanwhile stays pending) */
  clearPending(versions: readonly RecordVersion[]): Promise<void> {
    return this.records.clearPending(versions);
  }

  pendingIds(limit: number): Promise<string[]> {
    return this.records.pendingIds(limit);
  }

  /** the first batch waits for a model-less hub whose every source has been read to its end once or has failed (first-batch.ts) */
  async firstBatchDue(systems: readonly string[]): Promise<boolean> {
    const settled = sourcesSettled(systems);
    const [row] = await this.em.execute<{ no_model: boolean; settled: number }[]>(
      `SELECT NOT EXISTS (SELECT 1 FROM match_model) AS no_model,
            (${settled.sql})::int AS settled`,
      settled.params,
    );
    return row.no_model && row.settled >= systems.length;
  }

  /** scored pairs between live records of one customer: the evidence that linked them, per customer, most probable first */
  linksWithin(goldenIds: readonly string[]): Promise<LinkRow[]> {
    const a = liveRecordsOf(goldenIds);
    const b = liveRecords();
    return this.em.execute<LinkRow[]>(
      `SELECT a.golden_id, c.record_a::text AS record_a, c.record_b::text AS record_b, c.weight, c.probability, c.status,
              c.explanation, c.decided_by, c.decided_at, c.scored_at
       FROM ${a.sql} a
       JOIN match_candidate c ON c.record_a = a.id
       JOIN ${b.sql} b ON b.id = c.record_b AND b.golden_id = a.golden_id
       ORDER BY a.golden_id, c.probability DESC, c.record_a, c.record_b`,
      [...a.params, ...b.params],
    );
  }

  /**
   * One page of the review queue: pairs of one status, most useful first (review_priority
   * descending, then the newest pair), after the keyset `after`. The index (status,
   * review_priority, id) read backwards serves it: a page costs the same at any depth.
   */
  reviewQueuePage(filter: QueueFilter, after: { priority: number; id: string } | null, limit: number): Promise<QueueRow[]> {
    const where = ['c.status = ?'];
    const params: unknown[] = [filter.status];
    if (after) {
      where.push('(c.review_priority, c.id) < (?::float8, ?::bigint)');
      params.push(after.priority, after.id);
    }
    if (filter.minProbability !== null && filter.minProbability !== undefined) {
      where.push('c.probability >= ?');
      params.push(filter.minProbability);
    }
    if (filter.maxProbability !== null && filter.maxProbability !== undefined) {
      where.push('c.probability <= ?');
      params.push(filter.maxProbability);
    }
    if (filter.systems && filter.systems.length > 0) {
      const a = recordInSystems('c.record_a', filter.systems);
      const b = recordInSystems('c.record_b', filter.systems);
      where.push(`(${a.sql} OR ${b.sql})`);
      params.push(...a.params, ...b.params);
    }
    return executeBound<QueueRow>(
      this.em,
      `SELECT c.id::text AS id, c.record_a::text AS record_a, c.record_b::text AS record_b, c.weight, c.probability, c.status,
              c.review_priority, c.explanation, c.decided_by, c.decided_at, c.scored_at
       FROM match_candidate c WHERE ${where.join(' AND ')}
       ORDER BY c.review_priority DESC, c.id DESC LIMIT ?`,
      [...params, limit],
    );
  }

  // match_run: one row per batch run (match-runs.ts says how a run whose job is gone is found)

  async startRun(jobId: string | null): Promise<number> {
    const [run] = await this.em.execute<{ id: number }[]>(`INSERT INTO match_run (job_id) VALUES (?) RETURNING id`, [jobId]);
    return run.id;
  }

  async runDone(runId: number, modelId: number, summary: unknown): Promise<void> {
    await this.em.execute(`UPDATE match_run SET status = 'DONE', model_id = ?, stats = ?::jsonb, finished_at = now() WHERE id = ?`, [
      modelId,
      JSON.stringify(summary),
      runId,
    ]);
  }

  async runFailed(runId: number, error: string): Promise<void> {
    await this.em.execute(`UPDATE match_run SET status = 'FAILED', error = ?, finished_at = now() WHERE id = ?`, [error, runId]);
  }

  /** earlier attempts of this job still RUNNING are failed with `reason`; their ids */
  async failRunningAttemptsOf(jobId: string, reason: string): Promise<number[]> {
    const rows = await this.em.execute<{ id: number }[]>(
      `UPDATE match_run SET status = 'FAILED', error = ?, finished_at = now() WHERE status = 'RUNNING' AND job_id = ? RETURNING id`,
      [reason, jobId],
    );
    return rows.map((r) => r.id);
  }

  runningRuns(): Promise<{ id: number; job_id: string | null }[]> {
    return this.em.execute<{ id: number; job_id: string | null }[]>(`SELECT id, job_id FROM match_run WHERE status = 'RUNNING' ORDER BY id`);
  }

  /** fails the run with `reason` if it is still RUNNING (a run that finished meanwhile keeps its outcome) */
  async failIfRunning(runId: number, reason: string): Promise<number[]> {
    const rows = await this.em.execute<{ id: number }[]>(
      `UPDATE match_run SET status = 'FAILED', error = ?, finished_at = now() WHERE id = ? AND status = 'RUNNING' RETURNING id`,
      [reason, runId],
    );
    return rows.map((r) => r.id);
  }
}

/** source_record ids are bigints: order numerically, so (a, b) is the same pair however it was found */
export function orderedPair(a: string, b: string): [string, string] {
  return compareIds(a, b) <= 0 ? [a, b] : [b, a];
}
