/**
 * What a worker process puts in the queue store so the hub keeps working on its own: the
 * repeatable schedules (ingest per connector, match-pending sweep, segmentation, audit sealing,
 * data-quality sweep)
 * and the work that may be pending (a sync per connector, a match-pending sweep — which also
 * fails batch runs whose job is gone and asks for the first batch when it is due).
 *
 * Run on every start, and again each time Redis answers after an outage: a Redis restarted
 * without persistence comes back empty — no schedules, no queued jobs — and without this the
 * hub would sit idle with records match-pending until someone restarted a worker. Everything
 * here is idempotent (schedulers by id, syncs and sweeps deduplicated), so several workers
 * doing it at once, or a Redis that kept its data, change nothing.
 */
import type { AuditSealQueue } from './audit-seal.queue.js';
import type { IngestQueues } from './ingest.queue.js';
import type { MatchQueue } from './match.queue.js';
import type { QualityQueue } from './quality.queue.js';
import type { SegmentsQueue } from './segments.queue.js';

export interface StandingWorkParts {
  ingest: IngestQueues;
  match: MatchQueue;
  segments: SegmentsQueue;
  auditSeal: AuditSealQueue;
  quality: QualityQueue;
  every: { ingestMs: number; matchSweepMs: number; segmentsMs: number; auditSealMs: number; qualitySweepMs: number };
}


/**
 * `afterOutage`: only schedulers that are missing are created (an existing one keeps its next
 * run); at start every scheduler is upserted, so a changed interval applies.
 */
export async function ensureStandingWork(parts: StandingWorkParts, { afterOutage = false } = {}): Promise<void> {
  const options = { onlyIfMissing: afterOutage };
  await parts.match.schedulePendingSweep(parts.every.matchSweepMs, options);
  // A scheduler with `every` also runs once at once: on a first start segmentation finds no
  // golden customer yet (harmless); on a restart it refreshes segments with the current rules.
  await parts.segments.schedule(parts.every.segmentsMs, options);
  await parts.auditSeal.schedule(parts.every.auditSealMs, options);
  await parts.quality.schedule(parts.every.qualitySweepMs, options);
  await parts.ingest.schedule(parts.every.ingestMs, options);
  for (const system of parts.ingest.systems) await parts.ingest.requestSync(system, 'start');
  await parts.match.sweepPending();
}
