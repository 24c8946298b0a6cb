/** Seals every entry that is ready, batch by batch (see AccessLogRepository.sealNext). */
import type { AccessLogRepository } from './access-log.repository.js';
import { sealEntries } from './chain.js';

export interface SealerOptions {
  /** entries younger than this wait for the next run (default 2 s) */
  graceMs?: number;
  /** entries sealed per transaction (default 1000) */
  batchSize?: number;
}

export class AccessLogSealer {
  private readonly graceMs: number;
  private readonly batchSize: number;

  constructor(private readonly repository: AccessLogRepository, options: SealerOptions = {}) {
    this.graceMs = options.graceMs ?? 2000;
    this.batchSize = options.batchSize ?? 1000;
  }

  /** how many entries this call sealed; 0 when everything ready was sealed already */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.repository.sealNext(this.graceMs, this.batchSize, sealEntries);
      total += sealed;
      if (sealed < this.batchSize) return total;
    }
  }
}
