/**
 * What auditors do with the log: read it page by page, verify the chain over a time range, seal
 * now, and export it (entries with their seals) for checking offline.
 */
import { HubError } from '../errors.js';
import type { AccessLogFilter, AccessLogRepository, StoredEntry } from './access-log.repository.js';
import { checkChain, firstBreak, firstInserted, type ChainBreak } from './chain.js';
import { decodeAccessCursor } from './cursor.js';
import type { AccessLogSealer } from './sealer.js';

export interface Verification {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
}

export interface AccessLogPage {
  entries: StoredEntry[];
  hasNextPage: boolean;
}

const EXPORT_BATCH = 1000;

export class AuditService {
  constructor(
    private readonly repository: AccessLogRepository,
    private readonly sealer: AccessLogSealer,
    private readonly maxPageSize: number,
  ) {}

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
   * Recomputes the chain over the seals covering [from, to], from the seal before them, and looks
   * for entries that slipped in below the last seal. The first break by entry id is reported.
   */
  async verify(from: Date, to: Date): Promise<Verification> {
    if (!(from <= to)) throw new HubError('BAD_USER_INPUT', 'from: must not be after to', { extensions: { argument: 'from' } });
    const range = await this.repository.sealRange(from, to);
    let checked = 0;
    let chainBreak: ChainBreak | null = null;
    let between: [string, string] | null = null;
    if (range) {
      const rows = await this.repository.sealedRows(range.firstSeq, range.lastSeq);
      const anchor = range.firstSeq > 1 ? await this.repository.sealBySeq(range.firstSeq - 1) : null;
      if (range.firstSeq > 1 && !anchor) {
        chainBreak = { entryId: rows[0].seal.entryId, problem: 'SEAL_BROKEN' };
      } else {
        ({ checked, firstBroken: chainBreak } = checkChain(anchor, rows));
      }
      if (rows.length > 0) between = [anchor?.entryId ?? '0', rows[rows.length - 1].seal.entryId];
    }
    const lastSealed = await this.repository.lastSealedId();
    const unsealed = lastSealed === null ? [] : await this.repository.unsealedBelow(lastSealed, from, to, between);
    const inserted = firstInserted(unsealed, lastSealed);
    const firstBroken = firstBreak(chainBreak, inserted === null ? null : { entryId: inserted, problem: 'INSERTED' });
    return { ok: firstBroken === null, checked, firstBroken };
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
