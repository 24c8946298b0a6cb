/**
 * Field conflicts: for one customer, the golden fields whose linked live records hold different
 * values (a record without a value is no conflict: survivorship never picks an empty value).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import stringify from 'safe-stable-stringify';
import { HubError } from '../errors.js';
import { isGoldenId } from '../customer/cursor.js';
import { GoldenRepository } from '../golden/golden.repository.js';
import { GOLDEN_FIELDS, GOLDEN_FIELD_ATTRIBUTES, GOLDEN_FIELD_VALUE_ATTRIBUTES, type GoldenAttributes, type GoldenField } from '../golden/survivorship/index.js';
import { SourceRecordRepository } from '../ingest/source-record.repository.js';
import { toLoadedRecord } from '../matching/record-rows.js';
import { ConflictValue, FieldConflict } from './field-conflicts.types.js';

const DAY_MS = 86_400_000;

export class FieldConflictsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** the customer (merge redirects followed) and its conflicting fields */
  async of(id: string): Promise<{ customerId: string; conflicts: FieldConflict[] }> {
    const requested = id.trim().toLowerCase();
    if (!isGoldenId(requested)) throw new HubError('BAD_USER_INPUT', 'customerId: not a customer id', { extensions: { argument: 'customerId' } });
    const em = this.orm.em.fork();
    const golden = await new GoldenRepository(em).resolve(requested);
    if (!golden) throw new HubError('NOT_FOUND', 'no customer with this id', { extensions: { argument: 'customerId' } });
    const records = new SourceRecordRepository(em);
    const linked = await records.linkedRecordsOf([golden.id]);
    const survivors = (await records.recordsForMatching(linked.map((r) => r.id))).map((r) => toLoadedRecord(r).survivor);
    const now = this.now().getTime();
    const conflicts: FieldConflict[] = [];
    for (const field of GOLDEN_FIELDS) {
      const holding = survivors.filter((r) => hasValue(r, field));
      const distinct = new Set(holding.map((r) => stringify(pick(r, field))));
      if (distinct.size < 2) continue;
      const shown = stringify(pick(golden.attributes, field));
      const values = holding
        .map((r) =>
          Object.assign(new ConflictValue(), {
            value: pick(r, field),
            system: r.system,
            sourceKey: r.sourceKey,
            recordId: r.recordId,
            sourceUpdatedAt: new Date(r.sourceUpdatedAt),
            ageDays: Math.max(0, (now - Date.parse(r.sourceUpdatedAt)) / DAY_MS),
            survived: stringify(pick(r, field)) === shown,
            subjectId: golden.id,
          }),
        )
        .sort((a, b) => b.sourceUpdatedAt.getTime() - a.sourceUpdatedAt.getTime() || a.recordId.localeCompare(b.recordId));
      conflicts.push(Object.assign(new FieldConflict(), { field, values }));
    }
    return { customerId: golden.id, conflicts };
  }
}

function pick(attributes: GoldenAttributes, field: GoldenField): Record<string, unknown> {
  return Object.fromEntries(GOLDEN_FIELD_ATTRIBUTES[field].map((a) => [a, attributes[a] ?? null]));
}

function hasValue(attributes: GoldenAttributes, field: GoldenField): boolean {
  return GOLDEN_FIELD_VALUE_ATTRIBUTES[field].some((a) => {
    const v = attributes[a];
    return Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && String(v).trim() !== '';
  });
}
