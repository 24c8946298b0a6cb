/**
 * A steward's changes to golden customers (issue E): merge, unmerge, split, and deciding scored
 * pairs one by one or in bulk. STEWARD only: deciding who is one person is the data stewards'
 * accountable job; an admin configures the hub (policy, rules, runs) and does not need to rewrite
 * customers under an admin token, where the log could not tell a steward's decision from an
 * administrator's. Each is declared under the purpose DATA_QUALITY (x-purpose), stored with its
 * access-log entry in one transaction (src/audit/audited-mutation.ts) and answers ids, versions
 * and record ids only — no personal data.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { auditedMutation } from '../audit/audited-mutation.js';
import type { StewardshipService } from './stewardship.service.js';
import {
  ExpectedVersionInput,
  MatchDecisionInput,
  MatchDecisionResult,
  MatchDecisionValue,
  StewardChangeResult,
  StewardError,
} from './stewardship.types.js';
import { requireDataQuality } from './data-quality-purpose.js';

const VERSIONS = 'stale versions get VERSION_CONFLICT with the current ones in extensions, and nothing is written';

@Resolver()
export class StewardshipResolver {
  constructor(private readonly stewardship: StewardshipService) {}

  @Authorized('STEWARD')
  @Mutation(() => StewardChangeResult, {
    description: `Decide a scored pair: MERGE links its two records (their customers become one unless other steward decisions forbid it: CONFLICT), NOT_A_MATCH keeps them apart (a customer holding both is split by matching). expectedVersions: every customer holding either record; ${VERSIONS}`,
  })
  async decideMatch(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => MatchDecisionValue) decision: MatchDecisionValue,
    @Arg('reason', () => String) reason: string,
    @Arg('expectedVersions', () => [ExpectedVersionInput]) expectedVersions: ExpectedVersionInput[],
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StewardChangeResult> {
    requireDataQuality(ctx.purpose, info.fieldName);
    const change = await auditedMutation(ctx, info, (em) =>
      this.stewardship.decide(ctx.principal.subject, { candidateId: id, decision, reason, expectedVersions }, em),
    );
    return StewardChangeResult.from(change);
  }

  @Authorized('STEWARD')
  @Mutation(() => [MatchDecisionResult], {
    description:
      'Decide many scored pairs (at most 100), in order, each as decideMatch does. Each succeeds or fails on its own: a failed one (BAD_USER_INPUT, NOT_FOUND, CONFLICT, VERSION_CONFLICT) is answered with its typed error and writes nothing, the others are applied; a later one sees the versions earlier ones left',
  })
  async decideMatches(
    @Arg('decisions', () => [MatchDecisionInput]) decisions: MatchDecisionInput[],
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MatchDecisionResult[]> {
    requireDataQuality(ctx.purpose, info.fieldName);
    const outcomes = await auditedMutation(ctx, info, (em) =>
      this.stewardship.decideMany(
        ctx.principal.subject,
        decisions.map((d) => ({ candidateId: d.id, decision: d.decision, reason: d.reason, expectedVersions: d.expectedVersions })),
        em,
      ),
    );
    return outcomes.map((o, i) =>
      Object.assign(new MatchDecisionResult(), {
        id: decisions[i]!.id,
        ok: o.ok,
        change: o.ok ? StewardChangeResult.from(o.change) : null,
        error: o.ok ? null : StewardError.from(o.error),
      }),
    );
  }

  @Authorized('STEWARD')
  @Mutation(() => StewardChangeResult, {
    description: `Merge two customers into one: every record of both is pinned together (no later run separates them). survivorId keeps its id even when it is the younger; otherId redirects to it. ${VERSIONS}`,
  })
  async mergeCustomers(
    @Arg('survivorId', () => String) survivorId: string,
    @Arg('otherId', () => String) otherId: string,
    @Arg('reason', () => String) reason: string,
    @Arg('survivorVersion', () => Int) survivorVersion: number,
    @Arg('otherVersion', () => Int) otherVersion: number,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StewardChangeResult> {
    requireDataQuality(ctx.purpose, info.fieldName);
    const change = await auditedMutation(ctx, info, (em) =>
      this.stewardship.merge(ctx.principal.subject, { survivorId, otherId, reason, survivorVersion, otherVersion }, em),
    );
    return StewardChangeResult.from(change);
  }

  @Authorized('STEWARD')
  @Mutation(() => StewardChangeResult, {
    description: `Move one source record out of a customer (kept apart from its other records for good), to a new customer or, with targetCustomerId, pinned to that customer's records. The customer keeps its id. ${VERSIONS}`,
  })
  async unmergeSourceRecord(
    @Arg('customerId', () => String) customerId: string,
    @Arg('sourceRecordId', () => ID) sourceRecordId: string,
    @Arg('reason', () => String) reason: string,
    @Arg('version', () => Int, { description: 'of customerId' }) version: number,
    @Arg('targetCustomerId', () => String, { nullable: true }) targetCustomerId: string | null,
    @Arg('targetVersion', () => Int, { nullable: true, description: 'of targetCustomerId; required with it' }) targetVersion: number | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StewardChangeResult> {
    requireDataQuality(ctx.purpose, info.fieldName);
    const change = await auditedMutation(ctx, info, (em) =>
      this.stewardship.unmerge(ctx.principal.subject, { customerId, sourceRecordId, targetCustomerId, reason, version, targetVersion }, em),
    );
    return StewardChangeResult.from(change);
  }

  @Authorized('STEWARD')
  @Mutation(() => StewardChangeResult, {
    description: `Split a customer: each group of its source records becomes a customer of its own, pinned together and kept apart from the others for good; records in no group stay and keep the id. Groups must be non-empty, disjoint, of this customer's live records, and leave at least two parts. ${VERSIONS}`,
  })
  async splitCustomer(
    @Arg('id', () => String) id: string,
    @Arg('groups', () => [[ID]]) groups: string[][],
    @Arg('reason', () => String) reason: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StewardChangeResult> {
    requireDataQuality(ctx.purpose, info.fieldName);
    const change = await auditedMutation(ctx, info, (em) => this.stewardship.split(ctx.principal.subject, { customerId: id, groups, reason, version }, em));
    return StewardChangeResult.from(change);
  }
}
