/**
 * Pure step between a connector page and the database: standardizes each customer, hashes its
 * raw payload and sorts the page into rows to upsert and rows to quarantine. No I/O here, so the
 * ingest job, tests and benchmarks share it.
 *
 * A row is quarantined when its date of birth is not a real date (`BAD_DATE`), its consent cannot
 * be read (`BAD_CONSENT`), it is stamped after the hub's horizon (`FUTURE_TIMESTAMP`) or the
 * database could not store it (`UNSTORABLE_VALUE`, see storable.ts). Each source key gets one
 * verdict per page, its latest row's, so one key never holds two open quarantine entries.
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import stringify from 'safe-stable-stringify';
import type { MappedRow, QuarantineReason, QuarantinedRow as QuarantineVerdict, SourceCustomer } from '../../connectors/contract.js';
import { blockingKeys, standardizeCustomer, type StandardizedCustomer } from '../standardize/index.js';
import { sourceConsentRows, type SourceConsentRow } from './source-consents.js';
import { escapeUnstorable, storableKey, unstorableReason } from './storable.js';

/** a source record of an ingest page, standardized and ready to be written (ingest.repository.ts) */
export interface PageRecord {
  sourceKey: string;
  contentHash: string;
  raw: Record<string, unknown>;
  sourceUpdatedAt: Date;
  deleted: boolean;
  standardized: StandardizedCustomer;
  blockingKeys: string[];
  /** the source's current consent statements (stored in `source_consent`) */
  consents: SourceConsentRow[];
}

export interface QuarantineRow extends QuarantineVerdict {
  rawHash: string;
}

export interface PreparedPage {
  records: PageRecord[];
  quarantined: QuarantineRow[];
}

export interface PrepareOptions {
  /** the hub's clock plus its tolerance: rows stamped later are `FUTURE_TIMESTAMP` */
  horizon?: Date;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Key-order independent, so the same source row always hashes the same. */
export const contentHash = (raw: Record<string, unknown>): string => sha256(stringify(raw) ?? '');

// A date of birth that is present but not a real date makes the row unusable for matching and
// for KYC; the issue asks for such rows to be quarantined, not stored with a guessed date.
const BAD_DATE_CODES = new Set(['UNPARSABLE', 'IMPOSSIBLE_DATE', 'OUT_OF_RANGE']);

function badDateReason(std: StandardizedCustomer): string | null {
  const flag = std.flags.find((f) => f.field === 'dateOfBirth' && BAD_DATE_CODES.has(f.code));
  return flag ? `dateOfBirth: ${flag.code.toLowerCase().replace(/_/g, ' ')}` : null;
}

function toRecord(customer: SourceCustomer, standardized: StandardizedCustomer, consents: SourceConsentRow[]): PageRecord {
  return {
    sourceKey: customer.sourceKey,
    contentHash: contentHash(customer.raw),
    raw: customer.raw,
    sourceUpdatedAt: customer.updatedAt,
    deleted: customer.deleted,
    standardized,
    blockingKeys: blockingKeys(standardized),
    consents,
  };
}

/** A quarantine entry the database can hold: key and text escaped, an over-long key dropped. */
export function quarantineRow(verdict: QuarantineVerdict): QuarantineRow {
  const raw = escapeUnstorable(verdict.raw);
  return { sourceKey: storableKey(verdict.sourceKey), reason: verdict.reason, detail: escapeUnstorable(verdict.detail), raw, rawHash: sha256(raw) };
}

/**
 * One verdict per source key, the latest row's: if a page carries one key twice, the later row
 * wins (one upsert or one quarantine entry per key). Rows without a key are kept by raw hash.
 */
class PageVerdicts {
  private readonly verdicts = new Map<string, { record: PageRecord } | { quarantine: QuarantineRow }>();
  private readonly unkeyed = new Map<string, QuarantineRow>();

  constructor(private readonly options: PrepareOptions) {}

  private quarantine(verdict: QuarantineVerdict): void {
    const row = quarantineRow(verdict);
    if (row.sourceKey === null) this.unkeyed.set(row.rawHash, row);
    else {
      this.verdicts.delete(row.sourceKey);
      this.verdicts.set(row.sourceKey, { quarantine: row });
    }
  }

  add(rows: readonly MappedRow[]): void {
    const { horizon } = this.options;
    const verdicts = this.verdicts;
    const quarantine = (verdict: QuarantineVerdict) => this.quarantine(verdict);
    for (const row of rows) {
      if (!row.ok) {
        quarantine(row.quarantine);
        continue;
      }
      const { customer } = row;
      const reject = (reason: QuarantineReason, detail: string) =>
        quarantine({ sourceKey: customer.sourceKey, reason, detail, raw: JSON.stringify(customer.raw) ?? '' });
      if (horizon && customer.updatedAt.getTime() > horizon.getTime()) {
        reject('FUTURE_TIMESTAMP', "the change timestamp is later than the hub's clock plus its tolerance");
        continue;
      }
      const standardized = standardizeCustomer(customer);
      const badDate = badDateReason(standardized);
      if (badDate) {
        reject('BAD_DATE', badDate);
        continue;
      }
      const consents = sourceConsentRows(customer.consents);
      if (!consents.ok) {
        reject('BAD_CONSENT', consents.bad);
        continue;
      }
      const record = toRecord(customer, standardized, consents.rows);
      const unstorable = unstorableReason(record);
      if (unstorable) {
        reject('UNSTORABLE_VALUE', unstorable);
        continue;
      }
      verdicts.delete(customer.sourceKey); // re-inserted last: the map keeps the page's order of latest rows
      verdicts.set(customer.sourceKey, { record });
    }
  }

  result(): PreparedPage {
    const records: PageRecord[] = [];
    const quarantined: QuarantineRow[] = [...this.unkeyed.values()];
    for (const v of this.verdicts.values()) {
      if ('record' in v) records.push(v.record);
      else quarantined.push(v.quarantine);
    }
    return { records, quarantined };
  }
}

export function preparePage(rows: readonly MappedRow[], options: PrepareOptions = {}): PreparedPage {
  const verdicts = new PageVerdicts(options);
  verdicts.add(rows);
  return verdicts.result();
}

/**
 * `preparePage` a slice of rows at a time, with a turn of the event loop between slices: a page
 * of thousands of rows standardizes for seconds on a busy machine, and the worker's job lock and
 * health checks must not wait for it. Same result as one call (a later row of a key still wins).
 */
export async function preparePageInTurns(rows: readonly MappedRow[], options: PrepareOptions = {}, rowsPerTurn = 250): Promise<PreparedPage> {
  const verdicts = new PageVerdicts(options);
  for (let i = 0; i < rows.length; i += rowsPerTurn) {
    if (i > 0) await nextTurn();
    verdicts.add(rows.slice(i, i + rowsPerTurn));
  }
  return verdicts.result();
}
