/**
 * SQL of consent: the hub's append-only events plus the statements of source systems
 * (`consent_statement`); the current state per customer and purpose is the most recent statement,
 * whoever made it (`consent_current`, see Migration20261123190000).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlArray } from '../db/sql-array.js';
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
}

export type NewConsent = Pick<ConsentRow, 'golden_id' | 'purpose' | 'categories' | 'status' | 'channel' | 'evidence' | 'recorded_by' | 'source'> & {
  given_at: Date;
  expires_at: Date | null;
};

const COLUMNS = `id::text AS id, golden_id, purpose, categories, status, given_at, expires_at, channel, evidence, source, recorded_by, recorded_at`;

export class ConsentRepository {
  constructor(private readonly em: EntityManager) {}

  /** current consent of each customer to one purpose */
  current(goldenIds: readonly string[], purpose: string): Promise<ConsentRow[]> {
    return this.em.execute<ConsentRow[]>(`SELECT ${COLUMNS} FROM consent_current WHERE golden_id = ANY(?::uuid[]) AND purpose = ?`, [sqlArray(goldenIds), purpose]);
  }

  /** every consent event of these customers and their sources' current statements, newest first */
  history(goldenIds: readonly string[]): Promise<ConsentRow[]> {
    return this.em.execute<ConsentRow[]>(
      `SELECT ${COLUMNS} FROM consent_statement WHERE golden_id = ANY(?::uuid[]) ORDER BY golden_id, recorded_at DESC, hub_seq DESC NULLS LAST, id DESC`,
      [sqlArray(goldenIds)],
    );
  }

  async record(c: NewConsent): Promise<ConsentRow> {
    const [row] = await this.em.execute<ConsentRow[]>(
      `INSERT INTO consent (golden_id, purpose, categories, status, given_at, expires_at, channel, evidence, source, recorded_by)
       VALUES (?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
      [c.golden_id, c.purpose, sqlArray(c.categories), c.status, c.given_at, c.expires_at, c.channel, c.evidence, c.source, c.recorded_by],
    );
    return row;
  }
}

export function consentState(row: ConsentRow): ConsentState {
  return { status: row.status, categories: row.categories, expiresAt: row.expires_at === null ? null : asDate(row.expires_at) };
}
