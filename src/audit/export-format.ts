/**
 * The export's two formats and their offline check, pure: the export route writes rows with these
 * functions and scripts/verify-audit-export.ts reads them back with these functions, so a file
 * verifies exactly as the database would. Lists and withheld entries travel as JSON text in CSV;
 * an empty CSV cell is null (the writer never stores empty text).
 *
 * A file starts with a header line and ends with a trailer line (CSV: lines starting with `#`).
 * The trailer carries the export's anchors — range, entry count, the first sealed entry's
 * previous hash, the last seal with its signature — signed with the hub's key, so a file whose
 * beginning or end was cut, or whose chain was rewritten, fails the offline check by name
 * (export-check.ts).
 */
import stringify from 'safe-stable-stringify';
import type { SealStatus, StoredEntry } from './access-log.repository.js';
import type { AuditEntry, Seal } from './chain.js';
import { signDocument, type SealKey } from './seal-signature.js';

export type ExportFormat = 'csv' | 'jsonl';

export interface ExportRow {
  entry: AuditEntry;
  seal: Omit<Seal, 'entryId'> | null;
  sealStatus?: SealStatus;
}

export const CSV_COLUMNS = [
  'id', 'at', 'actor', 'role', 'purpose', 'operation', 'request_id', 'client_address', 'subject_id',
  'fields_returned', 'fields_masked', 'fields_withheld', 'outcome', 'seal_seq', 'seal_prev_hash', 'seal_hash',
  'searched', 'consent_refs', 'seal_signature', 'seal_key_id', 'seal_status',
] as const;

export const EXPORT_VERSION = 2;

/** the first line: what the file is, and which key signs it */
export interface ExportHeader {
  version: number;
  from: string;
  to: string;
  generatedAt: string;
  keyId: string;
  /** the hub's public key (PEM); verify against a copy obtained elsewhere, not this one */
  publicKey: string;
}

/** the last line: the anchors, signed */
export interface ExportTrailer {
  version: number;
  from: string;
  to: string;
  generatedAt: string;
  /** entry lines in the file */
  entries: number;
  /** of which sealed */
  sealed: number;
  /** prev_hash of the first sealed entry (null: none sealed) */
  firstPrevHash: string | null;
  lastSeal: Seal | null;
  keyId: string;
  /** Ed25519 over the canonical JSON of every other field */
  signature: string;
}

export const HEADER_KEY = 'accessLogExport';
export const TRAILER_KEY = 'accessLogExportEnd';
export const CSV_HEADER_PREFIX = '#access-log-export ';
export const CSV_TRAILER_PREFIX = '#access-log-export-end ';

const exportSeal = (e: StoredEntry) =>
  e.seal ? { seq: e.seal.seq, prevHash: e.seal.prevHash, hash: e.seal.hash, signature: e.seal.signature ?? null, keyId: e.seal.keyId ?? null } : null;

/** Builds the trailer while entries stream past. */
export class TrailerBuilder {
  private entries = 0;
  private sealed = 0;
  private firstPrevHash: string | null = null;
  private lastSeal: Seal | null = null;

  constructor(private readonly header: ExportHeader) {}

  add(e: StoredEntry): void {
    this.entries++;
    if (!e.seal) return;
    this.sealed++;
    this.firstPrevHash ??= e.seal.prevHash;
    const { entryId, seq, prevHash, hash } = e.seal;
    this.lastSeal = { entryId, seq, prevHash, hash, signature: e.seal.signature ?? null, keyId: e.seal.keyId ?? null };
  }

  sign(key: SealKey): ExportTrailer {
    const { version, from, to, generatedAt } = this.header;
    const unsigned = { version, from, to, generatedAt, entries: this.entries, sealed: this.sealed, firstPrevHash: this.firstPrevHash, lastSeal: this.lastSeal, keyId: key.keyId };
    return { ...unsigned, signature: signDocument(key, trailerText(unsigned)) };
  }
}

/** the text a trailer's signature covers */
export const trailerText = (t: Omit<ExportTrailer, 'signature'>): string => stringify({ ...t, signature: undefined }) as string;

export const headerJsonLine = (h: ExportHeader): string => JSON.stringify({ [HEADER_KEY]: h });
export const trailerJsonLine = (t: ExportTrailer): string => JSON.stringify({ [TRAILER_KEY]: t });
export const headerCsvLine = (h: ExportHeader): string => `${CSV_HEADER_PREFIX}${JSON.stringify(h)}\r\n`;
export const trailerCsvLine = (t: ExportTrailer): string => `${CSV_TRAILER_PREFIX}${JSON.stringify(t)}\r\n`;

export function toJsonLine(e: StoredEntry): string {
  const { seal: _seal, sealStatus, ...entry } = e;
  return JSON.stringify({ ...entry, seal: exportSeal(e), sealStatus });
}

export function toCsvRecord(e: StoredEntry): (string | number | null)[] {
  const seal = exportSeal(e);
  return [
    e.id, e.at, e.actor, e.role, e.purpose, e.operation, e.requestId, e.clientAddress, e.subjectId,
    JSON.stringify(e.fieldsReturned), JSON.stringify(e.fieldsMasked), JSON.stringify(e.fieldsWithheld), e.outcome,
    seal?.seq ?? null, seal?.prevHash ?? null, seal?.hash ?? null,
    JSON.stringify(e.searched ?? []), JSON.stringify(e.consentRefs ?? []),
    seal?.signature ?? null, seal?.keyId ?? null, e.sealStatus,
  ];
}

/** One CSV line (RFC 4180): a cell with a comma, quote or line break is quoted; null is empty. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map((c) => (c === null ? '' : /[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')}\r\n`;
}

export function fromJsonLine(line: string): ExportRow {
  const { seal, sealStatus, ...entry } = JSON.parse(line) as AuditEntry & { seal: ExportRow['seal']; sealStatus?: SealStatus };
  return { entry, seal, sealStatus };
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
    seal: r.seal_seq === ''
      ? null
      : { seq: Number(r.seal_seq), prevHash: r.seal_prev_hash, hash: r.seal_hash, signature: text(r.seal_signature ?? ''), keyId: text(r.seal_key_id ?? '') },
    sealStatus: (text(r.seal_status ?? '') ?? undefined) as SealStatus | undefined,
  };
}
