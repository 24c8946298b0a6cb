/**
 * Worker of the `segments` queue. A source failure throws, so BullMQ retries the job with
 * backoff and nothing half-computed is written (see SegmentationService). Broken stored rules
 * and malformed payloads fail at once: retrying cannot fix them, and the next scheduled run
 * picks up a corrected rule.
 */
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { RuleError } from '../src/segments/rules.js';
import type { SegmentationResult, SegmentationService } from '../src/segments/segmentation.service.js';
import type { QueueBackend } from './queue-backend.js';
import { SEGMENTS_QUEUE, type SegmentsJob } from './segments.queue.js';
import { reportProgress } from './job-progress.js';

export interface SegmentsWorkerDeps {
  backend: QueueBackend;
  segmentation: SegmentationService;
  lockDurationMs: number;
  onRun?: (job: SegmentsJob['kind'], result: SegmentationResult) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function startSegmentsWorker(deps: SegmentsWorkerDeps): Worker<SegmentsJob> {
  return deps.backend.worker<SegmentsJob>(SEGMENTS_QUEUE, (job) => runSegmentsJob(job, deps), {
    concurrency: 1,
    lockDuration: deps.lockDurationMs,
    stalledInterval: deps.lockDurationMs,
  });
}

async function runSegmentsJob(job: Job<SegmentsJob>, deps: SegmentsWorkerDeps): Promise<SegmentationResult> {
  const data = job.data;
  try {
    let result: SegmentationResult;
    switch (data?.kind) {
      case 'all':
        result = await deps.segmentation.segmentAll((done) => reportProgress(job, { done }));
        break;
      case 'customers':
        if (!Array.isArray(data.goldenIds) || !data.goldenIds.every((id) => typeof id === 'string' && UUID.test(id))) {
          throw new UnrecoverableError(`segments job ${job.id} has no valid golden ids`);
        }
        result = await deps.segmentation.segmentCustomers(data.goldenIds);
        break;
      default:
        throw new UnrecoverableError(`segments job ${job.id} is of no known kind`);
    }
    deps.onRun?.(data.kind, result);
    return result;
  } catch (err) {
    if (err instanceof RuleError) throw new UnrecoverableError(err.message);
    throw err;
  }
}
