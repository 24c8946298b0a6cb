import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { SourceSystem, Watermark } from '../../connectors/contract.js';

/**
 * Where each connector's sync stands: the watermark (advanced in the same transaction as the
 * rows it covers, so a crash never skips or repeats a page) and the figures of the last run.
 */
@Entity({ tableName: 'connector_state' })
export class ConnectorState {
  @PrimaryKey({ type: 'text' })
  system!: SourceSystem;

  @Property({ type: 'jsonb', nullable: true })
  watermark?: Watermark | null;

  /** IDLE, RUNNING or FAILED */
  @Property({ type: 'text', default: 'IDLE' })
  status: 'IDLE' | 'RUNNING' | 'FAILED' = 'IDLE';

  @Property({ type: 'timestamptz', nullable: true })
  lastRunStartedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastRunFinishedAt?: Date | null;

  /** the last time a run read the source to its end */
  @Property({ type: 'timestamptz', nullable: true })
  caughtUpAt?: Date | null;

  @Property({ type: 'integer', default: 0 })
  lastRunRowsSeen = 0;

  @Property({ type: 'integer', default: 0 })
  lastRunRowsChanged = 0;

  @Property({ type: 'integer', default: 0 })
  lastRunRowsQuarantined = 0;

  @Property({ type: 'bigint', default: 0 })
  totalRowsSeen = '0';

  @Property({ type: 'bigint', default: 0 })
  totalRowsChanged = '0';

  @Property({ type: 'bigint', default: 0 })
  totalRowsQuarantined = '0';

  /** message of the last failure (no personal data), cleared by the next successful run */
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastErrorAt?: Date | null;
}
