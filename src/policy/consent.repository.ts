/**
 * SQL of consent: the hub's append-only events plus the statements of source systems
 * (`consent_statement`). Statements are ordered by when they were given (`effective_at`), not
 * when the hub recorded them: per customer and purpose, the statement given last whose time has
 * come is in force (`consent_current`, Migration20261202040000); the history lists statements in
 * the same order (STATEMENT_ORDER, the view's ORDER BY after its key).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlArray } from '../db/sql-array.js';
import type { SqlPart } from '../db/sql-part.js';
import { asDate, type Timestamp } from '../db/timestamp.js';
import type { ConsentState } from './decision.js';

export interface ConsentRow {
  id: string;
  golden_id: string;
  purpose: string;
  categories: string[];
  status: ConsentState['status'];
  given_at: Timestamp;
  expires_at: Timestamp | null;
  channel: string;
  evidence: string | null;
  source: string;
  recorded_by: string;
  recorded_at: Timestamp;
  /** when the statement counts from (see the migration) */
  effective_at: Timestamp;
}

export type NewConsent = Pick<ConsentRow, 'golden_id' | 'purpose' | 'categories' | 'status' | 'channel' | 'evidence' | 'recorded_by' | 'source'> & {
  /** null: now (the recording transaction's time) */
  given_at: Date | null;
  expires_at: Date | null;
};

const COLUMNS = `id::text AS id, golden_id, purpose, categories, status, given_at, expires_at, channel, evidence, source, recorded_by, recorded_at`;

/**
 * Newest first: given later; on a tie a refusal or withdrawal before a grant, then recorded
 * later, then the hub's, then the higher id. consent_current picks the first of these per
 * customer and purpose among statements whose effective_at has come.
 */
export const STATEMENT_ORDER = `effective_at DESC, (status <> 'GRANTED') DESC, recorded_at DESC, hub_seq DESC NULLS LAST, id DESC`;

/** the post-dating check of the consent table (given_at <= recorded_at) */
export const GIVEN_NOT_AFTER_RECORDED = 'consent_given_not_after_recorded';

export class ConsentRepository {
  constructor(private readonly em: EntityManager) {}

  /** current consent of each customer to one purpose */
  current(goldenIds: readonly string[], purpose: string): Promise<ConsentRow[]> {
    return this.em.execute<ConsentRow[]>(
      `SELECT ${COLUMNS}, effective_at FROM consent_current WHERE golden_id = ANY(?::uuid[]) AND purpose = ?`,
      [sqlArray(goldenIds), purpose],
    );
  }

  /** every consent event of these customers and their sources' current statements, newest first (STATEMENT_ORDER) */
  history(goldenIds: readonly string[]): Promise<ConsentRow[]> {
    return this.em.execute<ConsentRow[]>(
      `SELECT ${COLUMNS}, effective_at FROM consent_statement WHERE golden_id = ANY(?::uuid[]) ORDER BY ${STATEMENT_ORDER}`,
      [sqlArray(goldenIds)],
    );
  }

  async record(c: NewConsent): Promise<ConsentRow> {
    const [row] = await this.em.execute<ConsentRow[]>(
      `INSERT INTO consent (golden_id, purpose, categories, status, given_at, expires_at, channel, evidence, source, recorded_by)
       VALUES (?, ?, ?::text[], ?, coalesce(?::timestamptz, now()), ?, ?, ?, ?, ?) RETURNING ${COLUMNS}, given_at AS effective_at`,
      [c.golden_id, c.purpose, sqlArray(c.categories), c.status, c.given_at, c.expires_at, c.channel, c.evidence, c.source, c.recorded_by],
    );
    return row;
  }
}

/**
 * How the access log names a statement a read relied on: `hub:<id>` for the hub's own (never
 * changed), `source:<system>:<record id>:<purpose>@<given>` for a source's (its row is rewritten
 * when the source's statement changes; the time given tells the versions apart). The hub's record
 * id, not the source's key: the key is IDENTITY data and the log can never forget it.
 */
export function consentRef(row: Pick<ConsentRow, 'id' | 'source' | 'given_at'>): string {
  return row.source === 'HUB' ? `hub:${row.id}` : `source:${row.id}@${asDate(row.given_at).toISOString()}`;
}

export function consentState(row: ConsentRow): ConsentState {
  return { status: row.status, categories: row.categories, expiresAt: row.expires_at === null ? null : asDate(row.expires_at), ref: consentRef(row) };
}

/**
 * A part of another capability's statement (src/db/sql-part.ts): the golden customer
 * (`goldenId`, the outer statement's column) has a current, unexpired consent to this purpose
 * for this category.
 */
export function hasCurrentConsent(goldenId: string, purpose: string, category: string): SqlPart {
  return {
    sql: `EXISTS (SELECT 1 FROM consent_current c WHERE c.golden_id = ${goldenId} AND c.purpose = ? AND c.status = 'GRANTED'
      AND ? = ANY(c.categories) AND (c.expires_at IS NULL OR c.expires_at > now()))`,
    params: [purpose, category],
  };
}
