import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** One full batch re-match: what it did and how far it got (operators watch this). */
@Entity({ tableName: 'match_run' })
export class MatchRun {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** RUNNING, DONE or FAILED */
  @Property({ type: 'text', default: 'RUNNING' })
  status: 'RUNNING' | 'DONE' | 'FAILED' = 'RUNNING';

  @Property({ type: 'integer', nullable: true })
  modelId?: number | null;

  /** records, pairs compared, blocks, oversized blocks, clusters, events, timings per stage */
  @Property({ type: 'jsonb', default: '{}' })
  stats: Record<string, unknown> = {};

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  /** the `match-batch` job running it; a RUNNING run whose job is no longer active was interrupted */
  @Property({ type: 'text', nullable: true })
  jobId?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;
}
