/** GraphQL shapes of data-quality rules, issues and the report. Entities are never exposed directly. */
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import { SourceSystem } from '../ingest/source-system.types.js';
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';
import { QUALITY_KINDS, SEVERITIES } from './checks/rules.js';
import type { DqIssue } from './dq-issue.entity.js';
import type { DqRule } from './dq-rule.entity.js';
import type { ReportRow } from './quality.repository.js';

export enum DataQualityKind {
  VALIDITY = 'VALIDITY',
  COMPLETENESS = 'COMPLETENESS',
  UNIQUENESS = 'UNIQUENESS',
  CONSISTENCY = 'CONSISTENCY',
  TIMELINESS = 'TIMELINESS',
}
registerEnumType(DataQualityKind, { name: 'DataQualityKind' });

export enum DataQualitySeverity {
  INFO = 'INFO',
  WARNING = 'WARNING',
  ERROR = 'ERROR',
}
registerEnumType(DataQualitySeverity, { name: 'DataQualitySeverity' });

export enum DataQualityIssueStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(DataQualityIssueStatus, { name: 'DataQualityIssueStatus', description: 'OPEN when found, ACKNOWLEDGED by a steward, RESOLVED when a re-check no longer finds it' });

// the enums mirror the pure lists (a new kind or severity must appear in both)
if (QUALITY_KINDS.some((k) => !(k in DataQualityKind)) || SEVERITIES.some((s) => !(s in DataQualitySeverity))) {
  throw new Error('DataQualityKind / DataQualitySeverity are out of step with src/quality/checks/rules.ts');
}

@ObjectType('DataQualityRule', { description: 'A data-quality rule: a check with its parameters and severity' })
export class DataQualityRuleView {
  @Field(() => Int) id!: number;
  @Field() code!: string;
  @Field(() => DataQualityKind) kind!: string;
  @Field({ description: 'the check that evaluates it (src/quality/checks/rules.ts CHECKS)' }) check!: string;
  @Field(() => JSONObjectResolver) parameters!: Record<string, unknown>;
  @Field(() => DataQualitySeverity) severity!: string;
  @Field() enabled!: boolean;
  @Field() description!: string;
  @Field(() => DateTimeResolver) updatedAt!: Date;
  @Field(() => String, { nullable: true }) updatedBy?: string | null;

  static from(r: DqRule): DataQualityRuleView {
    return Object.assign(new DataQualityRuleView(), {
      id: r.id,
      code: r.code,
      kind: r.kind,
      check: r.checkName,
      parameters: r.parameters,
      severity: r.severity,
      enabled: r.enabled,
      description: r.description,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy ?? null,
    });
  }
}

@InputType({ description: 'Fields to change; omitted ones stay. The rule is validated before it is stored.' })
export class DataQualityRuleInput {
  @Field(() => DataQualitySeverity, { nullable: true }) severity?: string | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
  @Field(() => JSONObjectResolver, { nullable: true }) parameters?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType('DataQualityIssue', { description: 'One finding of a rule on one subject and field: reason codes, never values' })
export class DataQualityIssueView {
  @Field(() => ID) id!: string;
  @Field() rule!: string;
  @Field(() => DataQualitySeverity) severity!: string;
  @Field(() => DataQualityIssueStatus) status!: string;
  // Two fields for the system: that a person's record sits in a system is a fact about that person
  // (IDENTITY, behind the gate), while a source's own issue (sync freshness) names no one.
  @Field(() => SourceSystem, { nullable: true, description: 'the source system the issue is about when its subject is a source (sync freshness); null for issues about a person — see recordSystem' }) sourceSystem!: SourceSystemCode | null;
  @Personal(DataCategory.IDENTITY)
  @Field(() => SourceSystem, { nullable: true, description: 'the system of the record the issue is about (that the person has a record there: IDENTITY data); null for a source\'s own issue' }) recordSystem!: SourceSystemCode | null;
  @Field(() => String, { nullable: true, description: 'the field the finding is about' }) field!: string | null;
  @Field({ description: 'reason codes, comma-separated (e.g. BAD_CHECKSUM, MISSING, DIFFERS_ACROSS_SOURCES)' }) reason!: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: 'counts and codes' }) detail!: Record<string, unknown> | null;
  // which customer or record has a data problem identifies them: gated and logged like their data
  @Personal(DataCategory.IDENTITY)
  @Field(() => ID, { nullable: true, description: 'the golden customer the subject belongs to; IDENTITY data' }) customerId!: string | null;
  @Personal(DataCategory.IDENTITY)
  @Field(() => ID, { nullable: true, description: 'the source record the issue is about; IDENTITY data' }) sourceRecordId!: string | null;
  @Field(() => DateTimeResolver) firstSeenAt!: Date;
  @Field(() => DateTimeResolver) lastSeenAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => String, { nullable: true }) acknowledgedBy!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => String, { nullable: true }) acknowledgeReason!: string | null;
  /** whose data (policy gate, access log): the customer, else the unlinked record */
  subjectId!: string | null;
  auditSubject?: string;

  static from(i: DqIssue, ruleCode: string): DataQualityIssueView {
    return Object.assign(new DataQualityIssueView(), {
      id: String(i.id),
      rule: ruleCode,
      severity: i.severity,
      status: i.status,
      sourceSystem: i.goldenId || i.sourceRecordId ? null : ((i.system as SourceSystemCode | null) ?? null),
      recordSystem: i.goldenId || i.sourceRecordId ? ((i.system as SourceSystemCode | null) ?? null) : null,
      field: i.field === '' ? null : i.field,
      reason: i.reason,
      detail: publicDetail(i.detail),
      customerId: i.goldenId ?? null,
      // bigint columns may come back as bigint: ids travel as text
      sourceRecordId: i.sourceRecordId == null ? null : String(i.sourceRecordId),
      firstSeenAt: i.firstSeenAt,
      lastSeenAt: i.lastSeenAt,
      resolvedAt: i.resolvedAt ?? null,
      acknowledgedBy: i.acknowledgedBy ?? null,
      acknowledgedAt: i.acknowledgedAt ?? null,
      acknowledgeReason: i.acknowledgeReason ?? null,
      subjectId: i.goldenId ?? null,
      auditSubject: i.sourceRecordId ? `source_record:${i.sourceRecordId}` : undefined,
    });
  }
}

/**
 * The detail without `sharedWith`: the other customers an id is shared with are kept for the
 * re-check, but answering them would name customers outside the policy gate and the access log.
 */
function publicDetail(detail: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!detail) return null;
  const { sharedWith: _kept, ...rest } = detail;
  return rest;
}

@ObjectType('DataQualityIssueEdge')
export class DataQualityIssueEdge {
  @Field() cursor!: string;
  @Field(() => DataQualityIssueView) node!: DataQualityIssueView;
}

@ObjectType('DataQualityPageInfo')
export class DataQualityPageInfo {
  @Field() hasNextPage!: boolean;
  @Field({ description: 'always false: the list pages forward only' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('DataQualityIssueConnection', { description: 'A page of data-quality issues (Relay connection), newest first' })
export class DataQualityIssueConnection {
  @Field(() => [DataQualityIssueEdge]) edges!: DataQualityIssueEdge[];
  @Field(() => DataQualityPageInfo) pageInfo!: DataQualityPageInfo;
}

@ObjectType('QualityReportRow', { description: 'Issues of one rule in one source on one day (UTC)' })
export class QualityReportRowView implements Omit<ReportRow, 'system'> {
  @Field() day!: string;
  @Field(() => SourceSystem, { nullable: true, description: 'null: customer-level issues (consistency, uniqueness), which span sources' }) system!: SourceSystemCode | null;
  @Field() rule!: string;
  @Field(() => Int, { description: 'unresolved at the end of the day' }) open!: number;
  @Field(() => Int, { description: 'found that day' }) opened!: number;
  @Field(() => Int, { description: 'resolved that day' }) resolved!: number;
}

@ObjectType('QualitySweepRequest')
export class QualitySweepRequest {
  @Field(() => ID, { nullable: true, description: 'the queued quality-sweep job, or the one already waiting' })
  jobId?: string | null;
}
