import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type GoldenStatus = 'ACTIVE' | 'MERGED' | 'RETIRED';

/**
 * One real person as the hub knows them: the survived attributes of the linked source records,
 * each with its provenance (record, rule, time). The id is stable across re-matching (see
 * src/golden/stable-ids.ts); a merged-away id stays as a MERGED row redirecting to its survivor,
 * so ids handed out to apps keep resolving.
 */
@Entity({ tableName: 'golden_customer' })
@Index({ properties: ['mergedInto'] })
@Index({ properties: ['valueTier'] })
@Index({ properties: ['riskGrade'] })
@Index({ properties: ['lifecycleStage'] })
export class GoldenCustomer {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** bumped on every change: optimistic lock for steward edits */
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'text', default: 'ACTIVE' })
  status: GoldenStatus = 'ACTIVE';

  /** the survivor when MERGED */
  @Property({ type: 'uuid', nullable: true })
  mergedInto?: string | null;

  /** survived attributes (src/golden/survivorship.ts) */
  @Property({ type: 'jsonb', default: '{}' })
  attributes: Record<string, unknown> = {};

  /** per survived field: source record, system, rule, times */
  @Property({ type: 'jsonb', default: '{}' })
  provenance: Record<string, unknown> = {};

  @Property({ type: 'integer', default: 0 })
  recordCount = 0;

  /** creation order decides which id survives a merge (the older) */
  @Property({ type: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  updatedAt!: Date;

  /** derived segments (src/segments/), written by the segments job; null until its first run */
  @Property({ type: 'text', nullable: true })
  valueTier?: string | null;

  @Property({ type: 'text', nullable: true })
  riskGrade?: string | null;

  @Property({ type: 'text', nullable: true })
  lifecycleStage?: string | null;

  /** which rule gave each segment and the facts it read (src/segments/segment.ts SegmentExplanation) */
  @Property({ type: 'jsonb', nullable: true })
  segmentExplanation?: Record<string, unknown> | null;

  @Property({ type: 'timestamptz', nullable: true })
  segmentedAt?: Date | null;
}
