/**
 * `runBatchMatch` (admins): queue a full re-match, which re-estimates the model on every record
 * and re-clusters everyone — after a large load, a change of sources, or to replace a model fitted
 * on too little. Like every mutation it is written to the access log (actor, time, operation).
 * The batch runs on a worker; its `match_run` row carries the job id answered here.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Ctx, Field, ID, Info, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { auditedMutation } from '../audit/audited-mutation.js';
import type { BatchMatchRequester } from './batch-match-requester.js';

@ObjectType('BatchMatchRequest')
export class BatchMatchRequest {
  @Field(() => ID, { nullable: true, description: 'the queued match-batch job, or the one already waiting or running; match_run.job_id of its run' })
  jobId?: string | null;
}

@Resolver()
export class MatchRunResolver {
  constructor(private readonly matching: BatchMatchRequester) {}

  @Authorized('ADMIN')
  @Mutation(() => BatchMatchRequest, { description: 'Queue a full re-match: re-estimate the model on every record and re-cluster everyone' })
  async runBatchMatch(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<BatchMatchRequest> {
    // a queued job is outside the transaction: if its log entry fails, the answer says it was queued
    return { jobId: (await auditedMutation(ctx, info, () => this.matching.requestBatch('manual'), { outside: true })) ?? null };
  }
}
