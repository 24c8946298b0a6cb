import type { GraphQLResolveInfo } from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Info, Int, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { auditedMutation } from '../audit/audited-mutation.js';
import { Customer, GoldenFieldName } from '../customer/customer.types.js';
import type { GoldenField } from '../golden/survivorship/index.js';
import type { FieldOverridesService } from './field-overrides.service.js';
import { requireDataQuality } from './data-quality-purpose.js';

@Resolver()
export class FieldOverridesResolver {
  constructor(private readonly overrides: FieldOverridesService) {}

  @Authorized('STEWARD')
  @Mutation(() => Customer, {
    description:
      'Sets a steward’s value of one golden field (its attributes, e.g. {"dateOfBirth": "1990-01-02"}); survivorship keeps it through every re-run until clearOverride. ' +
      'expectedVersion is the customer’s version as read: a stale one is VERSION_CONFLICT (extensions.currentVersion), nothing written. Purpose DATA_QUALITY',
  })
  async overrideField(
    @Arg('customerId', () => String) customerId: string,
    @Arg('field', () => GoldenFieldName) field: GoldenField,
    @Arg('value', () => JSONObjectResolver) value: Record<string, unknown>,
    @Arg('reason', () => String) reason: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Customer> {
    requireDataQuality(ctx.purpose, 'overrideField');
    const row = await auditedMutation(ctx, info, (em) =>
      this.overrides.change({ customerId, field, value, reason, expectedVersion, actor: ctx.principal.subject }, em),
    );
    ctx.access.touched(row.id);
    return Customer.from(row);
  }

  @Authorized('STEWARD')
  @Mutation(() => Customer, { description: 'Clears a steward’s value: the field survives from the records again. Same version check. Purpose DATA_QUALITY' })
  async clearOverride(
    @Arg('customerId', () => String) customerId: string,
    @Arg('field', () => GoldenFieldName) field: GoldenField,
    @Arg('reason', () => String) reason: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Customer> {
    requireDataQuality(ctx.purpose, 'clearOverride');
    const row = await auditedMutation(ctx, info, (em) =>
      this.overrides.change({ customerId, field, value: null, reason, expectedVersion, actor: ctx.principal.subject }, em),
    );
    ctx.access.touched(row.id);
    return Customer.from(row);
  }
}
