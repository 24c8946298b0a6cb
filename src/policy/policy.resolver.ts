import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { CONSENT_RECORD_SCOPE, hasScope, ROLES } from '../api/auth.js';
import { auditedMutation } from '../audit/audited-mutation.js';
import { HubError } from '../errors.js';
import { DataCategory } from './categories.js';
import type { ConsentService } from './consent.service.js';
import type { PolicyService } from './policy.service.js';
import { AccessPolicyEntry, Consent, GrantConsentInput, PolicyDecisionValue, RevokeConsentInput } from './policy.types.js';

@Resolver()
export class AccessPolicyResolver {
  constructor(private readonly policy: PolicyService) {}

  @Authorized('ADMIN', 'AUDITOR')
  @Query(() => [AccessPolicyEntry], { description: 'The policy table: role × purpose × category → decision (not listed: DENY)' })
  async accessPolicy(@Ctx() ctx: RequestContext): Promise<AccessPolicyEntry[]> {
    return (await this.policy.rows()).map(AccessPolicyEntry.from);
  }

  @Authorized('ADMIN')
  @Mutation(() => AccessPolicyEntry, { description: 'Set one decision; the change is kept with who made it' })
  async setAccessPolicy(
    @Arg('role', () => String) role: string,
    @Arg('purpose', () => String) purpose: string,
    @Arg('category', () => DataCategory) category: DataCategory,
    @Arg('decision', () => PolicyDecisionValue) decision: PolicyDecisionValue,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AccessPolicyEntry> {
    if (!(ROLES as readonly string[]).includes(role)) throw new HubError('BAD_USER_INPUT', 'role: not a role', { extensions: { argument: 'role' } });
    const row = await auditedMutation(ctx, info, (em) => this.policy.set({ role, purpose, category, decision }, ctx.principal.subject, em));
    this.policy.invalidate(); // committed now: no request may keep the old table cached
    return AccessPolicyEntry.from(row);
  }
}

/**
 * Recording consent is a capability of its own, not of a role: a consent statement lets its
 * recorder read the person for the purpose, so only clients that capture consent hold the scope.
 */
function assertMayRecordConsent(ctx: RequestContext): void {
  if (!hasScope(ctx.principal, CONSENT_RECORD_SCOPE)) throw new HubError('FORBIDDEN', `recording consent needs the ${CONSENT_RECORD_SCOPE} scope in the token`);
}

@Resolver()
export class ConsentResolver {
  constructor(private readonly consents: ConsentService) {}

  @Authorized('APP', 'STEWARD', 'ADMIN')
  @Mutation(() => Consent, { description: `Record a customer's consent to a purpose for some categories (token scope ${CONSENT_RECORD_SCOPE})` })
  async grantConsent(@Arg('input', () => GrantConsentInput) input: GrantConsentInput, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Consent> {
    assertMayRecordConsent(ctx);
    return Consent.from(await auditedMutation(ctx, info, (em) => this.consents.grant(input, ctx.principal.subject, em)));
  }

  @Authorized('APP', 'STEWARD', 'ADMIN')
  @Mutation(() => Consent, { description: `Record that a customer withdrew their consent to a purpose (token scope ${CONSENT_RECORD_SCOPE})` })
  async revokeConsent(@Arg('input', () => RevokeConsentInput) input: RevokeConsentInput, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Consent> {
    assertMayRecordConsent(ctx);
    return Consent.from(await auditedMutation(ctx, info, (em) => this.consents.revoke(input, ctx.principal.subject, em)));
  }
}
