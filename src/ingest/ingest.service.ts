/**
 * Syncs one connector into the hub, page by page. Each page is pulled outside any transaction
 * (no network wait while holding locks), then written in one transaction that first locks the
 * connector's state row and checks the watermark is still the one the page was pulled from.
 * Rows, quarantine entries and the advanced watermark commit together: a worker killed at any
 * point leaves either the whole page or none of it, and the next run resumes from the watermark.
 *
 * Nothing a source sends stalls a connector: bad rows are quarantined and the rest of the page
 * goes in (prepare-page, and the repository's bisection for what the database still refuses); a
 * row stamped after the hub's clock plus `futureToleranceMs` is quarantined and the watermark
 * never moves onto it. A page that hits a deadlock is written again (logged as a warning). An
 * error that ends a sync is stored and rethrown only as value-free text (safe-error.ts).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Connector, SourceSystem, Watermark } from '../../connectors/contract.js';
import { IngestRepository, type PageWriteResult } from './ingest.repository.js';
import { preparePageInTurns, type PreparedPage } from './prepare-page.js';
import { describeError, isTransientConflict, sqlState } from '../observability/safe-error.js';
import stringify from 'safe-stable-stringify';

export interface SyncResult {
  system: SourceSystem;
  pages: number;
  rowsSeen: number;
  rowsChanged: number;
  rowsQuarantined: number;
  /** where the time went: reading the source, standardizing, writing to the hub */
  timings: { pullMs: number; prepareMs: number; writeMs: number };
}

export interface SyncOptions {
  pageSize: number;
  /** called after each committed page with the running totals and the page's changed record ids */
  onPage?: (progress: SyncResult, changedIds: string[]) => void | Promise<void>;
}

export interface IngestOptions {
  /** how far after the hub's clock a change timestamp may be (clocks differ a little); default 5 min */
  futureToleranceMs?: number;
  /** where warnings go (a page written again after a deadlock) */
  logger?: { warn(fields: Record<string, unknown>, message: string): void };
  /** the hub's clock, in ms */
  now?: () => number;
}

/** An ingest sync failed: the message names the system and the failure, never a value. */
export class IngestSyncError extends Error {
  override name = 'IngestSyncError';
  constructor(
    message: string,
    readonly sqlState: string | null,
  ) {
    super(message);
  }
}

export const DEFAULT_FUTURE_TOLERANCE_MS = 5 * 60_000;
/** tries of one page write that PostgreSQL rolled back for a deadlock */
const PAGE_CONFLICT_ATTEMPTS = 5;

const sameWatermark = (a: Watermark | null, b: Watermark | null): boolean => stringify(a) === stringify(b);

type PageOutcome = { watermark: Watermark | null; wrote: false } | { watermark: Watermark; wrote: true; written: PageWriteResult };

export class IngestService {
  private readonly futureToleranceMs: number;
  private readonly now: () => number;

  constructor(
    private readonly orm: MikroORM,
    private readonly options: IngestOptions = {},
  ) {
    this.futureToleranceMs = options.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS;
    this.now = options.now ?? Date.now;
  }

  async sync(connector: Connector, { pageSize, onPage }: SyncOptions): Promise<SyncResult> {
    const system = connector.system;
    const result: SyncResult = {
      system,
      pages: 0,
      rowsSeen: 0,
      rowsChanged: 0,
      rowsQuarantined: 0,
      timings: { pullMs: 0, prepareMs: 0, writeMs: 0 },
    };
    await new IngestRepository(this.orm.em.fork()).startRun(system);
    try {
      let watermark = await this.currentWatermark(system);
      for (;;) {
        // The hub's clock plus tolerance: no watermark moves past it (see the connector contract).
        const horizon = new Date(this.now() + this.futureToleranceMs);
        let started = performance.now();
        const page = await connector.pullChanges(watermark, pageSize, { horizon });
        result.timings.pullMs += performance.now() - started;
        started = performance.now();
        const prepared = await preparePageInTurns(page.rows, { horizon });
        result.timings.prepareMs += performance.now() - started;
        started = performance.now();
        const committed = await this.writePage(system, watermark, page.next, page.rows.length, prepared);
        result.timings.writeMs += performance.now() - started;
        watermark = committed.watermark;
        if (committed.wrote) {
          result.pages += 1;
          result.rowsSeen += page.rows.length;
          result.rowsChanged += committed.written.changed;
          result.rowsQuarantined += committed.written.quarantined;
          await onPage?.(result, committed.written.changedIds);
          if (page.done) break;
        }
      }
      await new IngestRepository(this.orm.em.fork()).finishRun(system);
      return result;
    } catch (err) {
      // Only value-free text leaves: the status row, the queue's record of the job, the logs.
      const failure = new IngestSyncError(`${system}: sync failed: ${describeError(err)}`, sqlState(err));
      await new IngestRepository(this.orm.em.fork()).failRun(system, failure.message);
      throw failure;
    }
  }

  /**
   * Writes one page in one transaction, if the watermark is still the one it was pulled from.
   * PostgreSQL ends one of two deadlocked transactions; this page is then simply written again.
   */
  private async writePage(system: SourceSystem, from: Watermark | null, next: Watermark, seen: number, prepared: PreparedPage): Promise<PageOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.orm.em.fork().transactional(async (em): Promise<PageOutcome> => {
          const repo = new IngestRepository(em);
          const locked = await repo.lockWatermark(system);
          // Another worker committed this page first: start over from where it got to.
          if (!sameWatermark(locked, from)) return { watermark: locked, wrote: false };
          const written = await repo.writePage(system, prepared.records, prepared.quarantined);
          await repo.advance(system, next, seen, written);
          return { watermark: next, wrote: true, written };
        });
      } catch (err) {
        if (!isTransientConflict(err) || attempt >= PAGE_CONFLICT_ATTEMPTS) throw err;
        this.options.logger?.warn(
          { event: 'ingest_page_retried', system, sqlState: sqlState(err), attempt, rows: seen },
          'ingest page rolled back by the database (deadlock or serialization failure); writing it again',
        );
      }
    }
  }

  private async currentWatermark(system: SourceSystem): Promise<Watermark | null> {
    return this.orm.em.fork().transactional((em) => new IngestRepository(em).lockWatermark(system));
  }
}
