/** GraphQL shapes of the ingest capability. Entities are never exposed directly. */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { QUARANTINE_REASONS, type QuarantineReason as QuarantineReasonCode, type SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import type { SourceRecord } from './source-record.entity.js';
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';
import { maskDate, maskEmail, maskName, maskNationalId, maskPhone } from '../policy/masking.js';
import type { SourceSystemStatus } from './source-system.service.js';

/** GraphQL enum values (UPPER_CASE) over the internal codes. */
export const SourceSystem = { CORE_BANKING: 'core_banking', CARDS: 'cards', LOANS: 'loans' } as const;
registerEnumType(SourceSystem, { name: 'SourceSystem', description: 'A source system the hub reads customers from' });

export enum SyncStatus {
  IDLE = 'IDLE',
  RUNNING = 'RUNNING',
  FAILED = 'FAILED',
  NEVER_RUN = 'NEVER_RUN',
}
registerEnumType(SyncStatus, { name: 'SyncStatus' });

// the contract's list, as a GraphQL enum
const QuarantineReason = Object.fromEntries(Object.keys(QUARANTINE_REASONS).map((r) => [r, r])) as { [R in QuarantineReasonCode]: R };
registerEnumType(QuarantineReason, {
  name: 'QuarantineReason',
  description: 'Why a source row was quarantined',
  valuesConfig: Object.fromEntries(Object.entries(QUARANTINE_REASONS).map(([r, description]) => [r, { description }])),
});

@ObjectType({ description: 'Open quarantine entries of one reason' })
export class QuarantineCount {
  @Field(() => QuarantineReason) reason!: QuarantineReasonCode;
  @Field(() => Int) count!: number;
}

@ObjectType('ConnectorHealth')
export class ConnectorHealthView {
  @Field() ok!: boolean;
  @Field(() => Int) latencyMs!: number;
  @Field(() => String, { nullable: true }) detail?: string | null;
}

@ObjectType({ description: 'Rows read from a source, rows that changed in the hub, rows quarantined' })
export class SyncFigures {
  @Field(() => Float) rowsSeen!: number;
  @Field(() => Float) rowsChanged!: number;
  @Field(() => Float) rowsQuarantined!: number;
}

@ObjectType('SourceSystemStatus', { description: 'Sync status of one source system connector' })
export class SourceSystemStatusView {
  @Field(() => SourceSystem) system!: SourceSystemCode;
  @Field(() => SyncStatus) status!: SyncStatus;
  @Field(() => ConnectorHealthView) health!: ConnectorHealthView;
  @Field(() => DateTimeResolver, { nullable: true }) lastRunStartedAt?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) lastRunFinishedAt?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'last time a sync read the source to its end' })
  caughtUpAt?: Date | null;
  @Field(() => Float, { nullable: true, description: 'seconds since the hub was last caught up with this source' })
  lagSeconds?: number | null;
  @Field(() => SyncFigures) lastRun!: SyncFigures;
  @Field(() => SyncFigures) total!: SyncFigures;
  @Field(() => String, { nullable: true }) lastError?: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) lastErrorAt?: Date | null;
  @Field(() => Int, { description: 'source records held in the hub' }) records!: number;
  @Field(() => Int) deletedRecords!: number;
  @Field(() => Int, { description: 'quarantined rows not yet resolved' }) openQuarantine!: number;
  @Field(() => [QuarantineCount], { description: 'quarantined rows not yet resolved, per reason, most first' })
  openQuarantineByReason!: QuarantineCount[];

  static from(s: SourceSystemStatus, now = Date.now()): SourceSystemStatusView {
    const st = s.state;
    return Object.assign(new SourceSystemStatusView(), {
      system: s.system,
      status: (st?.status as SyncStatus | undefined) ?? SyncStatus.NEVER_RUN,
      health: { ...s.health, latencyMs: Math.round(s.health.latencyMs) },
      lastRunStartedAt: st?.lastRunStartedAt ?? null,
      lastRunFinishedAt: st?.lastRunFinishedAt ?? null,
      caughtUpAt: st?.caughtUpAt ?? null,
      lagSeconds: st?.caughtUpAt ? Math.max(0, (now - st.caughtUpAt.getTime()) / 1000) : null,
      lastRun: {
        rowsSeen: st?.lastRunRowsSeen ?? 0,
        rowsChanged: st?.lastRunRowsChanged ?? 0,
        rowsQuarantined: st?.lastRunRowsQuarantined ?? 0,
      },
      total: {
        rowsSeen: Number(st?.totalRowsSeen ?? 0),
        rowsChanged: Number(st?.totalRowsChanged ?? 0),
        rowsQuarantined: Number(st?.totalRowsQuarantined ?? 0),
      },
      lastError: st?.lastError ?? null,
      lastErrorAt: st?.lastErrorAt ?? null,
      records: s.records,
      deletedRecords: s.deletedRecords,
      openQuarantine: s.openQuarantine,
      openQuarantineByReason: s.openQuarantineByReason.map((q) => ({ reason: q.reason, count: q.count })),
    });
  }
}

@ObjectType()
export class StandardizedName {
  @Field(() => String, { nullable: true }) given?: string | null;
  @Field(() => String, { nullable: true }) family?: string | null;
  @Field(() => String, { nullable: true }) full?: string | null;
  @Field(() => String, { nullable: true, description: 'LATIN, CJK or MIXED' }) script?: string | null;
  @Field(() => String, { nullable: true }) givenPinyin?: string | null;
  @Field(() => String, { nullable: true }) familyPinyin?: string | null;
}

@ObjectType('StandardizationFlag')
export class StandardizationFlagView {
  @Field() field!: string;
  @Field() code!: string;
}

/** the access log's subject for reads of a source record linked to no customer */
export const unlinkedRecordSubject = (recordId: string): string => `source-record:${recordId}`;

@ObjectType('SourceRecord', { description: 'A customer record as one source system holds it, raw and standardized' })
export class SourceRecordView {
  @Field(() => ID) id!: string;
  @Field(() => SourceSystem) system!: SourceSystemCode;
  // the record's key in its system names whose record it is, as Customer.sourceRecords does
  @Personal(DataCategory.IDENTITY)
  @Field(() => String, { nullable: true }) sourceKey!: string;
  @Field(() => DateTimeResolver) sourceUpdatedAt!: Date;
  @Field() deleted!: boolean;
  @Personal(DataCategory.IDENTITY, maskName)
  @Field(() => StandardizedName, { nullable: true }) name!: StandardizedName | null;
  @Personal(DataCategory.IDENTITY, maskDate)
  @Field(() => String, { nullable: true, description: 'ISO date' }) dateOfBirth?: string | null;
  @Personal(DataCategory.GOVERNMENT_ID, maskNationalId)
  @Field(() => String, { nullable: true }) nationalId?: string | null;
  @Personal(DataCategory.GOVERNMENT_ID)
  @Field(() => String, { nullable: true }) nationalIdType?: string | null;
  @Personal(DataCategory.IDENTITY)
  @Field(() => String, { nullable: true }) gender?: string | null;
  @Personal(DataCategory.CONTACT, (phones: string[]) => phones.map(maskPhone))
  @Field(() => [String], { nullable: true, description: 'E.164' }) phones!: string[] | null;
  @Personal(DataCategory.CONTACT, (emails: string[]) => emails.map(maskEmail))
  @Field(() => [String], { nullable: true }) emails!: string[] | null;
  @Personal(DataCategory.CONTACT)
  @Field(() => [String], { nullable: true }) addressTokens!: string[] | null;
  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true }) postcode?: string | null;
  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true }) city?: string | null;
  // which of the person's values are invalid is a fact about those values
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @Field(() => [StandardizationFlagView], { nullable: true, description: 'values found invalid (flagged, not guessed)' })
  flags!: StandardizationFlagView[];
  // keys are built from the phone, e-mail, id number and name
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @Field(() => [String], { nullable: true }) blockingKeys!: string[] | null;
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @Field(() => JSONObjectResolver, { nullable: true, description: 'the row exactly as the source gave it' }) raw!: Record<string, unknown> | null;
  /** whose record (policy gate): its golden customer, null while unmatched */
  subjectId!: string | null;
  /** who the access log names: the golden customer, or the record itself while unmatched */
  get auditSubject(): string {
    return this.subjectId ?? unlinkedRecordSubject(this.id);
  }
  @Field(() => DateTimeResolver) firstSeenAt!: Date;
  @Field(() => DateTimeResolver) lastSeenAt!: Date;
  @Field(() => DateTimeResolver) lastChangedAt!: Date;

  static from(r: SourceRecord): SourceRecordView {
    return Object.assign(new SourceRecordView(), {
      id: r.id,
      subjectId: r.goldenId ?? null,
      system: r.system,
      sourceKey: r.sourceKey,
      sourceUpdatedAt: r.sourceUpdatedAt,
      deleted: r.deleted,
      name: {
        given: r.givenName,
        family: r.familyName,
        full: r.fullName,
        script: r.nameScript,
        givenPinyin: r.givenNamePinyin,
        familyPinyin: r.familyNamePinyin,
      },
      dateOfBirth: r.dateOfBirth,
      nationalId: r.nationalId,
      nationalIdType: r.nationalIdType,
      gender: r.gender,
      phones: r.phones,
      emails: r.emails,
      addressTokens: r.addressTokens,
      postcode: r.postcode,
      city: r.city,
      flags: r.standardizationFlags,
      blockingKeys: r.blockingKeys,
      raw: r.raw,
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.lastSeenAt,
      lastChangedAt: r.lastChangedAt,
    });
  }
}

@ObjectType()
export class SyncRequest {
  @Field(() => SourceSystem) system!: SourceSystemCode;
  @Field(() => String, { nullable: true, description: 'the queued job, or the one already waiting' }) jobId?: string | null;
}
