/**
 * The hub's pipeline, declared in one place: which queue feeds which, and what each worker runs.
 *
 *   ingest-<system> ──records a page changed──▶ match (match-records, incremental)
 *        └──a source read to its end──▶ match (match-batch: the first one, once every source was)
 *   match (match-batch) ──committed──▶ segments (segment-all), quality (quality-sweep)
 *   ingest-<system> ──records a page changed──▶ quality (quality-records)
 *   match (match-records, match-pending) ──records matched──▶ quality (quality-records)
 *   match (match-pending), segments (segment-all), quality (quality-sweep), ingest, audit-seal: on their schedules
 *
 * The services that do the work come built (src/app.ts); this module connects queues and
 * workers, logs every failed job once (job-log.ts) and keeps the schedules and pending work
 * standing, at start and after a queue store outage (standing-work.ts).
 */
import type { Logger } from 'pino';
import type { Connector, SourceSystem } from '../connectors/contract.js';
import type { AccessLogSealer } from '../src/audit/sealer.js';
import type { IngestService } from '../src/ingest/ingest.service.js';
import { describeError } from '../src/observability/safe-error.js';
import type { BatchMatcher } from '../src/matching/batch-match.service.js';
import type { IncrementalMatcher } from '../src/matching/incremental-match.service.js';
import type { MatchRuns } from '../src/matching/match-runs.js';
import type { QualityService } from '../src/quality/quality.service.js';
import type { SegmentationService } from '../src/segments/segmentation.service.js';
import { AUDIT_SEAL_QUEUE } from './audit-seal.queue.js';
import { startAuditSealWorker } from './audit-seal.worker.js';
import { ingestQueueName } from './ingest.queue.js';
import { startIngestWorkers } from './ingest.worker.js';
import { logJobFailures } from './job-log.js';
import { MATCH_JOB_NAMES, MATCH_QUEUE } from './match.queue.js';
import { askForFirstBatch, startMatchWorker } from './match.worker.js';
import { QUALITY_QUEUE } from './quality.queue.js';
import { startQualityWorker } from './quality.worker.js';
import type { QueueBackend } from './queue-backend.js';
import { SEGMENTS_QUEUE } from './segments.queue.js';
import { startSegmentsWorker } from './segments.worker.js';
import { ensureStandingWork, type StandingWorkParts } from './standing-work.js';

/** the services each stage runs */
export interface PipelineWork {
  connectors: ReadonlyMap<SourceSystem, Connector>;
  ingest: IngestService;
  incremental: IncrementalMatcher;
  batch: BatchMatcher;
  /** whether the first batch may run (no model yet, every source read to its end once) */
  firstBatchDue: () => Promise<boolean>;
  runs: MatchRuns;
  segmentation: SegmentationService;
  quality: QualityService;
  sealer: AccessLogSealer;
}

export interface PipelineOptions {
  /** rows per ingest page */
  pageSize: number;
  lockDurationMs: number;
}

/** Starts every worker of the pipeline and makes its schedules and pending work stand. */
export async function startPipeline(backend: QueueBackend, queues: Omit<StandingWorkParts, 'every'>, every: StandingWorkParts['every'], work: PipelineWork, options: PipelineOptions, logger: Logger): Promise<void> {
  const { ingest: ingestQueues, match: matchQueue, segments: segmentsQueue, quality: qualityQueue } = queues;
  // quality checks follow the data; a lost request is caught by the next sweep
  const checkQuality = (ids: readonly string[]) => qualityQueue.checkRecords(ids).catch((err) => logger.error({ reason: describeError(err) }, 'could not queue quality checks'));
  const matchWorker = startMatchWorker({
    backend,
    queue: matchQueue,
    incremental: work.incremental,
    batch: work.batch,
    lockDurationMs: options.lockDurationMs,
    firstBatchDue: work.firstBatchDue,
    runs: {
      failEarlierAttempts: (jobId) => work.runs.failEarlierAttempts(jobId),
      failInterrupted: () => work.runs.failInterrupted((jobId) => matchQueue.isBatchActive(jobId)),
    },
    onBatch: (r) => {
      logger.info({ runId: r.runId, records: r.records, clusters: r.clusters, golden: r.golden, timingsMs: r.timingsMs }, 'batch match finished');
      // Segments follow every batch, so they appear in the demo once the first batch has made
      // golden customers: queued after the batch has committed, it cannot miss any of them.
      segmentsQueue.requestAll('after-match-batch', r.runId).catch((err) => logger.error({ reason: describeError(err) }, 'could not queue segmentation'));
      // a batch may re-link anyone: the consistency and uniqueness of every customer are re-checked
      qualityQueue.requestSweep('after-match-batch').catch((err) => logger.error({ reason: describeError(err) }, 'could not queue a quality sweep'));
    },
    onMatched: (ids) => void checkQuality(ids),
  });
  // a batch job given up on (e.g. stalled too often) leaves no run RUNNING behind
  logJobFailures(matchWorker, MATCH_QUEUE, logger, (job) => {
    if (job.name === MATCH_JOB_NAMES.batch && job.id) work.runs.failEarlierAttempts(job.id).catch(() => undefined);
  });

  const segmentsWorker = startSegmentsWorker({
    backend,
    segmentation: work.segmentation,
    lockDurationMs: options.lockDurationMs,
    onRun: (kind, r) => logger.info({ job: kind, customers: r.customers, pages: r.pages, distribution: r.distribution }, 'segmentation finished'),
  });
  // error messages name sources and rules, never customers
  logJobFailures(segmentsWorker, SEGMENTS_QUEUE, logger);

  const qualityWorker = startQualityWorker({
    backend,
    quality: work.quality,
    lockDurationMs: options.lockDurationMs,
    onSweep: (r) => logger.info({ records: r.records, customers: r.customers, pages: r.pages, resolvedAfter: r.resolvedAfter }, 'quality sweep finished'),
  });
  // error messages name rules and jobs, never values
  logJobFailures(qualityWorker, QUALITY_QUEUE, logger);

  const sealWorker = startAuditSealWorker({
    backend,
    sealer: work.sealer,
    lockDurationMs: options.lockDurationMs,
    onSealed: (sealed) => sealed > 0 && logger.debug({ sealed }, 'access log sealed'),
  });
  logJobFailures(sealWorker, AUDIT_SEAL_QUEUE, logger);

  const ingestWorkers = startIngestWorkers({
    backend,
    ingest: work.ingest,
    connectors: work.connectors,
    pageSize: options.pageSize,
    lockDurationMs: options.lockDurationMs,
    onSynced: (r) => {
      logger.info(r, 'connector synced');
      // the initial ingest may just have completed: the first batch waits for it
      askForFirstBatch({ firstBatchDue: work.firstBatchDue, queue: matchQueue }).catch((err) => logger.warn({ reason: describeError(err) }, 'could not queue the first match batch'));
    },
    onChanged: async (ids) => {
      await matchQueue.matchRecords(ids);
      await checkQuality(ids);
    },
  });
  ingestQueues.systems.forEach((system, i) => logJobFailures(ingestWorkers[i], ingestQueueName(system), logger));

  const standing = { ...queues, every };
  await ensureStandingWork(standing);
  backend.onReconnect(() => {
    ensureStandingWork(standing, { afterOutage: true })
      .then(() => logger.warn({ event: 'standing-work-restored' }, 'queue store reconnected: schedules and pending work ensured'))
      .catch((err) => logger.error({ reason: describeError(err) }, 'could not restore schedules after reconnect'));
  });
}
