/**
 * The SQL of the access log and its seals. Entries are read with `at` formatted in SQL (UTC,
 * microseconds) because a JS Date would drop the microseconds the chain hashed.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sqlArray } from '../db/sql-array.js';
import { CLOCK_TOLERANCE_MS, GENESIS_HASH, type AccessOutcome, type AuditEntry, type ChainBreak, type Seal, type SealedRow } from './chain.js';

/** An entry before the database gives it an id and a time. */
export type NewAccessEntry = Omit<AuditEntry, 'id' | 'at'>;

/** The entries of a transaction (or its commit) could not be stored: nothing of it was. */
export class AccessLogUnavailable extends Error {
  constructor(cause: unknown) {
    super('access could not be logged', { cause });
    this.name = 'AccessLogUnavailable';
  }
}

export interface AccessLogFilter {
  customerId?: string | null;
  /** any of these subjects (a person and the ids merged into them) */
  subjectIds?: readonly string[] | null;
  actor?: string | null;
  purpose?: string | null;
  /** a schema coordinate returned, masked or withheld */
  field?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/**
 * SEALED: in the hash chain. PENDING: newer than the last seal, sealed at the sealer's next run.
 * OUTSIDE_CHAIN: not sealed and never will be in order — below the last seal, an id the sequence
 * never gave, or dated ahead of the clock: not there when the sealer passed, so not evidence.
 */
export const SEAL_STATUSES = ['SEALED', 'PENDING', 'OUTSIDE_CHAIN'] as const;
export type SealStatus = (typeof SEAL_STATUSES)[number];

export interface StoredEntry extends AuditEntry {
  seal: (Seal & { sealedAt: Date }) | null;
  sealStatus: SealStatus;
}

const ENTRY_COLUMNS = `e.id::text AS id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  e.actor, e.role, e.purpose, e.operation, e.request_id, e.client_address, e.subject_id,
  e.fields_returned, e.fields_masked, e.fields_withheld, e.outcome, e.searched, e.consent_refs`;
const SEAL_COLUMNS = `s.entry_id::text AS seal_entry_id, s.seq::int AS seal_seq, s.prev_hash AS seal_prev_hash, s.hash AS seal_hash, s.sealed_at AS seal_sealed_at,
  s.signature AS seal_signature, s.key_id AS seal_key_id`;
const TOLERANCE = `(${CLOCK_TOLERANCE_MS} * interval '1 millisecond')`;
/** needs `e` and `s` (the entry's seal, left-joined) */
const SEAL_STATUS = `CASE WHEN s.entry_id IS NOT NULL THEN 'SEALED'
  WHEN e.id <= 0 OR e.at > clock_timestamp() + ${TOLERANCE} OR e.id < (SELECT max(entry_id) FROM access_log_seal) THEN 'OUTSIDE_CHAIN'
  ELSE 'PENDING' END AS seal_status`;

// one key for every sealer, in every process: two never interleave their seals
const SEAL_LOCK = `pg_advisory_xact_lock(hashtext('customer-hub:access-log-seal'))`;

type Row = Record<string, any>;

function toEntry(r: Row): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    role: r.role,
    purpose: r.purpose,
    operation: r.operation,
    requestId: r.request_id,
    clientAddress: r.client_address,
    subjectId: r.subject_id,
    fieldsReturned: r.fields_returned,
    fieldsMasked: r.fields_masked,
    fieldsWithheld: r.fields_withheld,
    outcome: r.outcome as AccessOutcome,
    searched: r.searched ?? [],
    consentRefs: r.consent_refs ?? [],
  };
}

function toSeal(r: Row): (Seal & { sealedAt: Date }) | null {
  if (r.seal_entry_id == null) return null;
  return {
    entryId: r.seal_entry_id,
    seq: r.seal_seq,
    prevHash: r.seal_prev_hash,
    hash: r.seal_hash,
    signature: r.seal_signature,
    keyId: r.seal_key_id,
    sealedAt: new Date(r.seal_sealed_at),
  };
}

const toStored = (r: Row): StoredEntry => ({ ...toEntry(r), seal: toSeal(r), sealStatus: r.seal_status });
const toPlainSeal = (r: Row): Seal => ({ entryId: r.entry_id, seq: r.seq, prevHash: r.prev_hash, hash: r.hash, signature: r.signature, keyId: r.key_id });
const PLAIN_SEAL = `entry_id::text AS entry_id, seq::int AS seq, prev_hash, hash, signature, key_id`;

export class AccessLogRepository {
  constructor(private readonly orm: MikroORM) {}

  private sql<T = Row>(text: string, params: unknown[] = [], em: EntityManager = this.orm.em.fork()): Promise<T[]> {
    return em.execute<T[]>(text, params);
  }

  /**
   * Runs `work` in a transaction and stores `entries` in it after the work, just before the
   * commit (an id taken long before its commit would make the sealer wait or skip it): the work
   * and its entries are stored together or not at all. The work's own errors pass as they are;
   * a failure to store the entries or to commit is AccessLogUnavailable.
   */
  async transaction<T>(work: (em: EntityManager) => Promise<T>, entries: () => readonly NewAccessEntry[]): Promise<T> {
    let logging = false;
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const result = await work(em);
        logging = true;
        await this.insert(entries(), em);
        return result;
      });
    } catch (err) {
      if (logging) throw new AccessLogUnavailable(err);
      throw err;
    }
  }

  /** All entries of one request in one statement (ids in the given order): either all are stored or none. */
  async insert(entries: readonly NewAccessEntry[], em?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e, n) => ({
      n,
      actor: e.actor,
      role: e.role,
      purpose: e.purpose,
      operation: e.operation,
      request_id: e.requestId,
      client_address: e.clientAddress,
      subject_id: e.subjectId,
      fields_returned: e.fieldsReturned,
      fields_masked: e.fieldsMasked,
      fields_withheld: e.fieldsWithheld,
      outcome: e.outcome,
      searched: e.searched ?? [],
      consent_refs: e.consentRefs ?? [],
    }));
    await this.sql(
      `INSERT INTO access_log (actor, role, purpose, operation, request_id, client_address, subject_id, fields_returned, fields_masked, fields_withheld, outcome, searched, consent_refs)
       SELECT actor, role, purpose, operation, request_id, client_address, subject_id, fields_returned, fields_masked, fields_withheld, outcome, searched, consent_refs
       FROM jsonb_to_recordset(?::jsonb) AS x(actor text, role text, purpose text, operation text, request_id text, client_address text,
         subject_id text, fields_returned text[], fields_masked text[], fields_withheld jsonb, outcome text, searched text[], consent_refs text[], n int)
       ORDER BY n`,
      [JSON.stringify(rows)],
      em,
    );
  }

  /** Newest first, `limit` entries with ids below `beforeId`. */
  async page(filter: AccessLogFilter, beforeId: string | null, limit: number): Promise<StoredEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => (where.push(clause), params.push(...values));
    if (beforeId) add('e.id < ?::bigint', beforeId);
    if (filter.customerId) add('e.subject_id = ?', filter.customerId);
    if (filter.subjectIds) add('e.subject_id = ANY(?::text[])', sqlArray(filter.subjectIds));
    if (filter.actor) add('e.actor = ?', filter.actor);
    if (filter.purpose) add('e.purpose = ?', filter.purpose);
    if (filter.field) {
      add(`(? = ANY(e.fields_returned) OR ? = ANY(e.fields_masked) OR e.fields_withheld @> jsonb_build_array(jsonb_build_object('field', ?::text)))`, filter.field, filter.field, filter.field);
    }
    if (filter.from) add('e.at >= ?', filter.from);
    if (filter.to) add('e.at <= ?', filter.to);
    const rows = await this.sql(
      `SELECT ${ENTRY_COLUMNS}, ${SEAL_COLUMNS}, ${SEAL_STATUS} FROM access_log e LEFT JOIN access_log_seal s ON s.entry_id = e.id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT ?`,
      [...params, limit],
    );
    return rows.map(toStored);
  }

  /** Oldest first, entries of [from, to] after `afterId`, for the export. */
  async exportPage(from: Date, to: Date, afterId: string | null, limit: number): Promise<StoredEntry[]> {
    const rows = await this.sql(
      `SELECT ${ENTRY_COLUMNS}, ${SEAL_COLUMNS}, ${SEAL_STATUS} FROM access_log e LEFT JOIN access_log_seal s ON s.entry_id = e.id
       WHERE e.at >= ? AND e.at <= ? AND e.id > ?::bigint ORDER BY e.id LIMIT ?`,
      [from, to, afterId ?? '0', limit],
    );
    return rows.map(toStored);
  }

  /**
   * Seals up to `limit` unsealed entries after the last sealed one, in id order, under the seal
   * lock. Entries younger than `graceMs` wait: ids are taken before commit, so a younger entry
   * may still have a lower-id neighbour in flight, which sealing past would later look inserted.
   */
  async sealNext(graceMs: number, limit: number, seal: (last: Seal | null, entries: AuditEntry[]) => Seal[]): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      await this.sql(`SELECT ${SEAL_LOCK}`, [], em);
      const [lastRow] = await this.sql(`SELECT ${PLAIN_SEAL} FROM access_log_seal ORDER BY seq DESC LIMIT 1`, [], em);
      const last: Seal | null = lastRow ? toPlainSeal(lastRow) : null;
      const rows = await this.sql(
        `SELECT ${ENTRY_COLUMNS}, e.at < clock_timestamp() - ? * interval '1 millisecond' AS ripe
         FROM access_log e WHERE e.id > ?::bigint ORDER BY e.id LIMIT ?`,
        [graceMs, last?.entryId ?? '0', limit],
        em,
      );
      const ripe = rows.findIndex((r) => !r.ripe);
      const entries = (ripe === -1 ? rows : rows.slice(0, ripe)).map(toEntry);
      if (entries.length === 0) return 0;
      const seals = seal(last, entries).map((s) => ({ entry_id: s.entryId, seq: s.seq, prev_hash: s.prevHash, hash: s.hash, signature: s.signature ?? null, key_id: s.keyId ?? null }));
      await this.sql(
        `INSERT INTO access_log_seal (entry_id, seq, prev_hash, hash, signature, key_id)
         SELECT entry_id, seq, prev_hash, hash, signature, key_id
         FROM jsonb_to_recordset(?::jsonb) AS x(entry_id bigint, seq bigint, prev_hash text, hash text, signature text, key_id text)`,
        [JSON.stringify(seals)],
        em,
      );
      return entries.length;
    });
  }

  /**
   * The seals to check for entries of [from, to]: from the first seal made at or after `from`
   * (earlier seals cover only earlier entries) to the last one made by `to` or covering an entry
   * of it, with the seal before as the anchor. The times are widened by the clock tolerance: a
   * forged time that moves an entry or seal out of the range is itself a break
   * (structuralBreaks), so the range cannot be dodged by choosing dates.
   */
  async sealRange(from: Date, to: Date): Promise<{ firstSeq: number; lastSeq: number } | null> {
    const [r] = await this.sql<{ first_seq: number | null; last_seq: number | null }>(
      `SELECT (SELECT coalesce(max(seq), 0)::int + 1 FROM access_log_seal WHERE sealed_at < ?::timestamptz - ${TOLERANCE}) AS first_seq,
              (SELECT max(s.seq)::int FROM access_log_seal s LEFT JOIN access_log e ON e.id = s.entry_id
                 WHERE s.sealed_at <= ?::timestamptz + ${TOLERANCE} OR e.at <= ?::timestamptz + ${TOLERANCE}) AS last_seq`,
      [from, to, to],
    );
    if (r.last_seq === null || r.first_seq === null || r.last_seq < r.first_seq) return null;
    return { firstSeq: r.first_seq, lastSeq: r.last_seq };
  }

  async sealBySeq(seq: number): Promise<Seal | null> {
    const [r] = await this.sql(`SELECT ${PLAIN_SEAL} FROM access_log_seal WHERE seq = ?`, [seq]);
    return r ? toPlainSeal(r) : null;
  }

  /** The first signed seal at or after `seq` (null: none). */
  async nextSignedSeq(seq: number): Promise<number | null> {
    const [r] = await this.sql(`SELECT min(seq)::int AS seq FROM access_log_seal WHERE seq >= ? AND signature IS NOT NULL`, [seq]);
    return r.seq;
  }

  /** The chain's last seal and how many seals carry no signature (made before seals were signed). */
  async head(): Promise<{ head: (Seal & { sealedAt: Date }) | null; unsigned: number }> {
    const [r] = await this.sql(
      `SELECT (SELECT count(*)::int FROM access_log_seal WHERE signature IS NULL) AS unsigned, h.*
       FROM (SELECT 1) one LEFT JOIN (SELECT ${PLAIN_SEAL}, sealed_at FROM access_log_seal ORDER BY seq DESC LIMIT 1) h ON true`,
    );
    return { head: r.entry_id == null ? null : { ...toPlainSeal(r), sealedAt: new Date(r.sealed_at) }, unsigned: r.unsigned };
  }

  /**
   * Breaks anywhere in the tables, whatever range is being verified, without hashing: entries
   * with an id the sequence never gave (OUT_OF_SEQUENCE), dated ahead of the clock
   * (FUTURE_DATED) or before an earlier id (OUT_OF_ORDER), unsealed below the last seal
   * (INSERTED), seals whose entry is gone (REMOVED), seals out of sequence, not following the
   * previous hash or dated out of order (SEAL_BROKEN), and unsigned seals after signed ones or
   * at the head (UNSIGNED). The first of each kind, by entry id.
   */
  async structuralBreaks(): Promise<ChainBreak[]> {
    const first = async (problem: ChainBreak['problem'], query: string, params: unknown[] = []): Promise<ChainBreak | null> => {
      const [r] = await this.sql(query, params);
      return r?.id == null ? null : { entryId: String(r.id), problem };
    };
    const breaks = [
      await first('OUT_OF_SEQUENCE', `SELECT id::text AS id FROM access_log
        WHERE id <= 0 OR id > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM access_log_id_seq) ORDER BY id LIMIT 1`),
      await first('FUTURE_DATED', `SELECT id::text AS id FROM access_log WHERE at > clock_timestamp() + ${TOLERANCE} ORDER BY id LIMIT 1`),
      // the entry before a step back is the odd one when the entry after fits the one before it
      await first('OUT_OF_ORDER', `SELECT (CASE WHEN at2 IS NOT NULL AND at >= at2 - ${TOLERANCE} THEN id1 ELSE id END)::text AS id FROM (
          SELECT id, at, lag(id) OVER w AS id1, lag(at) OVER w AS at1, lag(at, 2) OVER w AS at2
          FROM access_log WHERE id > 0 AND at <= clock_timestamp() + ${TOLERANCE} WINDOW w AS (ORDER BY id)) x
        WHERE at < at1 - ${TOLERANCE} ORDER BY x.id LIMIT 1`),
      await first('INSERTED', `SELECT e.id::text AS id FROM access_log e
        WHERE e.id < (SELECT max(entry_id) FROM access_log_seal) AND NOT EXISTS (SELECT 1 FROM access_log_seal s WHERE s.entry_id = e.id)
        ORDER BY e.id LIMIT 1`),
      await first('REMOVED', `SELECT s.entry_id::text AS id FROM access_log_seal s
        WHERE NOT EXISTS (SELECT 1 FROM access_log e WHERE e.id = s.entry_id) ORDER BY s.entry_id LIMIT 1`),
      await first('SEAL_BROKEN', `SELECT entry_id::text AS id FROM (
          SELECT entry_id, seq, prev_hash, sealed_at, lag(seq) OVER w AS seq1, lag(entry_id) OVER w AS entry1, lag(hash) OVER w AS hash1, lag(sealed_at) OVER w AS at1
          FROM access_log_seal WINDOW w AS (ORDER BY seq)) x
        WHERE seq <> coalesce(seq1, 0) + 1 OR entry_id <= coalesce(entry1, 0) OR prev_hash <> coalesce(hash1, ?)
           OR sealed_at < at1 - ${TOLERANCE} OR sealed_at > clock_timestamp() + ${TOLERANCE}
        ORDER BY seq LIMIT 1`, [GENESIS_HASH]),
      await first('UNSIGNED', `SELECT entry_id::text AS id FROM access_log_seal
        WHERE signature IS NULL AND (seq > (SELECT min(seq) FROM access_log_seal WHERE signature IS NOT NULL) OR seq = (SELECT max(seq) FROM access_log_seal))
        ORDER BY seq LIMIT 1`),
    ];
    return breaks.filter((b): b is ChainBreak => b !== null);
  }

  /** Seals firstSeq..lastSeq in seq order, each with its entry (null when the entry is gone). */
  async sealedRows(firstSeq: number, lastSeq: number): Promise<SealedRow[]> {
    const rows = await this.sql(
      `SELECT ${SEAL_COLUMNS}, ${ENTRY_COLUMNS} FROM access_log_seal s LEFT JOIN access_log e ON e.id = s.entry_id
       WHERE s.seq BETWEEN ? AND ? ORDER BY s.seq`,
      [firstSeq, lastSeq],
    );
    return rows.map((r) => ({ seal: toSeal(r)!, entry: r.id == null ? null : toEntry(r) }));
  }

}
