/**
 * The offline check of an export, pure: reads a file written with export-format.ts back and
 * checks its anchors (header, signed trailer, count, first previous hash, last seal) against the
 * public keys the auditor trusts, its entries' chain and signatures, and any published heads.
 * scripts/verify-audit-export.ts is its command line.
 */
import {
  checkChain, checkSignatures, firstBreak, firstInserted, firstMisplaced,
  type AuditProblem, type SealedRow,
} from './chain.js';
import {
  CSV_COLUMNS, CSV_HEADER_PREFIX, CSV_TRAILER_PREFIX, fromCsvRecord, fromJsonLine, HEADER_KEY, TRAILER_KEY, trailerText,
  type ExportHeader, type ExportRow, type ExportTrailer,
} from './export-format.js';
import { checkDocumentSignature, type TrustedKeys } from './seal-signature.js';

/** A parsed export file: its header and trailer when they are where they belong. */
export interface ExportFile {
  header: ExportHeader | null;
  trailer: ExportTrailer | null;
  rows: ExportRow[];
  /** a header or trailer line found elsewhere than first or last */
  misplaced: boolean;
}

/** parses CSV text (the column line included) into records; given so this module needs no CSV parser */
export type CsvParse = (text: string) => Record<string, string>[];

/** Reads an export (either format). Throws on a line that is not an export line. */
export function parseExportFile(text: string, parseCsv: CsvParse): ExportFile {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const first = lines[0] ?? '';
  const csv = first.startsWith('#') ? !(lines[1] ?? '').startsWith('{') : !first.startsWith('{');
  if (csv) {
    const header = first.startsWith(CSV_HEADER_PREFIX) ? (JSON.parse(first.slice(CSV_HEADER_PREFIX.length)) as ExportHeader) : null;
    const last = lines[lines.length - 1] ?? '';
    const trailer = lines.length > 1 && last.startsWith(CSV_TRAILER_PREFIX) ? (JSON.parse(last.slice(CSV_TRAILER_PREFIX.length)) as ExportTrailer) : null;
    const body = lines.slice(header || first.startsWith('#') ? 1 : 0, trailer ? -1 : undefined);
    const misplaced = body.some((l) => l.startsWith(CSV_HEADER_PREFIX) || l.startsWith(CSV_TRAILER_PREFIX));
    // a file cut at its start may have lost the column line: the columns are known
    const columnLine = CSV_COLUMNS.join(',');
    const withColumns = body[0]?.startsWith('id,at,') ? body : [columnLine, ...body];
    const records = withColumns.length > 1 ? parseCsv(withColumns.join('\r\n')) : [];
    return { header, trailer, rows: records.map((r) => fromCsvRecord(r as Parameters<typeof fromCsvRecord>[0])), misplaced };
  }
  let header: ExportHeader | null = null;
  let trailer: ExportTrailer | null = null;
  let misplaced = false;
  const rows: ExportRow[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (HEADER_KEY in parsed) {
      if (i === 0) header = parsed[HEADER_KEY] as ExportHeader;
      else misplaced = true;
    } else if (TRAILER_KEY in parsed) {
      if (i === lines.length - 1) trailer = parsed[TRAILER_KEY] as ExportTrailer;
      else misplaced = true;
    } else {
      rows.push(fromJsonLine(line));
    }
  });
  return { header, trailer, rows, misplaced };
}

export const EXPORT_PROBLEMS = [
  'NO_ANCHORS', 'TRUNCATED_HEAD', 'TRUNCATED_TAIL', 'ANCHOR_MISMATCH', 'COUNT_MISMATCH',
  'TRAILER_UNKNOWN_KEY', 'TRAILER_BAD_SIGNATURE', 'HEAD_MISMATCH', 'HEAD_NOT_COVERED',
] as const;
export type ExportProblem = (typeof EXPORT_PROBLEMS)[number];

export const PROBLEM_TEXT: Record<ExportProblem | AuditProblem, string> = {
  NO_ANCHORS: 'neither header nor trailer line: cut at both ends, or made before exports carried anchors',
  TRUNCATED_HEAD: 'the beginning of the file is missing (header line, or lines before the first one kept)',
  TRUNCATED_TAIL: 'the end of the file is missing (trailer line, or lines after the last one kept)',
  ANCHOR_MISMATCH: 'header and trailer do not belong together, or a header/trailer line sits inside the file',
  COUNT_MISMATCH: 'the file holds another number of entries than the trailer says',
  TRAILER_UNKNOWN_KEY: 'the trailer is signed by a key not given with --public-key',
  TRAILER_BAD_SIGNATURE: 'the trailer is not signed by the key it names (changed after export)',
  HEAD_MISMATCH: 'the given head (--head / --earlier) differs from this file\'s seal of the same seq: the chain was rewritten',
  HEAD_NOT_COVERED: 'the given head (--head / --earlier) is not within this file\'s seals',
  ALTERED: 'the entry differs from what was sealed',
  REMOVED: 'a sealed entry is gone',
  INSERTED: 'an unsealed entry below the last seal',
  SEAL_BROKEN: 'a seal is missing or does not follow the one before',
  OUT_OF_SEQUENCE: 'an id the sequence never gave (0 or below)',
  FUTURE_DATED: 'dated after the export was made',
  OUT_OF_ORDER: 'dated before an entry with a lower id',
  UNSIGNED: 'a seal without signature after signed ones, or the last seal unsigned',
  UNKNOWN_KEY: 'a seal signed by a key not given with --public-key',
  BAD_SIGNATURE: 'a seal whose signature does not match it: the chain was recomputed',
};

export interface ExportBreak {
  /** the entry where it breaks; null for the file as a whole */
  entryId: string | null;
  problem: ExportProblem | AuditProblem;
}

export interface ExportCheck {
  checked: number;
  firstBroken: ExportBreak | null;
}

/** a published chain head: the seal of `seq` had `hash` */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Checks a whole export file: its anchors (header, signed trailer, count, first previous hash,
 * last seal) against the trusted keys, the chain and signatures of its entries, and any given
 * heads. What came before the file can be checked only against an earlier export or a head.
 */
export function checkExportFile(file: ExportFile, trusted: TrustedKeys, heads: readonly ChainHead[] = []): ExportCheck {
  const whole = (problem: ExportProblem): ExportCheck => ({ checked: 0, firstBroken: { entryId: null, problem } });
  const { header, trailer, rows } = file;
  if (!header && !trailer) return whole('NO_ANCHORS');
  if (!header) return whole('TRUNCATED_HEAD');
  if (!trailer) return whole('TRUNCATED_TAIL');
  if (file.misplaced) return whole('ANCHOR_MISMATCH');
  const { signature, ...signedPart } = trailer;
  const trailerCheck = checkDocumentSignature(trusted, trailer.keyId, trailerText(signedPart), signature);
  if (trailerCheck === 'UNKNOWN_KEY') return whole('TRAILER_UNKNOWN_KEY');
  if (trailerCheck !== 'OK') return whole('TRAILER_BAD_SIGNATURE');
  if (header.from !== trailer.from || header.to !== trailer.to || header.generatedAt !== trailer.generatedAt) return whole('ANCHOR_MISMATCH');
  const sealed = rows.filter((r) => r.seal !== null);
  if ((sealed[0]?.seal?.prevHash ?? null) !== trailer.firstPrevHash) return whole('TRUNCATED_HEAD');
  const last = sealed[sealed.length - 1];
  if ((last ? `${last.seal!.seq}:${last.entry.id}:${last.seal!.hash}` : null) !== (trailer.lastSeal ? `${trailer.lastSeal.seq}:${trailer.lastSeal.entryId}:${trailer.lastSeal.hash}` : null)) {
    return whole('TRUNCATED_TAIL');
  }
  if (rows.length !== trailer.entries || sealed.length !== trailer.sealed) return whole('COUNT_MISMATCH');

  const content = checkExport(rows, trusted, new Date(trailer.generatedAt));
  if (content.firstBroken) return content;
  for (const head of heads) {
    const firstSeq = sealed[0]?.seal?.seq;
    const atSeq = head.seq === (firstSeq ?? 0) - 1 ? trailer.firstPrevHash : sealed.find((r) => r.seal!.seq === head.seq)?.seal?.hash;
    if (atSeq === undefined || atSeq === null) return { checked: content.checked, firstBroken: { entryId: null, problem: 'HEAD_NOT_COVERED' } };
    if (atSeq !== head.hash) return { checked: content.checked, firstBroken: { entryId: null, problem: 'HEAD_MISMATCH' } };
  }
  return content;
}

/**
 * Checks an export's entries: the seals it holds must chain from the first one's prev_hash
 * (64 zeros when it starts the chain) and be signed by a trusted key, no unsealed entry may sit
 * below the last sealed one, and no entry may have an id or time that cannot be genuine.
 */
export function checkExport(rows: readonly ExportRow[], trusted: TrustedKeys, generatedAt: Date): ExportCheck {
  const sealed: SealedRow[] = rows
    .filter((r) => r.seal !== null)
    .map((r) => ({ seal: { entryId: r.entry.id, ...r.seal! }, entry: r.entry }))
    .sort((a, b) => a.seal.seq - b.seal.seq);
  const first = sealed[0]?.seal;
  const anchor = first && first.seq > 1 ? { seq: first.seq - 1, hash: first.prevHash, entryId: '0' } : null;
  const chain = checkChain(anchor, sealed);
  const lastSealed = sealed.length ? sealed[sealed.length - 1].seal.entryId : null;
  const inserted = firstInserted(rows.filter((r) => r.seal === null).map((r) => r.entry.id), lastSealed);
  const signatures = checkSignatures(trusted, sealed.map((r) => r.seal));
  const misplaced = firstMisplaced(rows.map((r) => r.entry), generatedAt);
  return {
    checked: chain.checked,
    firstBroken: firstBreak(chain.firstBroken, signatures, misplaced, inserted === null ? null : { entryId: inserted, problem: 'INSERTED' }),
  };
}
