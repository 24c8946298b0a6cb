import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import type { CustomerReaders } from '../customer/customer.resolver.js';
import type { SubjectRightsService } from './subject-rights.service.js';
import { CustomerDataExport } from './subject-rights.types.js';

@Resolver()
export class SubjectRightsResolver {
  constructor(
    private readonly subjectRights: SubjectRightsService,
    private readonly readers: CustomerReaders,
  ) {}

  // stewards answer data subjects' requests; admins may, under the policy table's say
  @Authorized('STEWARD', 'ADMIN')
  @Query(() => CustomerDataExport, {
    description: 'Everything held about one person, their consents and who accessed their data (PIPL Art. 45). Purpose SUBJECT_RIGHTS only; logged as a read of the person',
  })
  customerDataExport(@Arg('id', () => String) id: string, @Ctx() ctx: RequestContext): Promise<CustomerDataExport> {
    return this.subjectRights.export(ctx.purpose, this.readers.of(ctx), id);
  }
}
