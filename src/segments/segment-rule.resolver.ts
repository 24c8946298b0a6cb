import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import type { SegmentRuleService } from './segment-rule.service.js';
import { SegmentationRequest, SegmentRuleInput, SegmentRuleView } from './segment.types.js';

function segmentRules(ctx: RequestContext): SegmentRuleService {
  const service = ctx.services.segmentRules;
  if (!service) throw new Error('segmentation is not configured in this process');
  return service;
}

@Resolver()
export class SegmentRuleResolver {
  @Authorized('ADMIN', 'STEWARD', 'AUDITOR')
  @Query(() => [SegmentRuleView], { description: 'Every segment rule, in evaluation order per kind' })
  async segmentRules(@Ctx() ctx: RequestContext): Promise<SegmentRuleView[]> {
    return (await segmentRules(ctx).list()).map((r) => SegmentRuleView.from(r));
  }

  @Authorized('ADMIN')
  @Mutation(() => SegmentRuleView, { description: 'Change a segment rule; it applies from the next segmentation run' })
  async updateSegmentRule(
    @Arg('id', () => Int) id: number,
    @Arg('input', () => SegmentRuleInput) input: SegmentRuleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SegmentRuleView> {
    const rule = await segmentRules(ctx).update(id, { ...input }, ctx.principal.subject);
    return SegmentRuleView.from(rule);
  }

  @Authorized('ADMIN')
  @Mutation(() => SegmentationRequest, { description: 'Queue segmentation of every active golden customer now' })
  async runSegmentation(@Ctx() ctx: RequestContext): Promise<SegmentationRequest> {
    return { jobId: (await segmentRules(ctx).requestRun()) ?? null };
  }
}
