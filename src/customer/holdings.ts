/**
 * Live product holdings, read from the source systems at query time. Per request, one
 * DataLoader per source collects the source keys of every customer in the response and makes
 * ONE `lookupHoldings` call for them; the call has a deadline, and a source that fails or is
 * late fails only its own part of the response (SOURCE_UNAVAILABLE, with the source's name).
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
    return new DataLoader<string, Holding[]>((keys) => this.lookup(system, keys));
  }

  private async lookup(system: SourceSystem, keys: readonly string[]): Promise<(Holding[] | Error)[]> {
    const connector = this.connectors.get(system);
    if (!connector) return keys.map(() => unavailable(system, 'is not configured'));
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SourceTimeout()), this.timeoutMs);
    });
    try {
      const holdings = await Promise.race([connector.lookupHoldings(keys), deadline]);
      this.observe(system, (performance.now() - started) / 1000, 'ok');
      return keys.map((k) => holdings.get(k) ?? []);
    } catch (err) {
      const timedOut = err instanceof SourceTimeout;
      this.observe(system, (performance.now() - started) / 1000, timedOut ? 'timeout' : 'error');
      // the connector's message may name hosts but never customer values; it stays in the cause
      const error = unavailable(system, timedOut ? `did not answer within ${this.timeoutMs} ms` : 'failed', err);
      return keys.map(() => error);
    } finally {
      clearTimeout(timer);
    }
  }
}

function unavailable(system: SourceSystem, what: string, cause?: unknown): HubError {
  return new HubError('SOURCE_UNAVAILABLE', `source ${system} ${what}`, { cause, extensions: { source: system } });
}
