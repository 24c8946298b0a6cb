/**
 * The export's two formats and their offline check, pure: the export route writes rows with these
 * functions and scripts/verify-audit-export.ts reads them back with these functions, so a file
 * verifies exactly as the database would. Lists and withheld entries travel as JSON text in CSV;
 * an empty CSV cell is null (the writer never stores empty text).
 */
import type { StoredEntry } from './access-log.repository.js';
import { checkChain, firstBreak, firstInserted, type AuditEntry, type ChainCheck, type Seal, type SealedRow } from './chain.js';

export type ExportFormat = 'csv' | 'jsonl';

export interface ExportRow {
  entry: AuditEntry;
  seal: Omit<Seal, 'entryId'> | null;
}

export const CSV_COLUMNS = [
  'id', 'at', 'actor', 'role', 'purpose', 'operation', 'request_id', 'client_address', 'subject_id',
  'fields_returned', 'fields_masked', 'fields_withheld', 'outcome', 'seal_seq', 'seal_prev_hash', 'seal_hash',
  'searched', 'consent_refs',
] as const;

const exportSeal = (e: StoredEntry) => (e.seal ? { seq: e.seal.seq, prevHash: e.seal.prevHash, hash: e.seal.hash } : null);

export function toJsonLine(e: StoredEntry): string {
  const { seal: _seal, ...entry } = e;
  return JSON.stringify({ ...entry, seal: exportSeal(e) });
}

export function toCsvRecord(e: StoredEntry): (string | number | null)[] {
  const seal = exportSeal(e);
  return [
    e.id, e.at, e.actor, e.role, e.purpose, e.operation, e.requestId, e.clientAddress, e.subjectId,
    JSON.stringify(e.fieldsReturned), JSON.stringify(e.fieldsMasked), JSON.stringify(e.fieldsWithheld), e.outcome,
    seal?.seq ?? null, seal?.prevHash ?? null, seal?.hash ?? null,
    JSON.stringify(e.searched ?? []), JSON.stringify(e.consentRefs ?? []),
  ];
}

/** One CSV line (RFC 4180): a cell with a comma, quote or line break is quoted; null is empty. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map((c) => (c === null ? '' : /[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')}\r\n`;
}

export function fromJsonLine(line: string): ExportRow {
  const { seal, ...entry } = JSON.parse(line) as AuditEntry & { seal: ExportRow['seal'] };
  return { entry, seal };
}

export function fromCsvRecord(r: Record<(typeof CSV_COLUMNS)[number], string>): ExportRow {
  const text = (v: string) => (v === '' ? null : v);
  return {
    entry: {
      id: r.id,
      at: r.at,
      actor: r.actor,
      role: r.role,
      purpose: text(r.purpose),
      operation: text(r.operation),
      requestId: r.request_id,
      clientAddress: text(r.client_address),
      subjectId: text(r.subject_id),
      fieldsReturned: JSON.parse(r.fields_returned),
      fieldsMasked: JSON.parse(r.fields_masked),
      fieldsWithheld: JSON.parse(r.fields_withheld),
      outcome: r.outcome as AuditEntry['outcome'],
      // exports made before these columns existed lack them
      searched: r.searched ? JSON.parse(r.searched) : [],
      consentRefs: r.consent_refs ? JSON.parse(r.consent_refs) : [],
    },
    seal: r.seal_seq === '' ? null : { seq: Number(r.seal_seq), prevHash: r.seal_prev_hash, hash: r.seal_hash },
  };
}

/**
 * Checks an export on its own: the seals it holds must chain from the first one's prev_hash
 * (64 zeros when it starts the chain), and no unsealed entry may sit below the last sealed one.
 * What came before the file cannot be checked from the file: compare with an earlier export.
 */
export function checkExport(rows: readonly ExportRow[]): ChainCheck {
  const sealed: SealedRow[] = rows
    .filter((r) => r.seal !== null)
    .map((r) => ({ seal: { entryId: r.entry.id, ...r.seal! }, entry: r.entry }))
    .sort((a, b) => a.seal.seq - b.seal.seq);
  const first = sealed[0]?.seal;
  const anchor = first && first.seq > 1 ? { seq: first.seq - 1, hash: first.prevHash, entryId: '0' } : null;
  const chain = checkChain(anchor, sealed);
  const lastSealed = sealed.length ? sealed[sealed.length - 1].seal.entryId : null;
  const inserted = firstInserted(rows.filter((r) => r.seal === null).map((r) => r.entry.id), lastSealed);
  return { checked: chain.checked, firstBroken: firstBreak(chain.firstBroken, inserted === null ? null : { entryId: inserted, problem: 'INSERTED' }) };
}
