/**
 * What auditors do with the log: read it page by page, verify the chain over a time range, seal
 * now, and export it (entries with their seals) for checking offline.
 */
import type { KeyObject } from 'node:crypto';
import { HubError } from '../errors.js';
import type { AccessLogFilter, AccessLogRepository, StoredEntry } from './access-log.repository.js';
import { checkChain, checkSignatures, firstBreak, type ChainBreak, type Seal } from './chain.js';
import { decodeAccessCursor } from './cursor.js';
import type { AccessLogSealer } from './sealer.js';
import { trustedKeys, type SealKey, type TrustedKeys } from './seal-signature.js';

export interface Verification {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
  /** seals without a signature (made before seals were signed; covered by the first signed seal after them) */
  unsigned: number;
  /** the chain's last seal now: publish it, and check later exports against it (`--head seq:hash`) */
  head: (Seal & { sealedAt: Date }) | null;
}

export interface AccessLogPage {
  entries: StoredEntry[];
  hasNextPage: boolean;
}

const EXPORT_BATCH = 1000;

export class AuditService {
  /** public keys whose seals verify: the hub's own and earlier ones (after a key rotation) */
  readonly trusted: TrustedKeys;

  constructor(
    private readonly repository: AccessLogRepository,
    private readonly sealer: AccessLogSealer,
    private readonly maxPageSize: number,
    /** the hub's seal key: its public half verifies, its private half signs export trailers */
    readonly key: SealKey,
    previousPublicKeys: readonly KeyObject[] = [],
  ) {
    this.trusted = trustedKeys([key.publicKey, ...previousPublicKeys]);
  }

  async list(filter: AccessLogFilter, first: number, after: string | null | undefined): Promise<AccessLogPage> {
    if (!Number.isInteger(first) || first < 1) throw new HubError('BAD_USER_INPUT', 'first: must be at least 1', { extensions: { argument: 'first' } });
    if (first > this.maxPageSize) {
      throw new HubError('PAGE_SIZE_TOO_LARGE', `first: at most ${this.maxPageSize} entries per page`, { extensions: { argument: 'first', max: this.maxPageSize } });
    }
    const beforeId = after == null ? null : decodeAccessCursor(after);
    const rows = await this.repository.page(filter, beforeId, first + 1);
    return { entries: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /**
   * Recomputes the chain over the seals covering [from, to], from the seal before them up to the
   * first signed seal at or after their end, and checks the signatures; then looks over the whole
   * tables for what cannot be genuine whatever the range (AccessLogRepository.structuralBreaks).
   * The first break by entry id is reported.
   */
  async verify(from: Date, to: Date): Promise<Verification> {
    if (!(from <= to)) throw new HubError('BAD_USER_INPUT', 'from: must not be after to', { extensions: { argument: 'from' } });
    const range = await this.repository.sealRange(from, to);
    let checked = 0;
    let chainBreak: ChainBreak | null = null;
    let signatureBreak: ChainBreak | null = null;
    if (range) {
      const lastSeq = (await this.repository.nextSignedSeq(range.lastSeq)) ?? range.lastSeq;
      const rows = await this.repository.sealedRows(range.firstSeq, lastSeq);
      const anchor = range.firstSeq > 1 ? await this.repository.sealBySeq(range.firstSeq - 1) : null;
      if (range.firstSeq > 1 && !anchor) {
        chainBreak = { entryId: rows[0].seal.entryId, problem: 'SEAL_BROKEN' };
      } else {
        ({ checked, firstBroken: chainBreak } = checkChain(anchor, rows));
      }
      signatureBreak = checkSignatures(this.trusted, rows.map((r) => r.seal));
    }
    const structural = await this.repository.structuralBreaks();
    const { head, unsigned } = await this.repository.head();
    const firstBroken = firstBreak(chainBreak, signatureBreak, ...structural);
    return { ok: firstBroken === null, checked, firstBroken, unsigned, head };
  }

  sealNow(): Promise<number> {
    return this.sealer.sealPending();
  }

  /** Entries of [from, to] oldest first, with their seals, a batch at a time. */
  async *exportEntries(from: Date, to: Date): AsyncGenerator<StoredEntry> {
    let after: string | null = null;
    for (;;) {
      const batch = await this.repository.exportPage(from, to, after, EXPORT_BATCH);
      yield* batch;
      if (batch.length < EXPORT_BATCH) return;
      after = batch[batch.length - 1].id;
    }
  }
}
