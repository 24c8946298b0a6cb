/**
 * Syncs one connector into the hub, page by page. Each page is pulled outside any transaction
 * (no network wait while holding locks), then written in one transaction that first locks the
 * connector's state row and checks the watermark is still the one the page was pulled from.
 * Rows, quarantine entries and the advanced watermark commit together: a worker killed at any
 * point leaves either the whole page or none of it, and the next run resumes from the watermark.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Connector, SourceSystem, Watermark } from '../../connectors/contract.js';
import { IngestRepository } from './ingest.repository.js';
import { preparePageInTurns } from './prepare-page.js';
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

const sameWatermark = (a: Watermark | null, b: Watermark | null): boolean => stringify(a) === stringify(b);

export class IngestService {
  constructor(private readonly orm: MikroORM) {}

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
        let started = performance.now();
        const page = await connector.pullChanges(watermark, pageSize);
        result.timings.pullMs += performance.now() - started;
        started = performance.now();
        const prepared = await preparePageInTurns(page.rows);
        result.timings.prepareMs += performance.now() - started;
        started = performance.now();
        const committed = await this.orm.em.fork().transactional(async (em) => {
          const repo = new IngestRepository(em);
          const locked = await repo.lockWatermark(system);
          // Another worker committed this page first: start over from where it got to.
          if (!sameWatermark(locked, watermark)) return { watermark: locked, wrote: false, changedIds: [] };
          const written = await repo.writePage(system, prepared.records, prepared.quarantined);
          await repo.advance(system, page.next, page.rows.length, written);
          result.rowsChanged += written.changed;
          result.rowsQuarantined += written.quarantined;
          return { watermark: page.next, wrote: true, changedIds: written.changedIds };
        });
        result.timings.writeMs += performance.now() - started;
        watermark = committed.watermark;
        if (committed.wrote) {
          result.pages += 1;
          result.rowsSeen += page.rows.length;
          await onPage?.(result, committed.changedIds);
          if (page.done) break;
        }
      }
      await new IngestRepository(this.orm.em.fork()).finishRun(system);
      return result;
    } catch (err) {
      await new IngestRepository(this.orm.em.fork()).failRun(system, describeFailure(err));
      throw err;
    }
  }

  private async currentWatermark(system: SourceSystem): Promise<Watermark | null> {
    return this.orm.em.fork().transactional((em) => new IngestRepository(em).lockWatermark(system));
  }
}

/** Error text for the sync status: the error's class and message, which connectors keep free of personal data. */
function describeFailure(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
