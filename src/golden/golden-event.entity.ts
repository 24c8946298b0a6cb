import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * History of a golden customer: created, merged, split, records linked or unlinked, attributes
 * re-survived, retired. Before/after snapshots make a point-in-time view possible.
 */
@Entity({ tableName: 'golden_event' })
@Index({ properties: ['goldenId', 'at'] })
export class GoldenEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  goldenId!: string;

  /** CREATED, MERGED, SPLIT, RECORDS_LINKED, RECORDS_UNLINKED, ATTRIBUTES_CHANGED, RETIRED */
  @Property({ type: 'text' })
  type!: string;

  /** who: `matcher` for automatic runs, the steward's subject for manual decisions */
  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** ids involved: absorbed/new golden ids, record ids */
  @Property({ type: 'jsonb', default: '{}' })
  details: Record<string, unknown> = {};

  @Property({ type: 'jsonb', nullable: true })
  before?: Record<string, unknown> | null;

  @Property({ type: 'jsonb', nullable: true })
  after?: Record<string, unknown> | null;

  @Property({ type: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  at!: Date;
}
