import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { SourceSystem } from '../../connectors/contract.js';
import type { StandardizedRecord } from '../standardize/index.js';

/**
 * One customer record as a source system holds it: the raw payload, its content hash (so a
 * re-read of an unchanged row is a no-op), the standardized fields and the blocking keys that
 * matching uses. Written in bulk by ingest.repository.ts (a page), read and linked through
 * source-record.repository.ts. The standardized fields are StandardizedRecord's (src/standardize),
 * checked below.
 */
@Entity({ tableName: 'source_record' })
@Unique({ properties: ['system', 'sourceKey'] })
@Index({ properties: ['blockingKeys'], type: 'gin' })
@Index({ properties: ['goldenId'] })
// for data quality's uniqueness re-check (who else holds this id), Migration20261202600000
@Index({ name: 'source_record_national_id_index', expression: 'create index "source_record_national_id_index" on "source_record" ("national_id") where "national_id" is not null' })
@Index({ name: 'source_record_match_pending_index', expression: 'create index "source_record_match_pending_index" on "source_record" ("match_pending_since") where "match_pending_since" is not null' })
export class SourceRecord {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  system!: SourceSystem;

  @Property({ type: 'text' })
  sourceKey!: string;

  /** sha256 of the canonical raw payload */
  @Property({ type: 'text' })
  contentHash!: string;

  @Property({ type: 'jsonb' })
  raw!: Record<string, unknown>;

  /** the source's own change timestamp */
  @Property({ type: 'timestamptz' })
  sourceUpdatedAt!: Date;

  @Property({ type: 'text', nullable: true })
  givenName?: string | null;

  @Property({ type: 'text', nullable: true })
  familyName?: string | null;

  @Property({ type: 'text', nullable: true })
  fullName?: string | null;

  @Property({ type: 'text', nullable: true })
  nameScript?: string | null;

  @Property({ type: 'text', nullable: true })
  givenNamePinyin?: string | null;

  @Property({ type: 'text', nullable: true })
  familyNamePinyin?: string | null;

  /** ISO date, kept as text in JS so no time zone can shift it */
  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string | null;

  @Property({ type: 'text', nullable: true })
  nationalId?: string | null;

  @Property({ type: 'text', nullable: true })
  nationalIdType?: string | null;

  @Property({ type: 'text', nullable: true })
  gender?: string | null;

  @Property({ type: 'text[]', default: '{}' })
  phones: string[] = [];

  @Property({ type: 'text[]', default: '{}' })
  emails: string[] = [];

  @Property({ type: 'text[]', default: '{}' })
  addressTokens: string[] = [];

  @Property({ type: 'text', nullable: true })
  postcode?: string | null;

  @Property({ type: 'text', nullable: true })
  city?: string | null;

  /** values standardization found invalid: [{ field, code }] (the values themselves are not kept) */
  @Property({ type: 'jsonb', default: '[]' })
  standardizationFlags: { field: string; code: string }[] = [];

  @Property({ type: 'text[]', default: '{}' })
  blockingKeys: string[] = [];

  @Property({ type: 'boolean', default: false })
  deleted = false;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  firstSeenAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  lastSeenAt!: Date;

  /** the golden customer this record is linked to (null until matched, or when deleted) */
  @Property({ type: 'uuid', nullable: true })
  goldenId?: string | null;

  /** AUTO (by the matcher) or STEWARD (by a person's decision) */
  @Property({ type: 'text', nullable: true })
  linkType?: 'AUTO' | 'STEWARD' | null;

  /** when the record last needed matching: set on every content change, cleared once matched */
  @Property({ type: 'timestamptz', nullable: true })
  matchPendingSince?: Date | null;

  /** when the content hash last changed (or the row was first stored) */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  lastChangedAt!: Date;
}

/** the entity has a property for every field of the standardized record: a field added there does not compile until it is stored */
const storesEveryStandardizedField: [Exclude<keyof StandardizedRecord, keyof SourceRecord>] extends [never] ? true : never = true;
void storesEveryStandardizedField;
