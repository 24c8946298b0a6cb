/** Worker of the `audit-seal` queue: seals every entry that is ready, returns how many. */
import type { Worker } from 'bullmq';
import type { AccessLogSealer } from '../src/audit/sealer.js';
import { AUDIT_SEAL_QUEUE, type AuditSealJob } from './audit-seal.queue.js';
import type { QueueBackend } from './queue-backend.js';

export interface AuditSealWorkerDeps {
  backend: QueueBackend;
  sealer: AccessLogSealer;
  lockDurationMs: number;
  onSealed?: (sealed: number) => void;
}

export function startAuditSealWorker(deps: AuditSealWorkerDeps): Worker<AuditSealJob> {
  return deps.backend.worker<AuditSealJob>(
    AUDIT_SEAL_QUEUE,
    async () => {
      const sealed = await deps.sealer.sealPending();
      deps.onSealed?.(sealed);
      return { sealed };
    },
    { concurrency: 1, lockDuration: deps.lockDurationMs, stalledInterval: deps.lockDurationMs },
  );
}
