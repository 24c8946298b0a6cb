import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * AUTO_LINK: scored at or above the auto-link threshold (an edge clustering may use);
 * REVIEW: between the thresholds, waiting for a steward;
 * NOT_A_MATCH: a steward said these are different people (cannot-link), remembered for good: never
 * linked or proposed again, whatever later scores say;
 * STEWARD_LINK: a steward said these are one person (must-link): batch and incremental clustering
 * join them whatever their score. A later decision on the same pair replaces it (one row per pair).
 */
export type CandidateStatus = 'AUTO_LINK' | 'REVIEW' | 'NOT_A_MATCH' | 'STEWARD_LINK';

/** the statuses only a steward sets; re-scoring never changes them */
export const STEWARD_STATUSES = ['NOT_A_MATCH', 'STEWARD_LINK'] as const;

/** A scored pair of source records (record_a < record_b) with the explanation of its score. */
@Entity({ tableName: 'match_candidate' })
@Unique({ properties: ['recordA', 'recordB'] })
@Index({ properties: ['recordB'] })
@Index({ properties: ['status'] })
// the review queue: per status, read backwards (priority, id) descending, keyset pages
@Index({ name: 'match_candidate_queue_index', expression: 'create index "match_candidate_queue_index" on "match_candidate" ("status", "review_priority", "id")' })
export class MatchCandidate {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'bigint' })
  recordA!: string;

  @Property({ type: 'bigint' })
  recordB!: string;

  /** Fellegi-Sunter match weight (log2 Bayes factor), after term-frequency adjustment */
  @Property({ type: 'double' })
  weight!: number;

  @Property({ type: 'double' })
  probability!: number;

  /** the score's terms: field, level reached, values compared, weight */
  @Property({ type: 'jsonb' })
  explanation!: Record<string, unknown>;

  @Property({ type: 'text' })
  status!: CandidateStatus;

  /** how useful a steward's answer is (engine/review-priority.ts), higher first; 0 outside the review band */
  @Property({ type: 'double', default: 0 })
  reviewPriority!: number;

  @Property({ type: 'text', nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  /** why the steward decided (Migration20261202300000) */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'integer', nullable: true })
  modelId?: number | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  scoredAt!: Date;
}
