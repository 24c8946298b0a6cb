import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import type { FieldConflictsService } from './field-conflicts.service.js';
import { FieldConflict } from './field-conflicts.types.js';
import { requireDataQuality } from './data-quality-purpose.js';

@Resolver()
export class FieldConflictsResolver {
  constructor(private readonly conflicts: FieldConflictsService) {}

  @Authorized('STEWARD')
  @Query(() => [FieldConflict], {
    description: 'The fields where a customer’s linked source records disagree, each value with its source and age (purpose DATA_QUALITY; merge redirects followed)',
  })
  async fieldConflicts(@Arg('customerId', () => String) customerId: string, @Ctx() ctx: RequestContext): Promise<FieldConflict[]> {
    requireDataQuality(ctx.purpose, 'fieldConflicts');
    const { customerId: id, conflicts } = await this.conflicts.of(customerId);
    ctx.access.touched(id);
    return conflicts;
  }
}
