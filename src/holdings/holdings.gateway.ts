/**
 * Live product holdings, read from the source systems when asked. The one way the hub calls a
 * source's `lookupHoldings`: every call has a deadline and is observed (latency and outcome per
 * source), and a source that fails or is late answers SOURCE_UNAVAILABLE with the source's name.
 *
 * The customer view asks through `loader` (per request, one DataLoader per source collects the
 * keys of every customer in the response into ONE call; a failure fails only that source's part
 * of the response); segmentation asks through `lookup` (one call per source per page).
 */
import DataLoader from 'dataloader';
import type { Connector, Holding, SourceSystem } from '../../connectors/contract.js';
import { HubError } from '../errors.js';
import type { SourceCallOutcome } from '../observability/metrics.js';

export type SourceCallObserver = (system: SourceSystem, seconds: number, outcome: SourceCallOutcome) => void;

class SourceTimeout extends Error {}

export class HoldingsGateway {
  constructor(
    private readonly connectors: ReadonlyMap<SourceSystem, Connector>,
    private readonly timeoutMs: number,
    private readonly observe: SourceCallObserver = () => {},
  ) {}

  get systems(): SourceSystem[] {
    return [...this.connectors.keys()];
  }

  /** a loader for one request: holdings of one source key, batched per tick into one call */
  loader(system: SourceSystem): DataLoader<string, Holding[]> {
    return new DataLoader<string, Holding[]>(async (keys) => {
      try {
        const holdings = await this.lookup(system, keys);
        return keys.map((k) => holdings.get(k) ?? []);
      } catch (err) {
        return keys.map(() => err as Error);
      }
    });
  }

  /** one call to the source for these keys, within the deadline; rejects with SOURCE_UNAVAILABLE */
  async lookup(system: SourceSystem, keys: readonly string[]): Promise<ReadonlyMap<string, Holding[]>> {
    const connector = this.connectors.get(system);
    if (!connector) throw unavailable(system, 'is not configured');
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SourceTimeout()), this.timeoutMs);
    });
    try {
      const holdings = await Promise.race([connector.lookupHoldings(keys), deadline]);
      this.observe(system, (performance.now() - started) / 1000, 'ok');
      return holdings;
    } catch (err) {
      const timedOut = err instanceof SourceTimeout;
      this.observe(system, (performance.now() - started) / 1000, timedOut ? 'timeout' : 'error');
      // the connector's message may name hosts but never customer values; it stays in the cause
      throw unavailable(system, timedOut ? `did not answer within ${this.timeoutMs} ms` : 'failed', err);
    } finally {
      clearTimeout(timer);
    }
  }
}

function unavailable(system: SourceSystem, what: string, cause?: unknown): HubError {
  return new HubError('SOURCE_UNAVAILABLE', `source ${system} ${what}`, { cause, extensions: { source: system } });
}
