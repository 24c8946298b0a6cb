/**
 * Workers of the ingest queues: parse the payload, run one connector sync, report progress.
 * A bad payload is unrecoverable (no retry); a failing source is an ordinary error, retried
 * with backoff by BullMQ (its message, kept by the queue, names the system and the failure,
 * never a row's values: see src/ingest/safe-error.ts). One sync at a time per connector (concurrency 1); several worker
 * processes are still safe because each page commits only on an unchanged watermark.
 */
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { Connector, SourceSystem } from '../connectors/contract.js';
import { SOURCE_SYSTEMS } from '../connectors/contract.js';
import type { IngestService, SyncResult } from '../src/ingest/ingest.service.js';
import type { IngestJob } from './ingest.queue.js';
import { ingestQueueName } from './ingest.queue.js';
import type { QueueBackend } from './queue-backend.js';
import { reportProgress } from './job-progress.js';

export interface IngestWorkerDeps {
  backend: QueueBackend;
  ingest: IngestService;
  connectors: ReadonlyMap<SourceSystem, Connector>;
  pageSize: number;
  lockDurationMs: number;
  onSynced?: (result: SyncResult) => void;
  /** told the ids of the records each committed page inserted or changed (matching queues them) */
  onChanged?: (recordIds: string[]) => Promise<void>;
}

export function startIngestWorkers(deps: IngestWorkerDeps): Worker<IngestJob>[] {
  return [...deps.connectors.keys()].map((system) =>
    deps.backend.worker<IngestJob>(ingestQueueName(system), (job) => runIngestJob(job, system, deps), {
      concurrency: 1,
      lockDuration: deps.lockDurationMs,
      stalledInterval: deps.lockDurationMs,
    }),
  );
}

async function runIngestJob(job: Job<IngestJob>, queueSystem: SourceSystem, deps: IngestWorkerDeps): Promise<SyncResult> {
  const { system } = job.data ?? {};
  if (!SOURCE_SYSTEMS.includes(system) || system !== queueSystem) {
    throw new UnrecoverableError(`ingest job ${job.id} names no connector of this queue`);
  }
  const connector = deps.connectors.get(system);
  if (!connector) throw new UnrecoverableError(`connector ${system} is not configured`);
  const result = await deps.ingest.sync(connector, {
    pageSize: deps.pageSize,
    onPage: async (progress, changedIds) => {
      // The page is committed and its records are marked match-pending, so a failure to queue
      // here loses nothing: the pending sweep finds them.
      await deps.onChanged?.(changedIds);
      await reportProgress(job, { pages: progress.pages, rowsSeen: progress.rowsSeen });
    },
  });
  deps.onSynced?.(result);
  return result;
}
