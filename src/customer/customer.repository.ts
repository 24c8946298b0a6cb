/**
 * What the customer view reads, composed from the repositories of the capabilities that own the
 * tables (the view owns none): golden customers and their history (src/golden), linked records
 * (src/ingest), the scored pairs that linked them (src/matching) and, for consent-scoped lists,
 * current consent (src/policy). Every read takes a list of golden ids, so the per-request
 * loaders (customer.loaders.ts) fetch a whole page's records, history and links in one statement each.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SourceSystem } from '../../connectors/contract.js';
import type { SqlPart } from '../db/sql-part.js';
import {
  GoldenRepository,
  LISTED_GOLDEN_ID,
  segmentIn,
  type EventRow,
  type GoldenRow,
  type SegmentColumn,
} from '../golden/golden.repository.js';
import {
  hasLiveRecordIn,
  hasRecordWithSearchTerms,
  SourceRecordRepository,
  type LinkedRecordRow,
} from '../ingest/source-record.repository.js';
import { MatchingRepository, type LinkRow } from '../matching/matching.repository.js';
import { hasCurrentConsent } from '../policy/consent.repository.js';
import type { CustomerSearch } from './search.js';

export interface CustomerFilter {
  valueTiers?: string[] | null;
  riskGrades?: string[] | null;
  lifecycleStages?: string[] | null;
  sourceSystems?: SourceSystem[] | null;
}

/** the segment filters and the column each one reads */
const SEGMENT_COLUMNS: readonly (readonly [keyof CustomerFilter, SegmentColumn])[] = [
  ['valueTiers', 'value_tier'],
  ['riskGrades', 'risk_grade'],
  ['lifecycleStages', 'lifecycle_stage'],
];

export interface CustomerQuery {
  search: CustomerSearch | null;
  filter: CustomerFilter;
  /** only customers with a current, unexpired consent to this purpose for each category */
  consentedTo: { purpose: string; category: string }[];
}

export class CustomerRepository {
  private readonly goldens: GoldenRepository;
  private readonly records: SourceRecordRepository;
  private readonly matching: MatchingRepository;

  constructor(em: EntityManager) {
    this.goldens = new GoldenRepository(em);
    this.records = new SourceRecordRepository(em);
    this.matching = new MatchingRepository(em);
  }

  /** the golden customer an id names, following merge redirects; null when the id is unknown */
  resolve(id: string): Promise<GoldenRow | null> {
    return this.goldens.resolve(id);
  }

  /** the customer an id named at time `at`, from its history; null when it did not exist then */
  asOf(id: string, at: Date): Promise<{ row: GoldenRow; requestedId: string } | null> {
    return this.goldens.asOf(id, at);
  }

  /** every id merged, directly or through other merged ids, into this customer (not the id itself) */
  mergedInto(id: string): Promise<string[]> {
    return this.goldens.mergedInto(id);
  }

  /** the golden id a source record is linked to; undefined when there is no such record */
  goldenIdOfSourceKey(system: SourceSystem, sourceKey: string): Promise<string | null | undefined> {
    return this.records.goldenIdOfSourceKey(system, sourceKey);
  }

  /** one page of ACTIVE customers in id order, after `afterId` */
  page(query: CustomerQuery, afterId: string | null, limit: number): Promise<GoldenRow[]> {
    return this.goldens.activePage(conditions(query), afterId, limit);
  }

  count(query: CustomerQuery): Promise<number> {
    return this.goldens.countActive(conditions(query));
  }

  linkedRecords(goldenIds: readonly string[]): Promise<LinkedRecordRow[]> {
    return this.records.linkedRecordsOf(goldenIds);
  }

  events(goldenIds: readonly string[]): Promise<EventRow[]> {
    return this.goldens.historyOf(goldenIds);
  }

  /** scored pairs between records of one customer: the evidence that linked them */
  links(goldenIds: readonly string[]): Promise<LinkRow[]> {
    return this.matching.linksWithin(goldenIds);
  }
}

/** the list's conditions, each from the capability owning its table, in a fixed order */
function conditions(query: CustomerQuery): SqlPart[] {
  const parts: SqlPart[] = [];
  if (query.search) parts.push(hasRecordWithSearchTerms(LISTED_GOLDEN_ID, query.search.terms));
  for (const [filter, column] of SEGMENT_COLUMNS) {
    const values = query.filter[filter];
    if (values && values.length > 0) parts.push(segmentIn(column, values));
  }
  for (const { purpose, category } of query.consentedTo) parts.push(hasCurrentConsent(LISTED_GOLDEN_ID, purpose, category));
  const systems = query.filter.sourceSystems;
  if (systems && systems.length > 0) parts.push(hasLiveRecordIn(LISTED_GOLDEN_ID, systems));
  return parts;
}
