import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { auditedMutation } from '../audit/audited-mutation.js';
import type { SegmentRuleService } from './segment-rule.service.js';
import { SegmentationRequest, SegmentRuleInput, SegmentRuleView } from './segment.types.js';

@Resolver()
export class SegmentRuleResolver {
  constructor(private readonly rules: SegmentRuleService) {}

  @Authorized('ADMIN', 'STEWARD', 'AUDITOR')
  @Query(() => [SegmentRuleView], { description: 'Every segment rule, in evaluation order per kind' })
  async segmentRules(@Ctx() ctx: RequestContext): Promise<SegmentRuleView[]> {
    return (await this.rules.list()).map((r) => SegmentRuleView.from(r));
  }

  @Authorized('ADMIN')
  @Mutation(() => SegmentRuleView, { description: 'Change a segment rule; it applies from the next segmentation run' })
  async updateSegmentRule(
    @Arg('id', () => Int) id: number,
    @Arg('input', () => SegmentRuleInput) input: SegmentRuleInput,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SegmentRuleView> {
    const rule = await auditedMutation(ctx, info, (em) => this.rules.update(id, { ...input }, ctx.principal.subject, em));
    return SegmentRuleView.from(rule);
  }

  @Authorized('ADMIN')
  @Mutation(() => SegmentationRequest, { description: 'Queue segmentation of every active golden customer now' })
  async runSegmentation(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<SegmentationRequest> {
    // a queued job is not in the database transaction: if its entry fails, the answer says it was queued
    return { jobId: (await auditedMutation(ctx, info, () => this.rules.requestRun(), { outside: true })) ?? null };
  }
}
