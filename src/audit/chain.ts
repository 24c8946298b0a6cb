/**
 * The access log's hash chain, pure (no I/O): shared by the sealer, the verifier in the API and
 * the offline check of an export (scripts/verify-audit-export.ts), so all three agree byte for
 * byte. Seal n covers one entry: hash_n = sha256(hash_{n-1} + canonical JSON of the entry), with
 * 64 zeros before the first. Changing, removing or slipping in an entry breaks the chain at that
 * entry; a superuser rewriting every later seal too cannot sign them (seal-signature.ts), and an
 * earlier export or a published head shows a chain rewritten even with the key.
 */
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { checkSealSignature, type TrustedKeys } from './seal-signature.js';

export const GENESIS_HASH = '0'.repeat(64);

export const ACCESS_OUTCOMES = ['OK', 'PARTIAL', 'ERROR', 'DENIED'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

export interface WithheldEntry {
  field: string;
  path: string;
  reason: string;
}

/** One access_log row as sealed. `id` is a bigint in text; `at` is UTC with microseconds. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  role: string;
  purpose: string | null;
  operation: string | null;
  requestId: string;
  clientAddress: string | null;
  subjectId: string | null;
  fieldsReturned: string[];
  fieldsMasked: string[];
  fieldsWithheld: WithheldEntry[];
  outcome: AccessOutcome;
  /** data categories a search or filter ran on (empty: none) */
  searched?: string[];
  /** the consent statements the read relied on (empty: none) */
  consentRefs?: string[];
}

export interface Seal {
  entryId: string;
  seq: number;
  prevHash: string;
  hash: string;
  /** Ed25519 signature over (seq, entry id, hash), base64; null on seals made before seals were signed */
  signature?: string | null;
  /** which key signed it (see seal-signature.ts) */
  keyId?: string | null;
}

export const AUDIT_PROBLEMS = [
  'ALTERED', 'REMOVED', 'INSERTED', 'SEAL_BROKEN',
  'OUT_OF_SEQUENCE', 'FUTURE_DATED', 'OUT_OF_ORDER',
  'UNSIGNED', 'UNKNOWN_KEY', 'BAD_SIGNATURE',
] as const;
export type AuditProblem = (typeof AUDIT_PROBLEMS)[number];

export interface ChainBreak {
  entryId: string;
  problem: AuditProblem;
}

export interface ChainCheck {
  /** sealed entries whose hash was recomputed and matched */
  checked: number;
  firstBroken: ChainBreak | null;
}

/**
 * The entry's columns as one JSON text with sorted keys. Only the listed columns are taken, so an
 * object carrying more (a seal, a cursor) hashes the same. Columns added later (searched,
 * consentRefs) are taken only when non-empty, so entries sealed before they existed still verify.
 */
export function canonicalEntry(e: AuditEntry): string {
  // stringify answers undefined only for undefined input; an object always gives text
  return stringify({
    id: e.id,
    at: e.at,
    actor: e.actor,
    role: e.role,
    purpose: e.purpose,
    operation: e.operation,
    requestId: e.requestId,
    clientAddress: e.clientAddress,
    subjectId: e.subjectId,
    fieldsReturned: e.fieldsReturned,
    fieldsMasked: e.fieldsMasked,
    fieldsWithheld: e.fieldsWithheld.map((w) => ({ field: w.field, path: w.path, reason: w.reason })),
    outcome: e.outcome,
    ...(e.searched?.length ? { searched: e.searched } : {}),
    ...(e.consentRefs?.length ? { consentRefs: e.consentRefs } : {}),
  }) as string;
}

export function entryHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalEntry(entry)).digest('hex');
}

/** Seals for entries taken in id order, continuing after `last` (null: the chain starts). */
export function sealEntries(last: Pick<Seal, 'seq' | 'hash'> | null, entries: readonly AuditEntry[]): Seal[] {
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  return entries.map((entry) => {
    const hash = entryHash(prevHash, entry);
    const seal = { entryId: entry.id, seq: ++seq, prevHash, hash };
    prevHash = hash;
    return seal;
  });
}

export interface SealedRow {
  seal: Seal;
  /** null: the seal's entry is gone */
  entry: AuditEntry | null;
}

/**
 * Walks seals in seq order from `anchor` (the seal before the first row; null: the chain's start)
 * and stops at the first break: a missing or misplaced seal or a prev_hash that is not the
 * previous seal's hash (SEAL_BROKEN), a seal whose entry is gone (REMOVED), an entry whose hash
 * differs from its seal's (ALTERED).
 */
export function checkChain(anchor: Pick<Seal, 'seq' | 'hash' | 'entryId'> | null, rows: readonly SealedRow[]): ChainCheck {
  let seq = anchor?.seq ?? 0;
  let prevHash = anchor?.hash ?? GENESIS_HASH;
  let lastEntryId = BigInt(anchor?.entryId ?? 0);
  let checked = 0;
  for (const { seal, entry } of rows) {
    const at = (problem: ChainBreak['problem']): ChainCheck => ({ checked, firstBroken: { entryId: seal.entryId, problem } });
    if (seal.seq !== seq + 1 || seal.prevHash !== prevHash || BigInt(seal.entryId) <= lastEntryId) return at('SEAL_BROKEN');
    if (!entry) return at('REMOVED');
    if (entry.id !== seal.entryId || entryHash(prevHash, entry) !== seal.hash) return at('ALTERED');
    checked++;
    seq = seal.seq;
    prevHash = seal.hash;
    lastEntryId = BigInt(seal.entryId);
  }
  return { checked, firstBroken: null };
}

/**
 * Entries without a seal below the last sealed id were not there when the sealer passed (it
 * seals in id order and never goes back): slipped in afterwards. Returns the first such id.
 */
export function firstInserted(unsealedIds: readonly string[], lastSealedId: string | null): string | null {
  if (lastSealedId === null) return null;
  const below = unsealedIds.map(BigInt).filter((id) => id < BigInt(lastSealedId));
  if (below.length === 0) return null;
  return below.reduce((a, b) => (b < a ? b : a)).toString();
}

/**
 * The seals of one run, in seq order, against trusted public keys. Seals made before signing
 * existed may lead the run unsigned (the first signed seal's hash covers them); after one signed
 * seal every seal must be signed, and so must the run's last. Only the last signature is checked
 * when it holds (its hash chains everything before); when it fails, a binary search finds the
 * first seal whose signature fails: where a rewritten chain starts.
 */
export function checkSignatures(trusted: TrustedKeys, seals: readonly Seal[]): ChainBreak | null {
  if (seals.length === 0) return null;
  const firstSigned = seals.findIndex((s) => s.signature);
  if (firstSigned === -1) return { entryId: seals[seals.length - 1].entryId, problem: 'UNSIGNED' };
  const gap = seals.findIndex((s, i) => i > firstSigned && !s.signature);
  if (gap !== -1) return { entryId: seals[gap].entryId, problem: 'UNSIGNED' };
  const signed = seals.slice(firstSigned);
  const check = (s: Seal) => checkSealSignature(trusted, s);
  if (check(signed[signed.length - 1]) === 'OK') return null;
  let lo = 0;
  let hi = signed.length - 1; // signed[hi] fails
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (check(signed[mid]) === 'OK') lo = mid + 1;
    else hi = mid;
  }
  return { entryId: signed[hi].entryId, problem: check(signed[hi]) as 'UNKNOWN_KEY' | 'BAD_SIGNATURE' };
}

/** The earlier of two breaks by entry id (the chain's order). */
export function firstBreak(...breaks: (ChainBreak | null)[]): ChainBreak | null {
  return breaks.reduce<ChainBreak | null>((first, b) => (!b ? first : !first || BigInt(b.entryId) < BigInt(first.entryId) ? b : first), null);
}

/**
 * How far the clock may step back between two entries of increasing id (ids are taken a moment
 * before `at`, and concurrent requests interleave) or run ahead, before an entry counts as
 * OUT_OF_ORDER or FUTURE_DATED.
 */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * Entries in id order that cannot be genuine, whatever their seals say: an id at or below 0
 * (the sequence starts at 1), a time ahead of `now`, or a time before an earlier id's (when the
 * entry before it is the odd one, that one is named).
 */
export function firstMisplaced(entries: readonly Pick<AuditEntry, 'id' | 'at'>[], now: Date, toleranceMs = CLOCK_TOLERANCE_MS): ChainBreak | null {
  const outOfSequence = entries.find((e) => BigInt(e.id) <= 0n);
  if (outOfSequence) return { entryId: outOfSequence.id, problem: 'OUT_OF_SEQUENCE' };
  const future = entries.find((e) => Date.parse(e.at) > now.getTime() + toleranceMs);
  const kept = entries.filter((e) => e !== future && Date.parse(e.at) <= now.getTime() + toleranceMs);
  let order: ChainBreak | null = null;
  for (let i = 1; i < kept.length && !order; i++) {
    const at = Date.parse(kept[i].at);
    if (at >= Date.parse(kept[i - 1].at) - toleranceMs) continue;
    const odd = i >= 2 && at >= Date.parse(kept[i - 2].at) - toleranceMs ? kept[i - 1] : kept[i];
    order = { entryId: odd.id, problem: 'OUT_OF_ORDER' };
  }
  return firstBreak(future ? { entryId: future.id, problem: 'FUTURE_DATED' } : null, order);
}
