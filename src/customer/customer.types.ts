/** GraphQL shapes of the single customer view. Rows are mapped here; entities are never exposed. */
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Holding, SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import { PageInfo } from '../api/page-info.js';
import { GOLDEN_FIELDS, type GoldenField, type Provenance } from '../golden/survivorship/index.js';
import { SourceSystem } from '../ingest/source-system.types.js';
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';
import { maskAddress, maskDate, maskEmail, maskName, maskNationalId, maskPhone } from '../policy/masking.js';
import { CustomerSegments, LifecycleStage, RiskGrade, ValueTier } from '../segments/segment.types.js';
import type { GoldenStatus } from '../golden/golden-customer.entity.js';
import { asDate } from '../db/timestamp.js';
import type { EventRow, GoldenRow } from '../golden/golden.repository.js';
import type { LinkedRecordRow } from '../ingest/source-record.repository.js';
import type { LinkRow } from '../matching/matching.repository.js';

// the API kit's Relay PageInfo, still exported here for code that took it from the customer types
export { PageInfo };

export enum CustomerStatus {
  ACTIVE = 'ACTIVE',
  MERGED = 'MERGED',
  RETIRED = 'RETIRED',
}
registerEnumType(CustomerStatus, {
  name: 'CustomerStatus',
  description: 'ACTIVE: a current customer; MERGED: absorbed into another (ids redirect); RETIRED: no source record left',
});

export const GoldenFieldName = Object.fromEntries(GOLDEN_FIELDS.map((f) => [f.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(), f])) as Record<string, GoldenField>;
registerEnumType(GoldenFieldName, { name: 'GoldenField', description: 'A unit of survivorship: its values always come from one source record' });

@ObjectType({ description: 'A name as survived: comparison forms of its parts and the display form' })
export class PersonName {
  @Field(() => String, { nullable: true }) given!: string | null;
  @Field(() => String, { nullable: true }) family!: string | null;
  @Field(() => String, { nullable: true, description: 'for display, in the source spelling' }) full!: string | null;
  @Field(() => String, { nullable: true, description: 'LATIN, CJK or MIXED' }) script!: string | null;
}

@ObjectType()
export class NationalId {
  @Field() number!: string;
  @Field(() => String, { nullable: true, description: 'CN_RESIDENT, PASSPORT or OTHER' }) type!: string | null;
}

@ObjectType()
export class CustomerAddress {
  @Field(() => [String], { description: 'standardized address tokens' }) tokens!: string[];
  @Field(() => String, { nullable: true }) postcode!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
}

@ObjectType({ description: 'Where a survived value comes from and why it won' })
export class FieldProvenance {
  @Field(() => GoldenFieldName) field!: GoldenField;
  @Field(() => Int, { nullable: true, description: 'for list fields (phones, emails): the value this entry is for' })
  valueIndex!: number | null;
  @Field(() => SourceSystem, { nullable: true, description: 'null for a steward’s value' }) system!: SourceSystemCode | null;
  @Field(() => String, { nullable: true }) sourceKey!: string | null;
  @Field(() => ID, { nullable: true }) recordId!: string | null;
  @Field({ description: 'the survivorship rule that decided: SOURCE_TRUST, MOST_RECENT, …, ONLY_VALUE, TIE_BREAK, or STEWARD_OVERRIDE (a steward’s value)' }) rule!: string;
  @Field(() => DateTimeResolver, { description: "the source record's own change time; for a steward's value, when it was set" }) sourceUpdatedAt!: Date;
  @Field(() => DateTimeResolver) survivedAt!: Date;
  @Field(() => String, { nullable: true, description: 'STEWARD_OVERRIDE: the steward' }) actor!: string | null;
  @Field(() => String, { nullable: true, description: 'STEWARD_OVERRIDE: the steward’s reason' }) reason!: string | null;
}

@ObjectType({ description: 'A source record linked to the customer' })
export class LinkedSourceRecord {
  @Field(() => ID) recordId!: string;
  @Field(() => SourceSystem) system!: SourceSystemCode;
  @Field() sourceKey!: string;
  @Field(() => String, { nullable: true, description: 'AUTO (matcher) or STEWARD (a person decided)' }) linkType!: string | null;
  @Field(() => DateTimeResolver) sourceUpdatedAt!: Date;
  @Field(() => DateTimeResolver) firstSeenAt!: Date;
  @Field(() => DateTimeResolver) lastSeenAt!: Date;

  static from(r: LinkedRecordRow): LinkedSourceRecord {
    return Object.assign(new LinkedSourceRecord(), {
      recordId: r.id,
      system: r.system,
      sourceKey: r.source_key,
      linkType: r.link_type,
      sourceUpdatedAt: asDate(r.source_updated_at),
      firstSeenAt: asDate(r.first_seen_at),
      lastSeenAt: asDate(r.last_seen_at),
    });
  }
}

@ObjectType({ description: 'One entry of a customer history: created, merged, split, records linked, attributes changed' })
export class CustomerEvent {
  @Field(() => ID) id!: string;
  @Field() type!: string;
  @Field({ description: '`matcher` for automatic runs, else the steward' }) actor!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => JSONObjectResolver, { description: 'ids involved: absorbed or new golden ids, record ids' }) details!: Record<string, unknown>;
  @Field(() => JSONObjectResolver, { nullable: true }) before!: Record<string, unknown> | null;
  @Field(() => JSONObjectResolver, { nullable: true }) after!: Record<string, unknown> | null;
  @Field(() => DateTimeResolver) at!: Date;

  static from(e: EventRow): CustomerEvent {
    return Object.assign(new CustomerEvent(), { id: e.id, type: e.type, actor: e.actor, reason: e.reason, details: e.details, before: e.before, after: e.after, at: asDate(e.at) });
  }
}

@ObjectType({ description: 'A scored pair of the customer’s records: why they were linked' })
export class MatchLink {
  @Field(() => ID) recordA!: string;
  @Field(() => ID) recordB!: string;
  @Field(() => Float, { description: 'match probability' }) probability!: number;
  @Field(() => Float, { description: 'Fellegi-Sunter match weight (log2 Bayes factor)' }) weight!: number;
  @Field({ description: 'AUTO_LINK, REVIEW, NOT_A_MATCH or STEWARD_LINK (a steward linked them)' }) status!: string;
  @Field(() => JSONObjectResolver, { description: 'per comparison: field, level reached, weight' }) explanation!: Record<string, unknown>;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) decidedAt!: Date | null;
  @Field(() => DateTimeResolver) scoredAt!: Date;

  static from(l: LinkRow): MatchLink {
    return Object.assign(new MatchLink(), {
      recordA: l.record_a,
      recordB: l.record_b,
      probability: l.probability,
      weight: l.weight,
      status: l.status,
      explanation: l.explanation,
      decidedBy: l.decided_by,
      decidedAt: l.decided_at === null ? null : asDate(l.decided_at),
      scoredAt: asDate(l.scored_at),
    });
  }
}

@ObjectType({ description: 'A product as its source system holds it now' })
export class ProductHolding {
  @Field({ description: 'DEPOSIT_ACCOUNT, CARD or LOAN' }) kind!: string;
  @Field(() => SourceSystem) system!: SourceSystemCode;
  // the key of the customer's record in that source, as `Customer.sourceRecords` gives it
  @Personal(DataCategory.IDENTITY)
  @Field(() => String, { nullable: true, description: "the customer's key in that source" }) sourceKey!: string;
  @Field({ description: 'account number, card id or loan id' }) productId!: string;
  @Field() product!: string;
  @Field() currency!: string;
  @Field(() => Float, { description: 'deposit balance, card balance owed, loan outstanding' }) balance!: number;
  @Field(() => Float, { nullable: true }) creditLimit!: number | null;
  @Field(() => Int, { nullable: true }) daysPastDue!: number | null;
  @Field(() => String, { nullable: true, description: 'PRIMARY or CO_BORROWER (loans)' }) role!: string | null;
  @Field() status!: string;
  @Field(() => String, { nullable: true, description: 'ISO date' }) openedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO date' }) lastActivityAt!: string | null;
  @Field(() => String, { nullable: true }) maskedNumber!: string | null;

  /** whose product (policy gate) */
  subjectId!: string;

  static from(system: SourceSystemCode, h: Holding, subjectId: string): ProductHolding {
    return Object.assign(new ProductHolding(), {
      ...h,
      system,
      subjectId,
      creditLimit: h.creditLimit ?? null,
      daysPastDue: h.daysPastDue ?? null,
      role: h.role ?? null,
      openedAt: h.openedAt ?? null,
      lastActivityAt: h.lastActivityAt ?? null,
      maskedNumber: h.maskedNumber ?? null,
    });
  }
}

/** which source each part of the holdings is read from */
export const HOLDING_SOURCES = { deposits: 'core_banking', cards: 'cards', loans: 'loans' } as const satisfies Record<string, SourceSystemCode>;

@ObjectType({ description: 'Live holdings; a part whose source is down is null with a SOURCE_UNAVAILABLE error naming the source' })
export class Holdings {
  goldenId!: string;

  /** whose holdings (policy gate) */
  get subjectId(): string {
    return this.goldenId;
  }
}

@ObjectType({ description: 'One golden customer: survived fields with provenance, linked records, history, links, holdings' })
export class Customer {
  @Field(() => ID) id!: string;
  @Field(() => CustomerStatus) status!: GoldenStatus;
  @Field(() => ID, { nullable: true, description: 'the id that was asked for, when it was merged into this customer' })
  redirectedFrom!: string | null;
  @Field(() => Int, { description: 'bumped on every change (optimistic lock for steward edits)' }) version!: number;
  @Personal(DataCategory.IDENTITY, maskName)
  @Field(() => PersonName, { nullable: true }) name!: PersonName | null;
  @Personal(DataCategory.IDENTITY, maskDate)
  @Field(() => String, { nullable: true, description: 'ISO date' }) dateOfBirth!: string | null;
  @Personal(DataCategory.IDENTITY)
  @Field(() => String, { nullable: true }) gender!: string | null;
  @Personal(DataCategory.GOVERNMENT_ID, (id: NationalId) => ({ number: maskNationalId(id.number), type: id.type }))
  @Field(() => NationalId, { nullable: true }) nationalId!: NationalId | null;
  @Personal(DataCategory.CONTACT, (phones: string[]) => phones.map(maskPhone))
  @Field(() => [String], { nullable: true, description: 'E.164, best first' }) phones!: string[] | null;
  @Personal(DataCategory.CONTACT, (emails: string[]) => emails.map(maskEmail))
  @Field(() => [String], { nullable: true, description: 'best first' }) emails!: string[] | null;
  @Personal(DataCategory.CONTACT, maskAddress)
  @Field(() => CustomerAddress, { nullable: true }) address!: CustomerAddress | null;
  // how many systems hold a record of the person is part of what `sourceRecords` tells
  @Personal(DataCategory.IDENTITY)
  @Field(() => Int, { nullable: true, description: 'source records linked' }) recordCount!: number;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver) updatedAt!: Date;
  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'the time asked for (customer(id, asOf)): the survived fields, status and provenance are as they were then; records, history, links, segments and holdings are today’s',
  })
  asOf: Date | null = null;
  /** the row behind the view, for field resolvers */
  row!: GoldenRow;
  /** whose data (policy gate) */
  get subjectId(): string {
    return this.id;
  }

  static from(row: GoldenRow, requestedId: string = row.id): Customer {
    const a = row.attributes;
    const hasName = a.givenName !== null || a.familyName !== null || a.fullName !== null;
    const hasAddress = a.addressTokens.length > 0 || a.postcode !== null || a.city !== null;
    return Object.assign(new Customer(), {
      id: row.id,
      status: row.status,
      redirectedFrom: requestedId === row.id ? null : requestedId,
      version: row.version,
      name: hasName ? { given: a.givenName, family: a.familyName, full: a.fullName, script: a.nameScript } : null,
      dateOfBirth: a.dateOfBirth,
      gender: a.gender,
      nationalId: a.nationalId ? { number: a.nationalId, type: a.nationalIdType } : null,
      phones: a.phones,
      emails: a.emails,
      address: hasAddress ? { tokens: a.addressTokens, postcode: a.postcode, city: a.city } : null,
      recordCount: row.record_count,
      createdAt: asDate(row.created_at),
      updatedAt: asDate(row.updated_at),
      row,
    });
  }
}

/** the stored segments with their explanation; null until the segments job has seen the customer */
export function customerSegments(row: GoldenRow): CustomerSegments | null {
  return CustomerSegments.from({
    valueTier: row.value_tier,
    riskGrade: row.risk_grade,
    lifecycleStage: row.lifecycle_stage,
    segmentExplanation: row.segment_explanation,
    segmentedAt: row.segmented_at === null ? null : asDate(row.segmented_at),
  }, row.id);
}

/** the provenance of every survived field, one entry per value of list fields */
export function fieldProvenance(row: GoldenRow): FieldProvenance[] {
  const entries: FieldProvenance[] = [];
  for (const field of GOLDEN_FIELDS) {
    const p = row.provenance[field];
    if (!p) continue;
    const list: (Provenance | undefined)[] = Array.isArray(p) ? p : [p];
    list.forEach((one, i) => {
      if (!one) return;
      entries.push(
        Object.assign(new FieldProvenance(), {
          field,
          valueIndex: Array.isArray(p) ? i : null,
          system: (one.system || null) as SourceSystemCode | null,
          sourceKey: one.sourceKey || null,
          recordId: one.recordId || null,
          rule: one.rule,
          sourceUpdatedAt: new Date(one.sourceUpdatedAt),
          survivedAt: new Date(one.survivedAt),
          actor: one.actor ?? null,
          reason: one.reason ?? null,
        }),
      );
    });
  }
  return entries;
}

@ObjectType()
export class CustomerEdge {
  @Field() cursor!: string;
  @Field(() => Customer) node!: Customer;
}

@ObjectType({ description: 'A page of customers (Relay connection), in a stable order' })
export class CustomerConnection {
  @Field(() => [CustomerEdge]) edges!: CustomerEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  /** the list's query, for totalCount */
  query!: unknown;
  /** data categories the search and filters ran on: each customer found was read in them */
  searched!: string[];
}

@InputType({ description: 'Customers matching every given criterion (each list: any of its values)' })
export class CustomerFilterInput {
  @Field(() => [ValueTier], { nullable: true }) valueTier?: ValueTier[] | null;
  @Field(() => [RiskGrade], { nullable: true }) riskGrade?: RiskGrade[] | null;
  @Field(() => [LifecycleStage], { nullable: true }) lifecycleStage?: LifecycleStage[] | null;
  @Field(() => [SourceSystem], { nullable: true, description: 'has a record in one of these systems' })
  sourceSystem?: SourceSystemCode[] | null;
}
