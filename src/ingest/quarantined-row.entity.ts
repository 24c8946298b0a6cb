import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { QuarantineReason, SourceSystem } from '../../connectors/contract.js';

/**
 * A source row the hub could not take, kept with its reason and the raw text exactly as read,
 * so a data steward can fix it at the source. Re-reading the same broken row only bumps
 * `timesSeen` (unique on system + hash of the raw text). A row (system + source key) has at most
 * one open entry: its latest verdict; a newer bad version closes the entry of the older one.
 */
@Entity({ tableName: 'quarantined_row' })
@Unique({ properties: ['system', 'rawHash'] })
@Index({ properties: ['system', 'sourceKey'] })
@Index({
  name: 'quarantined_row_open_key_unique',
  expression: 'create unique index "quarantined_row_open_key_unique" on "quarantined_row" ("system", "source_key") where "resolved_at" is null and "source_key" is not null',
})
export class QuarantinedRow {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  system!: SourceSystem;

  @Property({ type: 'text', nullable: true })
  sourceKey?: string | null;

  @Property({ type: 'text' })
  reason!: QuarantineReason;

  /** which field and what is wrong, without personal values */
  @Property({ type: 'text' })
  detail!: string;

  @Property({ type: 'text' })
  raw!: string;

  @Property({ type: 'text' })
  rawHash!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  firstSeenAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  lastSeenAt!: Date;

  @Property({ type: 'integer', default: 1 })
  timesSeen = 1;

  /** set when the same source key later arrives in good shape, or in another bad version */
  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;
}
