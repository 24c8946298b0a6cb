import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A Fellegi-Sunter model estimated by a batch run (m and u per comparison level, term
 * frequencies). Incremental matching scores with the latest one, so a record matched alone
 * gets the weights the batch would give it.
 */
@Entity({ tableName: 'match_model' })
export class MatchModelRow {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'jsonb' })
  model!: Record<string, unknown>;

  /** settings the model was estimated with (thresholds, block cap, sample sizes) */
  @Property({ type: 'jsonb' })
  settings!: Record<string, unknown>;

  /** EM iterations, convergence, pairs, timings */
  @Property({ type: 'jsonb', default: '{}' })
  report: Record<string, unknown> = {};

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;
}
