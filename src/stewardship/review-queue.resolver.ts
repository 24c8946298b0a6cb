import DataLoader from 'dataloader';
import { Arg, Authorized, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import type { SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import type { RequestContext } from '../api/context.js';
import { RequestSlot } from '../api/request-scope.js';
import { SourceSystem } from '../ingest/source-system.types.js';
import { requireDataQuality } from './data-quality-purpose.js';
import type { ReviewQueueService } from './review-queue.service.js';
import { CandidateStatus, FieldChange, MatchCandidateConnection, MatchCandidateView } from './review-queue.types.js';

/** one page's what-would-change, read for all its pairs at once */
const WOULD_CHANGE = new RequestSlot<DataLoader<MatchCandidateView, FieldChange[]>>('review queue: would change');

@Resolver(() => MatchCandidateView)
export class ReviewQueueResolver {
  constructor(private readonly queue: ReviewQueueService) {}

  @Authorized('STEWARD')
  @Query(() => MatchCandidateConnection, {
    description:
      'The review queue (purpose DATA_QUALITY), most useful first by reviewPriority: pairs already in one customer first (an automatic link ' +
      'made on uncertain evidence: the answer changes a customer now), then how close the pair’s weight is to the nearer threshold ' +
      '(the answer the model is least sure of, and the one the labelled estimation and threshold picker learn most from), ' +
      'weighted by how many records the decision concerns; ties newest pair first. Pairs outside the review band have priority 0.',
  })
  async matchCandidates(
    @Arg('status', () => CandidateStatus, { defaultValue: CandidateStatus.REVIEW }) status: CandidateStatus,
    @Arg('minProbability', () => Float, { nullable: true }) minProbability: number | null,
    @Arg('maxProbability', () => Float, { nullable: true }) maxProbability: number | null,
    @Arg('system', () => SourceSystem, { nullable: true, description: 'either record held by this system' }) system: SourceSystemCode | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<MatchCandidateConnection> {
    requireDataQuality(ctx.purpose, 'matchCandidates');
    const connection = await this.queue.page({ status, minProbability, maxProbability, system, first, after });
    // every person in an answer is logged, whatever fields were asked
    for (const { node } of connection.edges) {
      for (const side of [node.left, node.right]) if (side) ctx.access.touched(side.auditSubject);
    }
    return connection;
  }

  @FieldResolver(() => [FieldChange], { description: 'the golden fields a merge of the pair would change, per side (survivorship over both customers’ records)' })
  wouldChange(@Root() candidate: MatchCandidateView, @Ctx() ctx: RequestContext): Promise<FieldChange[]> {
    const loader = ctx.scope.get(WOULD_CHANGE) ?? ctx.scope.set(WOULD_CHANGE, new DataLoader((candidates) => this.queue.wouldChangeMany(candidates), { cache: false }));
    return loader.load(candidate);
  }
}
