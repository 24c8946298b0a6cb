import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One segment rule: for `kind`, customers whose facts match `condition` get `outcome`; the first
 * active rule in (priority, id) order wins. Cut-offs live here, not in code, so the bank can tune
 * them without a release; the language is documented in src/segments/rules.ts.
 */
@Entity({ tableName: 'segment_rule' })
@Index({ properties: ['kind', 'priority'] })
export class SegmentRule {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** VALUE_TIER, RISK_GRADE or LIFECYCLE_STAGE */
  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  outcome!: string;

  /** lower first */
  @Property({ type: 'integer' })
  priority!: number;

  @Property({ type: 'jsonb' })
  condition!: unknown;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'boolean', default: true })
  active = true;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;

  /** subject of the admin who last changed the rule; null for the seeded defaults */
  @Property({ type: 'text', nullable: true })
  updatedBy?: string | null;
}
