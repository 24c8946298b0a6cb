import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Holding, SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import type { RequestContext } from '../api/context.js';
import { RequestSlot } from '../api/request-scope.js';
import { SourceSystem } from '../ingest/source-system.types.js';
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';
import type { PolicyService } from '../policy/policy.service.js';
import { CustomerSegments } from '../segments/segment.types.js';
import type { CustomerQuery } from './customer.repository.js';
import type { CustomerReader, CustomerService } from './customer.service.js';
import {
  Customer,
  CustomerConnection,
  CustomerEvent,
  CustomerFilterInput,
  customerSegments,
  FieldProvenance,
  fieldProvenance,
  HOLDING_SOURCES,
  Holdings,
  LinkedSourceRecord,
  MatchLink,
  ProductHolding,
} from './customer.types.js';

/** roles that read customers: internal apps, stewards and admins (auditors read the access log) */
const READERS = ['APP', 'STEWARD', 'ADMIN'];

/** The request's customer reader (its loaders and the caller's policy), shared by the customer resolvers and subject rights. */
export class CustomerReaders {
  private readonly slot = new RequestSlot<CustomerReader>('customer reader');

  constructor(
    private readonly customers: CustomerService,
    private readonly policy: PolicyService,
  ) {}

  /** one per request, kept in its scope and dropped with it */
  of(ctx: RequestContext): CustomerReader {
    return ctx.scope.of(this.slot, () => this.customers.forRequest(this.policy.forRequest(ctx, ctx.scope)));
  }
}

/** every customer in an answer is logged, even one whose only field is its id (or cursor) */
function touched(ctx: RequestContext, customer: Customer): Customer {
  ctx.access.touched(customer.id);
  return customer;
}

@Resolver(() => Customer)
export class CustomerResolver {
  constructor(private readonly readers: CustomerReaders) {}

  @Authorized(...READERS)
  @Query(() => Customer, {
    description:
      'One customer by id; a merged-away id answers with its survivor and says so in redirectedFrom. With asOf: as the customer was at that time, ' +
      'from its history (NOT_FOUND if it did not exist yet; an id merged away later answers as it was)',
  })
  async customer(
    @Arg('id', () => String) id: string,
    @Arg('asOf', () => DateTimeResolver, { nullable: true }) asOf: Date | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    return touched(ctx, await this.readers.of(ctx).byId(id, asOf));
  }

  @Authorized(...READERS)
  @Query(() => Customer, { description: 'The customer a source record is linked to' })
  async customerBySourceKey(
    @Arg('system', () => SourceSystem) system: SourceSystemCode,
    @Arg('key', () => String) key: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    const { customer, consentRef } = await this.readers.of(ctx).bySourceKey(system, key);
    touched(ctx, customer);
    ctx.access.searched(customer.id, DataCategory.IDENTITY);
    if (consentRef) ctx.access.reliedOn(customer.id, consentRef);
    return customer;
  }

  @Authorized(...READERS)
  @Query(() => CustomerConnection, { description: 'Active customers by name (Latin or Han), phone, e-mail or id number, and filters' })
  async customers(
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('filter', () => CustomerFilterInput, { nullable: true }) filter: CustomerFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CustomerConnection> {
    const criteria = filter && {
      valueTiers: filter.valueTier,
      riskGrades: filter.riskGrade,
      lifecycleStages: filter.lifecycleStage,
      sourceSystems: filter.sourceSystem,
    };
    const reader = this.readers.of(ctx);
    const connection = await reader.list({ search, filter: criteria, first, after });
    const relied = await reader.consentsRelied(connection);
    for (const { node } of connection.edges) {
      touched(ctx, node);
      for (const category of connection.searched) ctx.access.searched(node.id, category);
      for (const ref of relied.get(node.id) ?? []) ctx.access.reliedOn(node.id, ref);
    }
    return connection;
  }

  @Personal(DataCategory.PROFILING)
  @FieldResolver(() => CustomerSegments, { nullable: true, description: 'value tier, risk grade and lifecycle stage, with the rules that gave them' })
  segments(@Root() customer: Customer): CustomerSegments | null {
    return customerSegments(customer.row);
  }

  @Personal(DataCategory.IDENTITY)
  @FieldResolver(() => [FieldProvenance], { nullable: true, description: 'for every survived value: source, rule and time' })
  provenance(@Root() customer: Customer): FieldProvenance[] {
    return fieldProvenance(customer.row);
  }

  @Personal(DataCategory.IDENTITY)
  @FieldResolver(() => [LinkedSourceRecord], { nullable: true })
  async sourceRecords(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<LinkedSourceRecord[]> {
    return (await this.readers.of(ctx).loaders.records.load(customer.id)).map(LinkedSourceRecord.from);
  }

  // before/after snapshots hold every kind of attribute
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @FieldResolver(() => [CustomerEvent], { nullable: true, description: 'newest first, at most 100' })
  async history(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<CustomerEvent[]> {
    return (await this.readers.of(ctx).loaders.events.load(customer.id)).map(CustomerEvent.from);
  }

  // explanations quote the compared values
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @FieldResolver(() => [MatchLink], { nullable: true, description: 'the scored pairs between this customer’s records, strongest first' })
  async links(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<MatchLink[]> {
    return (await this.readers.of(ctx).loaders.links.load(customer.id)).map(MatchLink.from);
  }

  @Personal(DataCategory.FINANCIAL)
  @FieldResolver(() => Holdings, { nullable: true, description: 'live from the source systems' })
  holdings(@Root() customer: Customer): Holdings {
    return Object.assign(new Holdings(), { goldenId: customer.id });
  }
}

@Resolver(() => CustomerConnection)
export class CustomerConnectionResolver {
  constructor(private readonly readers: CustomerReaders) {}

  @FieldResolver(() => Int, { description: 'customers matching the search and filter (counted only when asked)' })
  totalCount(@Root() connection: CustomerConnection, @Ctx() ctx: RequestContext): Promise<number> {
    return this.readers.of(ctx).count(connection.query as CustomerQuery);
  }
}

@Resolver(() => Holdings)
export class HoldingsResolver {
  constructor(private readonly readers: CustomerReaders) {}

  @FieldResolver(() => [ProductHolding], { nullable: true, description: 'deposit accounts (core banking)' })
  deposits(@Root() holdings: Holdings, @Ctx() ctx: RequestContext): Promise<ProductHolding[]> {
    return holdingsFrom(this.readers.of(ctx), HOLDING_SOURCES.deposits, holdings.goldenId);
  }

  @FieldResolver(() => [ProductHolding], { nullable: true, description: 'cards (cards system)' })
  cards(@Root() holdings: Holdings, @Ctx() ctx: RequestContext): Promise<ProductHolding[]> {
    return holdingsFrom(this.readers.of(ctx), HOLDING_SOURCES.cards, holdings.goldenId);
  }

  @FieldResolver(() => [ProductHolding], { nullable: true, description: 'loans, as borrower or co-borrower (loans system)' })
  loans(@Root() holdings: Holdings, @Ctx() ctx: RequestContext): Promise<ProductHolding[]> {
    return holdingsFrom(this.readers.of(ctx), HOLDING_SOURCES.loans, holdings.goldenId);
  }
}

/** the holdings of every record the customer has in one source, through that source's loader */
async function holdingsFrom({ loaders }: CustomerReader, system: SourceSystemCode, goldenId: string): Promise<ProductHolding[]> {
  const keys = (await loaders.records.load(goldenId)).filter((r) => r.system === system).map((r) => r.source_key);
  if (keys.length === 0) return [];
  const perKey = await loaders.holdings(system).loadMany(keys);
  const failed = perKey.find((h): h is Error => h instanceof Error);
  if (failed) throw failed;
  return (perKey as Holding[][]).flat().map((h) => ProductHolding.from(system, h, goldenId));
}
