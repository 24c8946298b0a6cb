import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { RequestContext } from '../api/context.js';
import { auditedMutation } from './audited-mutation.js';
import type { AuditService } from './audit.service.js';
import { AccessLogConnection, AccessLogFilterInput, AuditSealResult, AuditVerification } from './audit.types.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Authorized('AUDITOR', 'ADMIN')
  @Query(() => AccessLogConnection, { description: 'The access log, newest first' })
  async accessLog(
    @Arg('filter', () => AccessLogFilterInput, { nullable: true }) filter: AccessLogFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AccessLogConnection> {
    const page = await this.audit.list({ ...filter }, first, after);
    return AccessLogConnection.of(page.entries, page.hasNextPage);
  }

  @Authorized('AUDITOR', 'ADMIN')
  @Query(() => AuditVerification, { description: 'Recompute the hash chain over the entries of [from, to]' })
  async verifyAuditLog(
    @Arg('from', () => DateTimeResolver) from: Date,
    @Arg('to', () => DateTimeResolver) to: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditVerification> {
    const v = await this.audit.verify(from, to);
    return { ...v, head: v.head && { ...v.head, signature: v.head.signature ?? null, keyId: v.head.keyId ?? null } };
  }

  @Authorized('ADMIN')
  @Mutation(() => AuditSealResult, { description: 'Seal every entry ready now, without waiting for the sealing job' })
  async sealAuditLog(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<AuditSealResult> {
    // the sealer commits in its own transaction (under its lock): if this entry fails, the answer says it sealed
    return { sealed: await auditedMutation(ctx, info, () => this.audit.sealNow(), { outside: true }) };
  }
}
