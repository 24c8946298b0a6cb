/**
 * Reads of the single customer view: by id (merge redirects followed), by a source system's
 * key, and as a searchable, filterable list. One `CustomerReader` per request holds that
 * request's loaders, so a response's customers share their statements and connector calls.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { SourceSystem } from '../../connectors/contract.js';
import { HubError } from '../errors.js';
import { createCustomerLoaders, type CustomerLoaders } from './customer.loaders.js';
import { CustomerRepository, type CustomerFilter, type CustomerQuery } from './customer.repository.js';
import { Customer, CustomerConnection } from './customer.types.js';
import { decodeCursor, encodeCursor, isGoldenId } from './cursor.js';
import type { HoldingsGateway } from '../holdings/holdings.gateway.js';
import { parseCustomerSearch, type CustomerSearch, type SearchKind } from './search.js';
import { DataCategory } from '../policy/categories.js';
import type { RequestPolicy } from '../policy/policy.service.js';

/** the data category a search by each kind of value reveals */
const SEARCH_CATEGORY: Record<SearchKind, DataCategory> = {
  NAME: DataCategory.IDENTITY,
  PHONE: DataCategory.CONTACT,
  EMAIL: DataCategory.CONTACT,
  NATIONAL_ID: DataCategory.GOVERNMENT_ID,
};

/**
 * The category each filter argument reveals about the customers it finds: a filter tells what a
 * field holds exactly as reading the field would (`sourceSystem` is the systems of
 * `sourceRecords`, IDENTITY; segments are PROFILING). A new filter argument needs a line here.
 */
const FILTER_CATEGORY: Record<keyof CustomerFilter, DataCategory> = {
  valueTiers: DataCategory.PROFILING,
  riskGrades: DataCategory.PROFILING,
  lifecycleStages: DataCategory.PROFILING,
  sourceSystems: DataCategory.IDENTITY,
};

/** the categories a search and its filters run on, each once per argument */
function searchedCategories(search: CustomerSearch | null, filter: CustomerFilter): [string, DataCategory][] {
  const asked: [string, DataCategory][] = search ? [['search', SEARCH_CATEGORY[search.kind]]] : [];
  const filtered = new Set((Object.keys(FILTER_CATEGORY) as (keyof CustomerFilter)[]).filter((key) => filter[key]?.length).map((key) => FILTER_CATEGORY[key]));
  for (const category of filtered) asked.push(['filter', category]);
  return asked;
}

export interface CustomerListArgs {
  search?: string | null;
  filter?: CustomerFilter | null;
  first: number;
  after?: string | null;
}

export class CustomerService {
  constructor(
    private readonly orm: MikroORM,
    private readonly holdings: HoldingsGateway,
    readonly maxPageSize: number,
  ) {}

  forRequest(policy: RequestPolicy): CustomerReader {
    return new CustomerReader(new CustomerRepository(this.orm.em.fork()), this.holdings, policy, this.maxPageSize);
  }
}

export class CustomerReader {
  readonly loaders: CustomerLoaders;

  constructor(
    private readonly repository: CustomerRepository,
    holdings: HoldingsGateway,
    private readonly policy: RequestPolicy,
    private readonly maxPageSize: number,
  ) {
    this.loaders = createCustomerLoaders(repository, holdings);
  }

  async byId(id: string, asOf: Date | null = null): Promise<Customer> {
    this.policy.requirePurpose();
    const requested = id.trim().toLowerCase();
    if (!isGoldenId(requested)) throw new HubError('BAD_USER_INPUT', 'id: not a customer id', { extensions: { argument: 'id' } });
    if (asOf) {
      if (Number.isNaN(asOf.getTime())) throw new HubError('BAD_USER_INPUT', 'asOf: not a time', { extensions: { argument: 'asOf' } });
      const then = await this.repository.asOf(requested, asOf);
      if (!then) throw new HubError('NOT_FOUND', 'no customer with this id at that time', { extensions: { argument: 'id' } });
      return Object.assign(Customer.from(then.row, requested), { asOf });
    }
    const row = await this.repository.resolve(requested);
    if (!row) throw new HubError('NOT_FOUND', 'no customer with this id', { extensions: { argument: 'id' } });
    return Customer.from(row, requested);
  }

  /**
   * A lookup by source key tells which customer holds that record, as `sourceRecords` does: it
   * needs the right to read IDENTITY in full (only consenting customers are found under consent).
   */
  async bySourceKey(system: SourceSystem, key: string): Promise<{ customer: Customer; consentRef?: string }> {
    const mayShow = await this.policy.identityLookup('key');
    const goldenId = await this.repository.goldenIdOfSourceKey(system, key);
    const notFound = () => new HubError('NOT_FOUND', `no linked ${system} record with this key`, { extensions: { argument: 'key' } });
    // one answer for a missing, an unlinked and an unconsented record: none tells more than the others
    if (!goldenId) throw notFound();
    const row = await this.repository.resolve(goldenId);
    if (!row) throw notFound();
    const shown = await mayShow(row.id);
    if (!shown) throw notFound();
    return { customer: Customer.from(row), consentRef: shown.ref };
  }

  async list(args: CustomerListArgs): Promise<CustomerConnection> {
    if (!Number.isInteger(args.first) || args.first < 1) {
      throw new HubError('BAD_USER_INPUT', 'first: must be at least 1', { extensions: { argument: 'first' } });
    }
    if (args.first > this.maxPageSize) {
      throw new HubError('PAGE_SIZE_TOO_LARGE', `first: at most ${this.maxPageSize} customers per page`, {
        extensions: { argument: 'first', max: this.maxPageSize },
      });
    }
    this.policy.requirePurpose();
    const afterId = args.after ? decodeCursor(args.after) : null;
    const search = parseCustomerSearch(args.search);
    const filter = args.filter ?? {};
    const searched = searchedCategories(search, filter);
    const query: CustomerQuery = { search, filter, consentedTo: await this.allowedScope(searched) };
    // one row more than asked tells whether there is a next page, without counting
    const rows = await this.repository.page(query, afterId, args.first + 1);
    const page = rows.slice(0, args.first);
    const edges = page.map((row) => ({ cursor: encodeCursor(row.id), node: Customer.from(row) }));
    return Object.assign(new CustomerConnection(), {
      edges,
      pageInfo: {
        hasNextPage: rows.length > args.first,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      query,
      searched: [...new Set(searched.map(([, category]) => category))],
    });
  }

  /** the consent statements each customer of a consent-narrowed list was found by */
  async consentsRelied(connection: CustomerConnection): Promise<Map<string, string[]>> {
    const scoped = (connection.query as CustomerQuery).consentedTo.map((c) => c.category as DataCategory);
    const relied = new Map<string, string[]>();
    await Promise.all(
      connection.edges.map(async ({ node }) => {
        const refs = await Promise.all(scoped.map((category) => this.policy.consentFor(node.id, category)));
        relied.set(node.id, [...new Set(refs.flatMap((c) => (c?.ref ? [c.ref] : [])))]);
      }),
    );
    return relied;
  }

  /**
   * Searching or filtering by a personal value reveals it, so the caller needs the right to read
   * it in full: refused outright (FORBIDDEN) or narrowed to customers who consented.
   */
  private async allowedScope(asked: readonly [string, DataCategory][]): Promise<CustomerQuery['consentedTo']> {
    const consentedTo: CustomerQuery['consentedTo'] = [];
    for (const [argument, category] of asked) {
      const scope = await this.policy.searchScope(category);
      if (scope.kind === 'REFUSED') {
        throw new HubError('FORBIDDEN', `${argument}: not allowed on ${category} data for this role and purpose`, { extensions: { argument, reason: 'SEARCH_NOT_ALLOWED' } });
      }
      if (scope.kind === 'CONSENTED') consentedTo.push({ purpose: scope.purpose, category });
    }
    return consentedTo;
  }

  count(query: CustomerQuery): Promise<number> {
    return this.repository.count(query);
  }
}
