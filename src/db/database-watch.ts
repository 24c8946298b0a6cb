/**
 * Whether the hub's PostgreSQL answers, for `/ready` and the outage log. A probe (`SELECT 1`,
 * bounded) runs at most once a second however often `/ready` is asked; a request that failed
 * for want of the database asks for one at once. While the database is down a probe runs every
 * `retryMs` until it answers, so the outage's end is logged even without traffic.
 */
import { OutageReporter } from '../observability/outage.js';

export interface DatabaseWatchOptions {
  /** a probe's answer is reused this long (default 1 s) */
  cacheMs?: number;
  /** a probe not answered within this is a failure (default 2 s) */
  timeoutMs?: number;
  /** probe interval while down (default 2 s) */
  retryMs?: number;
}

export class DatabaseWatch {
  private last: { ok: boolean; at: number } | null = null;
  private inflight: Promise<boolean> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly outage: OutageReporter,
    options: DatabaseWatchOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.retryMs = options.retryMs ?? 2000;
  }

  /** true while the database answers (a cached probe at most `cacheMs` old) */
  async available(): Promise<boolean> {
    if (this.last && Date.now() - this.last.at < this.cacheMs) return this.last.ok;
    return this.check();
  }

  /** a request failed because the database could not be reached: probe now */
  noteUnavailable(): void {
    void this.check();
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
  }

  private check(): Promise<boolean> {
    this.inflight ??= this.runProbe().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async runProbe(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('database probe timed out'), { code: 'ETIMEDOUT' })), this.timeoutMs);
    });
    let ok: boolean;
    try {
      await Promise.race([this.probe(), timeout]);
      ok = true;
      this.outage.recovered();
    } catch (err) {
      ok = false;
      this.outage.failed(err);
    } finally {
      clearTimeout(timer);
    }
    this.last = { ok, at: Date.now() };
    if (!ok && !this.retry && !this.closed) {
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.check();
      }, this.retryMs);
      this.retry.unref();
    }
    return ok;
  }
}
