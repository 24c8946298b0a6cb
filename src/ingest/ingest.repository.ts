/**
 * SQL of ingest's sync: the page write of `source_record`, `source_consent` and `quarantined_row`
 * with the `connector_state` watermark, and the sync status read back (`sourceSystems`). What
 * other capabilities read and link of `source_record` is source-record.repository.ts.
 *
 * Bulk writes of one ingest page. Rows travel as one JSON parameter and are unpacked with
 * jsonb_to_recordset: one round trip and one statement per table per page, however many rows,
 * which is what lets ingest keep up with PostgreSQL's own COPY (see bench/ingest).
 *
 * If the database still refuses a page's rows (a value prepare-page did not foresee), the page is
 * split in halves under savepoints until the refused rows are found; those are quarantined as
 * `UNSTORABLE_VALUE` with the PostgreSQL code and a message without values, the rest is written.
 * Existing rows are locked in id order before they are updated, the order every writer of
 * `source_record` keeps (matching too), so two writers never deadlock on them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { QuarantineReason, SourceSystem, Watermark } from '../../connectors/contract.js';
import { ConnectorState } from './connector-state.entity.js';
import { executeBound } from '../db/execute-bound.js';
import { sqlArray } from '../db/sql-array.js';
import type { SqlPart } from '../db/sql-part.js';
import { quarantineRow, type QuarantineRow, type PageRecord } from './prepare-page.js';
import { describeError, isRefusedData } from '../observability/safe-error.js';

export interface PageWriteResult {
  changed: number; // inserted or content changed
  /** source_record ids of the inserted or changed rows: what matching must look at */
  changedIds: string[];
  quarantined: number;
}

const RECORD_COLUMNS = `
  source_key text, content_hash text, raw jsonb, source_updated_at timestamptz, deleted boolean,
  given_name text, family_name text, full_name text, name_script text, given_name_pinyin text,
  family_name_pinyin text, date_of_birth date, national_id text, national_id_type text, gender text,
  phones text[], emails text[], address_tokens text[], postcode text, city text,
  standardization_flags jsonb, blocking_keys text[]`;

const UPDATABLE = [
  'content_hash', 'raw', 'source_updated_at', 'deleted', 'given_name', 'family_name', 'full_name',
  'name_script', 'given_name_pinyin', 'family_name_pinyin', 'date_of_birth', 'national_id',
  'national_id_type', 'gender', 'phones', 'emails', 'address_tokens', 'postcode', 'city',
  'standardization_flags', 'blocking_keys',
];

// Unchanged rows (same content hash) are not rewritten: only their last_seen_at moves. A new or
// changed row is marked match-pending in the same statement, so no change can escape matching
// even if the worker dies before the match job is queued.
// Both statements see the snapshot before the upsert, so they touch disjoint rows.
const UPSERT_RECORDS = `
WITH input AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(${RECORD_COLUMNS})),
upserted AS (
  INSERT INTO source_record (system, source_key, ${UPDATABLE.join(', ')}, match_pending_since)
  SELECT ?, source_key, ${UPDATABLE.join(', ')}, now() FROM input
  ON CONFLICT (system, source_key) DO UPDATE SET
    ${UPDATABLE.map((c) => `${c} = EXCLUDED.${c}`).join(', ')},
    last_seen_at = now(), last_changed_at = now(),
    match_pending_since = coalesce(source_record.match_pending_since, now())
  WHERE source_record.content_hash <> EXCLUDED.content_hash
  RETURNING id
),
seen AS (
  UPDATE source_record s SET last_seen_at = now() FROM input i
  WHERE s.system = ? AND s.source_key = i.source_key AND s.content_hash = i.content_hash
  RETURNING s.source_key
),
resolved AS (
  UPDATE quarantined_row q SET resolved_at = now() FROM input i
  WHERE q.system = ? AND q.source_key = i.source_key AND q.resolved_at IS NULL
  RETURNING q.id
)
SELECT coalesce((SELECT array_agg(id::text ORDER BY id) FROM upserted), '{}') AS changed_ids`;

// The rows the page will update, locked in id order (see the file comment).
const LOCK_RECORDS = `
SELECT 1 FROM source_record WHERE system = ? AND source_key = ANY(?::text[]) ORDER BY id FOR UPDATE`;

const QUARANTINE_INPUT = `jsonb_to_recordset(?::jsonb) AS x(source_key text, reason text, detail text, raw text, raw_hash text)`;

// One open entry per row (system + source key): a new verdict on a key supersedes the open one of
// an older version (a partial unique index holds it). Run before the upsert, which may reopen an
// entry of the same raw text.
const SUPERSEDE_QUARANTINE = `
UPDATE quarantined_row q SET resolved_at = now() FROM ${QUARANTINE_INPUT}
WHERE q.system = ? AND q.source_key = x.source_key AND q.raw_hash <> x.raw_hash AND q.resolved_at IS NULL`;

const UPSERT_QUARANTINE = `
INSERT INTO quarantined_row (system, source_key, reason, detail, raw, raw_hash)
SELECT ?, source_key, reason, detail, raw, raw_hash FROM ${QUARANTINE_INPUT}
ON CONFLICT (system, raw_hash) DO UPDATE SET reason = EXCLUDED.reason, detail = EXCLUDED.detail,
  last_seen_at = now(), times_seen = quarantined_row.times_seen + 1, resolved_at = NULL`;

// Each record of the page states its consents afresh: a changed statement is rewritten (and
// seen anew), an unchanged one keeps its seen_at, one the source no longer holds is removed.
// The DELETE and the upsert see the same snapshot and touch disjoint rows.
const WRITE_CONSENTS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(source_key text, purpose text, categories text[], status text,
    given_at timestamptz, latest_given_at timestamptz, expires_at timestamptz, channel text, evidence text)
),
gone AS (
  DELETE FROM source_consent s WHERE s.system = ? AND s.source_key = ANY(?::text[])
    AND NOT EXISTS (SELECT 1 FROM input i WHERE i.source_key = s.source_key AND i.purpose = s.purpose)
)
INSERT INTO source_consent (system, source_key, purpose, categories, status, given_at, latest_given_at, expires_at, channel, evidence)
SELECT ?, source_key, purpose, categories, status, given_at, latest_given_at, expires_at, channel, evidence FROM input
ON CONFLICT (system, source_key, purpose) DO UPDATE SET
  categories = EXCLUDED.categories, status = EXCLUDED.status, given_at = EXCLUDED.given_at, latest_given_at = EXCLUDED.latest_given_at,
  expires_at = EXCLUDED.expires_at, channel = EXCLUDED.channel, evidence = EXCLUDED.evidence, seen_at = now()
WHERE (source_consent.categories, source_consent.status, source_consent.given_at, source_consent.latest_given_at,
       source_consent.expires_at, source_consent.channel, source_consent.evidence)
  IS DISTINCT FROM (EXCLUDED.categories, EXCLUDED.status, EXCLUDED.given_at, EXCLUDED.latest_given_at,
       EXCLUDED.expires_at, EXCLUDED.channel, EXCLUDED.evidence)`;

function recordJson(r: PageRecord): Record<string, unknown> {
  const s = r.standardized;
  return {
    source_key: r.sourceKey,
    content_hash: r.contentHash,
    raw: r.raw,
    source_updated_at: r.sourceUpdatedAt.toISOString(),
    deleted: r.deleted,
    given_name: s.givenName,
    family_name: s.familyName,
    full_name: s.fullName,
    name_script: s.nameScript,
    given_name_pinyin: s.givenNamePinyin,
    family_name_pinyin: s.familyNamePinyin,
    date_of_birth: s.dateOfBirth,
    national_id: s.nationalId,
    national_id_type: s.nationalIdType,
    gender: s.gender,
    phones: s.phones,
    emails: s.emails,
    address_tokens: s.addressTokens,
    postcode: s.postcode,
    city: s.city,
    standardization_flags: s.flags,
    blocking_keys: r.blockingKeys,
  };
}

export class IngestRepository {
  constructor(private readonly em: EntityManager) {}

  /** every connector's sync state (the `sourceSystems` status) */
  connectorStates(): Promise<ConnectorState[]> {
    return this.em.find(ConnectorState, {});
  }

  /** open quarantine entries per system and reason, most first */
  openQuarantineCounts(): Promise<{ system: SourceSystem; reason: QuarantineReason; open: number }[]> {
    return this.em.execute<{ system: SourceSystem; reason: QuarantineReason; open: number }[]>(
      `SELECT system, reason, count(*)::int AS open FROM quarantined_row WHERE resolved_at IS NULL
         GROUP BY system, reason ORDER BY system, open DESC, reason`,
    );
  }

  /** Locks the connector's state row for this transaction and returns its watermark. */
  async lockWatermark(system: SourceSystem): Promise<Watermark | null> {
    await executeBound(this.em, `INSERT INTO connector_state (system) VALUES (?) ON CONFLICT (system) DO NOTHING`, [system]);
    const rows = await executeBound<{ watermark: Watermark | null }>(
      this.em,
      `SELECT watermark FROM connector_state WHERE system = ? FOR UPDATE`,
      [system],
    );
    return rows[0]?.watermark ?? null;
  }

  async writePage(system: SourceSystem, records: PageRecord[], quarantined: QuarantineRow[]): Promise<PageWriteResult> {
    const refused: QuarantineRow[] = [];
    const changedIds = records.length > 0 ? await this.writeRecordsIsolating(system, records, refused) : [];
    const all = [...quarantined, ...refused];
    if (all.length > 0) {
      const json = JSON.stringify(
        all.map((q) => ({ source_key: q.sourceKey, reason: q.reason, detail: q.detail, raw: q.raw, raw_hash: q.rawHash })),
      );
      await executeBound(this.em, SUPERSEDE_QUARANTINE, [json, system]);
      await executeBound(this.em, UPSERT_QUARANTINE, [system, json]);
    }
    return { changed: changedIds.length, changedIds: changedIds.sort((a, b) => Number(a) - Number(b)), quarantined: all.length };
  }

  /**
   * Writes the records under a savepoint; when the database refuses them, writes each half the
   * same way, down to the single rows it refuses, which go to `refused`.
   */
  private async writeRecordsIsolating(system: SourceSystem, records: PageRecord[], refused: QuarantineRow[]): Promise<string[]> {
    await this.em.execute('SAVEPOINT ingest_rows', [], 'run');
    try {
      const ids = await this.writeRecords(system, records);
      await this.em.execute('RELEASE SAVEPOINT ingest_rows', [], 'run');
      return ids;
    } catch (err) {
      if (!isRefusedData(err)) throw err;
      await this.em.execute('ROLLBACK TO SAVEPOINT ingest_rows', [], 'run');
      await this.em.execute('RELEASE SAVEPOINT ingest_rows', [], 'run');
      if (records.length === 1) {
        const [r] = records;
        refused.push(quarantineRow({
          sourceKey: r.sourceKey,
          reason: 'UNSTORABLE_VALUE',
          detail: `the database refused the row: ${describeError(err)}`,
          raw: JSON.stringify(r.raw) ?? '',
        }));
        return [];
      }
      const half = Math.ceil(records.length / 2);
      const left = await this.writeRecordsIsolating(system, records.slice(0, half), refused);
      return [...left, ...(await this.writeRecordsIsolating(system, records.slice(half), refused))];
    }
  }

  private async writeRecords(system: SourceSystem, records: PageRecord[]): Promise<string[]> {
    const keys = sqlArray(records.map((r) => r.sourceKey));
    await this.em.execute(LOCK_RECORDS, [system, keys]);
    // bind parameters: a page of rows inlined into the statement's text would block the event loop
    const rows = await executeBound<{ changed_ids: string[] }>(this.em, UPSERT_RECORDS, [JSON.stringify(records.map(recordJson)), system, system, system]);
    const consents = records.flatMap((r) => r.consents.map((c) => ({ source_key: r.sourceKey, ...c })));
    await executeBound(this.em, WRITE_CONSENTS, [JSON.stringify(consents), system, keys, system]);
    return rows[0]?.changed_ids ?? [];
  }

  /** Advances the watermark and adds the page's figures, in the page's transaction. */
  async advance(system: SourceSystem, watermark: Watermark, seen: number, result: PageWriteResult): Promise<void> {
    await executeBound(
      this.em,
      `UPDATE connector_state SET watermark = ?::jsonb,
         last_run_rows_seen = last_run_rows_seen + ?, total_rows_seen = total_rows_seen + ?,
         last_run_rows_changed = last_run_rows_changed + ?, total_rows_changed = total_rows_changed + ?,
         last_run_rows_quarantined = last_run_rows_quarantined + ?, total_rows_quarantined = total_rows_quarantined + ?
       WHERE system = ?`,
      [JSON.stringify(watermark), seen, seen, result.changed, result.changed, result.quarantined, result.quarantined, system],
    );
  }

  async startRun(system: SourceSystem): Promise<void> {
    await executeBound(
      this.em,
      `INSERT INTO connector_state (system, status, last_run_started_at, last_run_rows_seen, last_run_rows_changed, last_run_rows_quarantined)
       VALUES (?, 'RUNNING', now(), 0, 0, 0)
       ON CONFLICT (system) DO UPDATE SET status = 'RUNNING', last_run_started_at = now(),
         last_run_rows_seen = 0, last_run_rows_changed = 0, last_run_rows_quarantined = 0`,
      [system],
    );
  }

  async finishRun(system: SourceSystem): Promise<void> {
    await executeBound(
      this.em,
      `UPDATE connector_state SET status = 'IDLE', last_run_finished_at = now(), caught_up_at = now(),
         last_error = NULL, last_error_at = NULL WHERE system = ?`,
      [system],
    );
  }

  async failRun(system: SourceSystem, message: string): Promise<void> {
    await executeBound(
      this.em,
      `UPDATE connector_state SET status = 'FAILED', last_run_finished_at = now(), last_error = ?, last_error_at = now()
       WHERE system = ?`,
      [message.slice(0, 2000), system],
    );
  }
}

/**
 * How many of these systems have been read to their end once or have failed their sync, as a
 * part of another statement (src/db/sql-part.ts): matching's first batch waits for all of them.
 */
export function sourcesSettled(systems: readonly string[]): SqlPart {
  return {
    sql: `SELECT count(*) FROM connector_state
              WHERE system = ANY(?::text[]) AND (caught_up_at IS NOT NULL OR status = 'FAILED')`,
    params: [sqlArray(systems)],
  };
}
