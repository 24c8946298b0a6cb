/**
 * A steward's sticky field values: `overrideField` sets one golden field's value, which
 * survivorship (pure) takes as input on every later run — incremental, batch, after a re-ingest
 * of a changed record — until `clearOverride`. Each change checks the customer's version
 * (`GoldenRepository.bumpVersionIf`: VERSION_CONFLICT with the current one, nothing written),
 * re-survives the customer at once and appends a golden_event with actor, reason, before, after.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { HubError } from '../errors.js';
import { isGoldenId } from '../customer/cursor.js';
import { GoldenRepository, type GoldenRow } from '../golden/golden.repository.js';
import {
  GOLDEN_FIELD_ATTRIBUTES,
  GOLDEN_FIELD_VALUE_ATTRIBUTES,
  LIST_ATTRIBUTES,
  survive,
  type GoldenAttributes,
  type GoldenField,
  type SurvivorshipPolicy,
} from '../golden/survivorship/index.js';
import { SourceRecordRepository } from '../ingest/source-record.repository.js';
import { toLoadedRecord } from '../matching/record-rows.js';

export interface OverrideChange {
  customerId: string;
  field: GoldenField;
  /** null: clear the override */
  value: Record<string, unknown> | null;
  reason: string;
  expectedVersion: number;
  actor: string;
}

export class FieldOverridesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly survivorship: SurvivorshipPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `em`: the mutation's transaction (with its access-log entry); default its own */
  async change(change: OverrideChange, em?: EntityManager): Promise<GoldenRow> {
    const requested = change.customerId.trim().toLowerCase();
    if (!isGoldenId(requested)) throw new HubError('BAD_USER_INPUT', 'customerId: not a customer id', { extensions: { argument: 'customerId' } });
    if (!change.reason || change.reason.trim() === '') throw new HubError('BAD_USER_INPUT', 'reason: required', { extensions: { argument: 'reason' } });
    const value = change.value === null ? null : checkedValue(change.field, change.value);
    const work = async (tx: EntityManager) => {
      const goldens = new GoldenRepository(tx);
      const row = await goldens.resolve(requested);
      if (!row) throw new HubError('NOT_FOUND', 'no customer with this id', { extensions: { argument: 'customerId' } });
      await goldens.bumpVersionIf(row.id, change.expectedVersion);
      if (value) await goldens.setOverride(row.id, change.field, value, change.actor, change.reason);
      else if (!(await goldens.clearOverride(row.id, change.field))) {
        throw new HubError('NOT_FOUND', 'this field has no override', { extensions: { argument: 'field' } });
      }
      const records = new SourceRecordRepository(tx);
      const linked = await records.linkedRecordsOf([row.id]);
      const members = (await records.recordsForMatching(linked.map((r) => r.id))).map((r) => toLoadedRecord(r).survivor);
      const overrides = (await goldens.overridesOf([row.id])).get(row.id);
      const survived = survive(members, this.survivorship, this.now(), overrides);
      await goldens.storeStewardSurvived(row.id, survived.attributes, survived.provenance);
      await goldens.appendEvents([
        {
          golden_id: row.id,
          type: value ? 'OVERRIDE_SET' : 'OVERRIDE_CLEARED',
          actor: change.actor,
          reason: change.reason,
          details: { field: change.field },
          before: row.attributes,
          after: survived.attributes,
        },
      ]);
      return (await goldens.resolve(row.id))!;
    };
    return em ? work(em) : this.orm.em.fork().transactional(work);
  }
}

/** the field's attributes only, each of its kind, and a value survivorship would accept */
function checkedValue(field: GoldenField, value: Record<string, unknown>): Partial<GoldenAttributes> {
  const bad = (why: string) => new HubError('BAD_USER_INPUT', `value: ${why}`, { extensions: { argument: 'value' } });
  const allowed = GOLDEN_FIELD_ATTRIBUTES[field];
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(allowed as readonly string[]).includes(key)) throw bad(`${field} holds only ${allowed.join(', ')}`);
    const list = LIST_ATTRIBUTES.has(key as keyof GoldenAttributes);
    if (list ? !(Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length <= 500)) : !(v === null || (typeof v === 'string' && v.length <= 500))) {
      throw bad(`${key} must be ${list ? 'a list of strings' : 'a string or null'}`);
    }
    out[key] = v;
  }
  const present = GOLDEN_FIELD_VALUE_ATTRIBUTES[field].some((a) => {
    const v = out[a];
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== '';
  });
  if (!present) throw bad(`give ${GOLDEN_FIELD_VALUE_ATTRIBUTES[field].join(' or ')} (to remove a steward's value, clearOverride)`);
  return out as Partial<GoldenAttributes>;
}
