import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type DqIssueStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

/**
 * One finding of a data-quality rule on one subject (a source record, a golden customer or a
 * source system) and field: OPEN when found, ACKNOWLEDGED by a steward, RESOLVED when a re-check
 * of the subject no longer finds it. At most one unresolved issue per (rule, subject, field); a
 * finding after resolution opens a new one. `detail` holds reason codes and counts, never values.
 */
@Entity({ tableName: 'dq_issue' })
@Index({ properties: ['goldenId'] })
@Index({ properties: ['sourceRecordId'] })
@Index({ properties: ['status', 'ruleId'] })
@Index({ properties: ['firstSeenAt'] })
@Index({
  name: 'dq_issue_unresolved_unique',
  expression: `create unique index "dq_issue_unresolved_unique" on "dq_issue" ("rule_id", "subject_key", "field") where "status" <> 'RESOLVED'`,
})
export class DqIssue {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'integer' })
  ruleId!: number;

  /** the rule's severity when last found */
  @Property({ type: 'text' })
  severity!: string;

  /** `record:<id>`, `customer:<uuid>` or `system:<name>`: what a re-check covers */
  @Property({ type: 'text' })
  subjectKey!: string;

  @Property({ type: 'bigint', nullable: true })
  sourceRecordId?: string | null;

  /** the golden customer the subject belongs to (a record's when last checked) */
  @Property({ type: 'uuid', nullable: true })
  goldenId?: string | null;

  @Property({ type: 'text', nullable: true })
  system?: string | null;

  /** the field the finding is about; '' when it is about the whole subject */
  @Property({ type: 'text', default: '' })
  field = '';

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'jsonb', nullable: true })
  detail?: Record<string, unknown> | null;

  @Property({ type: 'text', default: 'OPEN' })
  status: DqIssueStatus = 'OPEN';

  @Property({ type: 'timestamptz' })
  firstSeenAt!: Date;

  @Property({ type: 'timestamptz' })
  lastSeenAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  acknowledgedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  acknowledgedAt?: Date | null;

  /** the steward's reason (free text the steward wrote; shown only through the API) */
  @Property({ type: 'text', nullable: true })
  acknowledgeReason?: string | null;
}
