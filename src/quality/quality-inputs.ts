/**
 * What the quality checks read of other capabilities' tables, through their owners' repositories
 * (ingest's source records and sync states, golden's ACTIVE customers), turned into the facts the
 * pure checks take (src/quality/checks). Reads only; the values read never leave the quality
 * worker's memory.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { activeGoldenIds, GoldenRepository } from '../golden/golden.repository.js';
import { IngestRepository } from '../ingest/ingest.repository.js';
import { SourceRecordRepository, type QualityCheckRow } from '../ingest/source-record.repository.js';
import { nameKey, type LinkedRecordFacts } from './checks/customer-checks.js';
import type { RecordFacts } from './checks/record-checks.js';
import type { SourceSyncFacts } from './checks/source-checks.js';

/** a source record with what the record checks read, and where it belongs */
export interface CheckedRecord {
  id: string;
  goldenId: string | null;
  deleted: boolean;
  facts: RecordFacts;
}

const toChecked = (r: QualityCheckRow): CheckedRecord => ({
  id: r.id,
  goldenId: r.golden_id,
  deleted: r.deleted,
  facts: {
    system: r.system,
    hasName: r.has_name,
    dateOfBirth: r.date_of_birth,
    nationalId: r.national_id,
    nationalIdType: r.national_id_type,
    gender: r.gender,
    phones: r.phones,
    emails: r.emails,
    hasAddress: r.has_address,
    flags: r.flags ?? [],
  },
});

export class QualityInputs {
  private readonly records: SourceRecordRepository;
  private readonly goldens: GoldenRepository;
  private readonly ingest: IngestRepository;

  constructor(em: EntityManager) {
    this.records = new SourceRecordRepository(em);
    this.goldens = new GoldenRepository(em);
    this.ingest = new IngestRepository(em);
  }

  /** the given source records (those that still exist, deleted ones included) */
  async recordsByIds(ids: readonly string[]): Promise<CheckedRecord[]> {
    return (await this.records.recordsForQualityChecks(ids)).map(toChecked);
  }

  /** the next page of source records in id order, after `afterId` */
  async recordPage(afterId: string | null, limit: number): Promise<CheckedRecord[]> {
    return (await this.records.qualityCheckPage(afterId, limit)).map(toChecked);
  }

  /** the golden customers the given records are linked to */
  customersOfRecords(ids: readonly string[]): Promise<string[]> {
    return this.records.goldenIdsOfRecords(ids);
  }

  /** the next page of ACTIVE golden customer ids after `afterId` */
  activeCustomerPage(afterId: string | null, limit: number): Promise<string[]> {
    return this.goldens.activeIdsAfter(afterId, limit);
  }

  /** for each of the given customers that is ACTIVE: its linked, non-deleted records as the consistency check compares them */
  async linkedRecordsOfActiveCustomers(goldenIds: readonly string[]): Promise<Map<string, LinkedRecordFacts[]>> {
    const linked = new Map<string, LinkedRecordFacts[]>();
    if (goldenIds.length === 0) return linked;
    const active = await this.goldens.activeAmong(goldenIds);
    for (const id of active) linked.set(id, []);
    for (const r of await this.records.identityFactsOf(active)) {
      linked.get(r.golden_id)?.push({ system: r.system, dateOfBirth: r.date_of_birth, nationalId: r.national_id, nameKey: nameKey(r.family_name_pinyin, r.given_name_pinyin) });
    }
    return linked;
  }

  /**
   * ACTIVE customers sharing a national id with another ACTIVE customer, with how many customers
   * share one with it (itself included) and which (golden ids, no values). `among`: only the
   * national ids these customers hold; absent, the whole set in one aggregate.
   */
  async customersSharingNationalId(among?: readonly string[]): Promise<{ goldenId: string; customers: number; others: string[] }[]> {
    const rows = await this.records.goldensSharingNationalId(activeGoldenIds(), among);
    return rows.map((r) => ({ goldenId: r.golden_id, customers: r.customers, others: r.others }));
  }

  /** customers holding any national id the given customers hold (themselves included) */
  async customersWithNationalIdsOf(goldenIds: readonly string[]): Promise<string[]> {
    return [...new Set([...goldenIds, ...(await this.records.goldensWithNationalIdsOf(goldenIds))])];
  }

  /** each given source system's sync state (a system never synced has none: caughtUpAt null) */
  async sourceSyncStates(systems: readonly string[]): Promise<SourceSyncFacts[]> {
    const bySystem = new Map((await this.ingest.connectorStates()).map((s) => [s.system as string, s]));
    return systems.map((system) => {
      const state = bySystem.get(system);
      return { system, caughtUpAt: state?.caughtUpAt ? new Date(state.caughtUpAt) : null, lastRunFailed: state?.status === 'FAILED' };
    });
  }
}
