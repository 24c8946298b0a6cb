import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { ROLES } from '../api/auth.js';
import { HubError } from '../errors.js';
import { Customer } from '../customer/customer.types.js';
import { DataCategory, Personal } from './categories.js';
import { AccessPolicyEntry, Consent, GrantConsentInput, PolicyDecisionValue, RevokeConsentInput } from './policy.types.js';

@Resolver()
export class AccessPolicyResolver {
  @Authorized('ADMIN', 'AUDITOR')
  @Query(() => [AccessPolicyEntry], { description: 'The policy table: role × purpose × category → decision (not listed: DENY)' })
  async accessPolicy(@Ctx() ctx: RequestContext): Promise<AccessPolicyEntry[]> {
    return (await ctx.services.policy.rows()).map(AccessPolicyEntry.from);
  }

  @Authorized('ADMIN')
  @Mutation(() => AccessPolicyEntry, { description: 'Set one decision; the change is kept with who made it' })
  async setAccessPolicy(
    @Arg('role', () => String) role: string,
    @Arg('purpose', () => String) purpose: string,
    @Arg('category', () => DataCategory) category: DataCategory,
    @Arg('decision', () => PolicyDecisionValue) decision: PolicyDecisionValue,
    @Ctx() ctx: RequestContext,
  ): Promise<AccessPolicyEntry> {
    if (!(ROLES as readonly string[]).includes(role)) throw new HubError('BAD_USER_INPUT', 'role: not a role', { extensions: { argument: 'role' } });
    return AccessPolicyEntry.from(await ctx.services.policy.set({ role, purpose, category, decision }, ctx.principal.subject));
  }
}

@Resolver()
export class ConsentResolver {
  @Authorized('APP', 'STEWARD', 'ADMIN')
  @Mutation(() => Consent, { description: "Record a customer's consent to a purpose for some categories" })
  async grantConsent(@Arg('input', () => GrantConsentInput) input: GrantConsentInput, @Ctx() ctx: RequestContext): Promise<Consent> {
    return Consent.from(await ctx.services.consents.grant(input, ctx.principal.subject));
  }

  @Authorized('APP', 'STEWARD', 'ADMIN')
  @Mutation(() => Consent, { description: "Record that a customer withdrew their consent to a purpose" })
  async revokeConsent(@Arg('input', () => RevokeConsentInput) input: RevokeConsentInput, @Ctx() ctx: RequestContext): Promise<Consent> {
    return Consent.from(await ctx.services.consents.revoke(input, ctx.principal.subject));
  }
}

@Resolver(() => Customer)
export class CustomerConsentResolver {
  // what a person agreed to is about them: readable where their identity is
  @Personal(DataCategory.IDENTITY)
  @FieldResolver(() => [Consent], { nullable: true, description: 'every consent event of this customer, newest first' })
  async consents(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<Consent[]> {
    return (await ctx.services.consents.historyLoader(ctx).load(customer.id)).map(Consent.from);
  }
}
