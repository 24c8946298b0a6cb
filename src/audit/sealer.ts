/**
 * Seals every entry that is ready, batch by batch (see AccessLogRepository.sealNext), and signs
 * each seal with the hub's key (seal-signature.ts). Before extending the chain it checks the
 * chain's head: a signed head whose signature does not hold under the hub's key or an earlier one
 * (a changed key id counts: it names no key the hub trusts), an unsigned head after this process
 * has signed, or a head behind one it sealed earlier (seals removed), means the chain was
 * rewritten — it refuses to seal on top of that, so the tampering stays visible instead of being
 * signed over. An unsigned head is accepted only as the chain's state before seals were signed.
 */
import type { AccessLogRepository } from './access-log.repository.js';
import { sealEntries, type AuditEntry, type Seal } from './chain.js';
import type { KeyObject } from 'node:crypto';
import { checkSealSignature, signSeal, trustedKeys, type SealKey, type TrustedKeys } from './seal-signature.js';

export interface SealerOptions {
  /** entries younger than this wait for the next run (default 2 s) */
  graceMs?: number;
  /** entries sealed per transaction (default 1000) */
  batchSize?: number;
  /** public keys of earlier seal keys (after a rotation, the head may be signed by one) */
  previousKeys?: readonly KeyObject[];
}

export class ChainRewrittenError extends Error {}

export class AccessLogSealer {
  private readonly graceMs: number;
  private readonly batchSize: number;
  /** the highest seq this process has sealed */
  private highestSeq = 0;
  private readonly trusted: TrustedKeys;

  constructor(
    private readonly repository: AccessLogRepository,
    private readonly key: SealKey,
    options: SealerOptions = {},
  ) {
    this.graceMs = options.graceMs ?? 2000;
    this.batchSize = options.batchSize ?? 1000;
    this.trusted = trustedKeys([key.publicKey, ...(options.previousKeys ?? [])]);
  }

  /** how many entries this call sealed; 0 when everything ready was sealed already */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      let sealedTo = 0;
      const sealed = await this.repository.sealNext(this.graceMs, this.batchSize, (last, entries) => {
        const seals = this.seal(last, entries);
        sealedTo = seals[seals.length - 1]?.seq ?? 0;
        return seals;
      });
      // only once committed: a failed batch leaves the head where it was
      this.highestSeq = Math.max(this.highestSeq, sealedTo);
      total += sealed;
      if (sealed < this.batchSize) return total;
    }
  }

  private seal(last: Seal | null, entries: AuditEntry[]): Seal[] {
    const seq = last?.seq ?? 0;
    if (seq < this.highestSeq) throw new ChainRewrittenError(`the access log's last seal is seq ${seq}, but seq ${this.highestSeq} was sealed before: seals were removed; not sealing`);
    const head = last ? checkSealSignature(this.trusted, last) : 'OK';
    if (head !== 'OK' && (head !== 'UNSIGNED' || this.highestSeq > 0)) {
      throw new ChainRewrittenError(`the access log's last seal (seq ${seq}) is not validly signed (${head}): the chain was changed; not sealing`);
    }
    return sealEntries(last, entries).map((s) => ({ ...s, ...signSeal(this.key, s) }));
  }
}
