/**
 * A customer's consent statements as a field of `Customer`: here, not in policy, because the
 * customer view builds on the policy (customer imports policy, never the reverse).
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { DataCategory } from '../policy/categories.js';
import type { ConsentService } from '../policy/consent.service.js';
import { Personal } from '../policy/personal.js';
import { Consent } from '../policy/policy.types.js';
import { Customer } from './customer.types.js';

@Resolver(() => Customer)
export class CustomerConsentResolver {
  constructor(private readonly service: ConsentService) {}

  // what a person agreed to is about them: readable where their identity is
  @Personal(DataCategory.IDENTITY)
  @FieldResolver(() => [Consent], { nullable: true, description: 'every consent statement about this customer, the one given last first (hub and sources alike)' })
  async consents(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<Consent[]> {
    return (await this.service.historyLoader(ctx.scope).load(customer.id)).map(Consent.from);
  }
}
