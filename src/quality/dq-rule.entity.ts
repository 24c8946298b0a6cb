import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One data-quality rule: which check runs (src/quality/checks/rules.ts CHECKS), with which
 * parameters and severity, and whether it runs at all. Thresholds and required fields live here,
 * not in code, so the bank tunes them without a release (like segment rules).
 */
@Entity({ tableName: 'dq_rule' })
@Unique({ properties: ['code'] })
export class DqRule {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** stable name, e.g. NATIONAL_ID_VALID */
  @Property({ type: 'text' })
  code!: string;

  /** VALIDITY, COMPLETENESS, UNIQUENESS, CONSISTENCY or TIMELINESS */
  @Property({ type: 'text' })
  kind!: string;

  /** the check that evaluates it */
  @Property({ type: 'text' })
  checkName!: string;

  @Property({ type: 'jsonb', default: '{}' })
  parameters: Record<string, unknown> = {};

  /** INFO, WARNING or ERROR */
  @Property({ type: 'text' })
  severity!: string;

  @Property({ type: 'boolean', default: true })
  enabled = true;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;

  /** subject of the admin who last changed the rule; null for the seeded defaults */
  @Property({ type: 'text', nullable: true })
  updatedBy?: string | null;
}
