import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import type { RequestContext } from '../api/context.js';
import { HubError } from '../errors.js';
import { DataCategory } from '../policy/categories.js';
import type { PolicyService } from '../policy/policy.service.js';
import { auditedMutation } from '../audit/audited-mutation.js';
import type { SourceSystemService } from './source-system.service.js';
import { SourceRecordView, SourceSystem, SourceSystemStatusView, SyncRequest } from './source-system.types.js';

@Resolver()
export class SourceSystemResolver {
  constructor(
    private readonly service: SourceSystemService,
    private readonly policy: PolicyService,
  ) {}

  @Authorized('ADMIN', 'STEWARD', 'AUDITOR')
  @Query(() => [SourceSystemStatusView], { description: 'Sync status and health of every configured connector' })
  async sourceSystems(@Ctx() ctx: RequestContext): Promise<SourceSystemStatusView[]> {
    const statuses = await this.service.statuses();
    return statuses.map((s) => SourceSystemStatusView.from(s));
  }

  // Personal data: stewards and admins only, and each personal field behind the policy gate.
  @Authorized('ADMIN', 'STEWARD')
  @Query(() => SourceRecordView, { description: 'One source record by its system and key in that system' })
  async sourceRecord(
    @Arg('system', () => SourceSystem) system: SourceSystemCode,
    @Arg('key', () => String) key: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SourceRecordView> {
    // whether a key is held, and by whom, is what reading IDENTITY in full tells: the same rule
    // as customerBySourceKey, and one answer for a missing record and one the caller may not find
    const mayShow = await this.policy.forRequest(ctx, ctx.scope).identityLookup('key');
    const view = SourceRecordView.from(await this.service.record(system, key));
    const shown = await mayShow(view.subjectId);
    if (!shown) throw new HubError('NOT_FOUND', `no ${system} record with that key`, { extensions: { argument: 'key' } });
    ctx.access.touched(view.auditSubject);
    ctx.access.searched(view.auditSubject, DataCategory.IDENTITY);
    if (shown.ref && view.subjectId) ctx.access.reliedOn(view.subjectId, shown.ref);
    return view;
  }

  @Authorized('ADMIN')
  @Mutation(() => SyncRequest, { description: 'Queue a sync of one connector now' })
  async syncSourceSystem(
    @Arg('system', () => SourceSystem) system: SourceSystemCode,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SyncRequest> {
    // a queued job is not in the database transaction: if its entry fails, the answer says it was queued
    const jobId = await auditedMutation(ctx, info, () => this.service.requestSync(system), { outside: true });
    return { system, jobId: jobId ?? null };
  }
}
