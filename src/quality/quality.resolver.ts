/**
 * Data quality in GraphQL. Rules: listed and changed by admins. Issues: read by stewards (whose
 * work they are) and admins — not auditors, who review the access log, not customers' data
 * problems; each row names a customer or record, so those two fields pass the policy gate and
 * are logged in the access log like any read of a customer. The report holds counts only, so
 * auditors read it too. Every mutation is audited (auditedMutation), like `runBatchMatch`.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { auditedMutation } from '../audit/audited-mutation.js';
import { SourceSystem } from '../ingest/source-system.types.js';
import type { SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import { decodeIssueCursor, encodeIssueCursor } from './cursor.js';
import type { QualityService } from './quality.service.js';
import {
  DataQualityIssueConnection,
  DataQualityIssueStatus,
  DataQualityIssueView,
  DataQualityRuleInput,
  DataQualityRuleView,
  DataQualitySeverity,
  QualityReportRowView,
  QualitySweepRequest,
} from './quality.types.js';

@Resolver()
export class QualityResolver {
  constructor(private readonly quality: QualityService) {}

  @Authorized('ADMIN')
  @Query(() => [DataQualityRuleView], { description: 'Every data-quality rule' })
  async dataQualityRules(@Ctx() ctx: RequestContext): Promise<DataQualityRuleView[]> {
    return (await this.quality.listRules()).map((r) => DataQualityRuleView.from(r));
  }

  @Authorized('ADMIN')
  @Mutation(() => DataQualityRuleView, { description: 'Change a data-quality rule; it applies from the next check' })
  async updateDataQualityRule(
    @Arg('id', () => Int) id: number,
    @Arg('input', () => DataQualityRuleInput) input: DataQualityRuleInput,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DataQualityRuleView> {
    const rule = await auditedMutation(ctx, info, (em) => this.quality.updateRule(id, { ...input }, ctx.principal.subject, em));
    return DataQualityRuleView.from(rule);
  }

  @Authorized('STEWARD', 'ADMIN')
  @Query(() => DataQualityIssueConnection, { description: 'Data-quality issues, newest first; customer and record ids are IDENTITY data' })
  async dataQualityIssues(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('rule', () => String, { nullable: true }) rule?: string | null,
    @Arg('sourceSystem', () => SourceSystem, { nullable: true }) sourceSystem?: SourceSystemCode | null,
    @Arg('severity', () => DataQualitySeverity, { nullable: true }) severity?: DataQualitySeverity | null,
    @Arg('status', () => DataQualityIssueStatus, { nullable: true }) status?: DataQualityIssueStatus | null,
    @Arg('customerId', () => ID, { nullable: true }) customerId?: string | null,
  ): Promise<DataQualityIssueConnection> {
    const service = this.quality;
    const afterId = after == null ? null : decodeIssueCursor(after);
    const page = await service.issuePageChecked({ ruleCode: rule, system: sourceSystem, severity, status, goldenId: customerId }, first, afterId);
    const edges = page.issues.map(({ issue, ruleCode }) => ({ cursor: encodeIssueCursor(issue.id), node: DataQualityIssueView.from(issue, ruleCode) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @Authorized('STEWARD')
  @Mutation(() => DataQualityIssueView, { description: 'Acknowledge an open issue (it stays until the data is fixed, then resolves)' })
  async acknowledgeDataQualityIssue(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DataQualityIssueView> {
    const service = this.quality;
    const issue = await auditedMutation(ctx, info, (em) => service.acknowledge(id, ctx.principal.subject, reason, em));
    return DataQualityIssueView.from(issue, await service.ruleCode(issue.ruleId));
  }

  @Authorized('STEWARD', 'ADMIN', 'AUDITOR')
  @Query(() => [QualityReportRowView], { description: 'Issues per day (UTC), source and rule from `from` to `to` (ISO dates, inclusive, at most 366 days): for a trend chart' })
  async qualityReport(@Arg('from') from: string, @Arg('to') to: string, @Ctx() ctx: RequestContext): Promise<QualityReportRowView[]> {
    return (await this.quality.reportChecked(from, to)) as QualityReportRowView[];
  }

  @Authorized('ADMIN')
  @Mutation(() => QualitySweepRequest, { description: 'Queue a full data-quality sweep now' })
  async runQualitySweep(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<QualitySweepRequest> {
    // a queued job is outside the transaction: if its log entry fails, the answer says it was queued
    return { jobId: (await auditedMutation(ctx, info, () => this.quality.requestSweep(), { outside: true })) ?? null };
  }
}
