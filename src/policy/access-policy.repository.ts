/**
 * SQL of the policy table `access_policy` (role × purpose × category → decision) and its
 * change log `access_policy_change`. The cache and the rules are policy.service.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Timestamp } from '../db/timestamp.js';
import type { DataCategory } from './categories.js';
import type { PolicyDecision } from './decision.js';

export interface PolicyRow {
  role: string;
  purpose: string;
  category: DataCategory;
  decision: PolicyDecision;
  updated_at: Timestamp;
  updated_by: string;
}

export interface PolicyEntry {
  role: string;
  purpose: string;
  category: DataCategory;
  decision: PolicyDecision;
}

export class AccessPolicyRepository {
  constructor(private readonly em: EntityManager) {}

  /** the whole table, in a stable order */
  all(): Promise<PolicyRow[]> {
    return this.em.execute<PolicyRow[]>(`SELECT * FROM access_policy ORDER BY role, purpose, category`);
  }

  /** the current decision of one entry, locked until the transaction ends; undefined when there is none */
  async lockDecision(role: string, purpose: string, category: DataCategory): Promise<string | undefined> {
    const [before] = await this.em.execute<{ decision: string }[]>(
      `SELECT decision FROM access_policy WHERE role = ? AND purpose = ? AND category = ? FOR UPDATE`,
      [role, purpose, category],
    );
    return before?.decision;
  }

  /** sets one entry's decision (inserting it when new) */
  async upsert(entry: PolicyEntry, actor: string): Promise<PolicyRow> {
    const [after] = await this.em.execute<PolicyRow[]>(
      `INSERT INTO access_policy (role, purpose, category, decision, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (role, purpose, category) DO UPDATE SET decision = EXCLUDED.decision, updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING *`,
      [entry.role, entry.purpose, entry.category, entry.decision, actor],
    );
    return after;
  }

  async recordChange(entry: PolicyEntry, before: string | null, actor: string): Promise<void> {
    await this.em.execute(
      `INSERT INTO access_policy_change (role, purpose, category, before, after, changed_by) VALUES (?, ?, ?, ?, ?, ?)`,
      [entry.role, entry.purpose, entry.category, before, entry.decision, actor],
    );
  }
}
