/**
 * Pure step between a connector page and the database: standardizes each customer, hashes its
 * raw payload and sorts the page into rows to upsert and rows to quarantine. No I/O here, so the
 * ingest job, tests and benchmarks share it.
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import stringify from 'safe-stable-stringify';
import type { MappedRow, QuarantineReason, QuarantinedRow as QuarantineVerdict, SourceCustomer } from '../../connectors/contract.js';
import { blockingKeys, standardizeCustomer, type StandardizedCustomer } from '../standardize/index.js';
import { sourceConsentRows, type SourceConsentRow } from './source-consents.js';

export interface RecordRow {
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
  records: RecordRow[];
  quarantined: QuarantineRow[];
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

function toRecord(customer: SourceCustomer, standardized: StandardizedCustomer, consents: SourceConsentRow[]): RecordRow {
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

export function preparePage(rows: readonly MappedRow[]): PreparedPage {
  // Keyed by source key: if a page carries one key twice, the later row wins (one upsert per key).
  const records = new Map<string, RecordRow>();
  const quarantined: QuarantineRow[] = [];
  for (const row of rows) {
    if (!row.ok) {
      quarantined.push({ ...row.quarantine, rawHash: sha256(row.quarantine.raw) });
      continue;
    }
    const standardized = standardizeCustomer(row.customer);
    const reject = (reason: QuarantineReason, detail: string) => {
      const raw = JSON.stringify(row.customer.raw);
      quarantined.push({ sourceKey: row.customer.sourceKey, reason, detail, raw, rawHash: sha256(raw) });
    };
    const badDate = badDateReason(standardized);
    if (badDate) {
      reject('BAD_DATE', badDate);
      continue;
    }
    const consents = sourceConsentRows(row.customer.consents);
    if (!consents.ok) {
      reject('BAD_CONSENT', consents.bad);
      continue;
    }
    records.set(row.customer.sourceKey, toRecord(row.customer, standardized, consents.rows));
  }
  return { records: [...records.values()], quarantined };
}

/**
 * `preparePage` a slice of rows at a time, with a turn of the event loop between slices: a page
 * of thousands of rows standardizes for seconds on a busy machine, and the worker's job lock and
 * health checks must not wait for it. Same result as one call (a later row of a key still wins).
 */
export async function preparePageInTurns(rows: readonly MappedRow[], rowsPerTurn = 250): Promise<PreparedPage> {
  if (rows.length <= rowsPerTurn) return preparePage(rows);
  const records = new Map<string, RecordRow>();
  const quarantined: QuarantineRow[] = [];
  for (let i = 0; i < rows.length; i += rowsPerTurn) {
    if (i > 0) await nextTurn();
    const part = preparePage(rows.slice(i, i + rowsPerTurn));
    for (const r of part.records) records.set(r.sourceKey, r);
    for (const q of part.quarantined) quarantined.push(q);
  }
  return { records: [...records.values()], quarantined };
}
