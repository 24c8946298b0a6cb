/** The holdings gateway on its own, over fake sources: deadline, outcome observed, errors by source. */
import type { Connector, Holding, SourceSystem } from '../../connectors/contract';
import { HubError } from '../../src/errors';
import { HoldingsGateway } from '../../src/holdings/holdings.gateway';

const holding = (id: string) => ({ productId: id }) as unknown as Holding;
const source = (lookupHoldings: Connector['lookupHoldings']) => ({ lookupHoldings }) as Connector;
const answering = source(async (keys) => new Map(keys.filter((k) => k !== 'none').map((k) => [k, [holding(`p-${k}`)]])));
const hanging = source(() => new Promise(() => undefined));
const failing = source(async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.1:5432')));

function gateway(connectors: [SourceSystem, Connector][], timeoutMs = 50) {
  const observed: [SourceSystem, string][] = [];
  const g = new HoldingsGateway(new Map(connectors), timeoutMs, (system, _seconds, outcome) => observed.push([system, outcome]));
  return { g, observed };
}

describe('HoldingsGateway.lookup (segmentation: one call per source per page)', () => {
  it('answers the source’s holdings by key and observes the call as ok', async () => {
    const { g, observed } = gateway([['cards', answering]]);
    const found = await g.lookup('cards', ['a', 'none']);
    expect(found.get('a')).toEqual([holding('p-a')]);
    expect(found.has('none')).toBe(false);
    expect(observed).toEqual([['cards', 'ok']]);
  });

  it('a late source rejects with SOURCE_UNAVAILABLE after the deadline, observed as timeout', async () => {
    const { g, observed } = gateway([['loans', hanging]], 50);
    const started = Date.now();
    await expect(g.lookup('loans', ['1'])).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: 'source loans did not answer within 50 ms', extensions: { source: 'loans' } });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(observed).toEqual([['loans', 'timeout']]);
  });

  it('a failing source rejects with SOURCE_UNAVAILABLE; the connector’s message stays in the cause', async () => {
    const { g, observed } = gateway([['core_banking', failing]]);
    const err = await g.lookup('core_banking', ['1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).message).toBe('source core_banking failed');
    expect(((err as HubError).cause as Error).message).toMatch(/ECONNREFUSED/);
    expect(observed).toEqual([['core_banking', 'error']]);
  });

  it('a source not configured is SOURCE_UNAVAILABLE without a call', async () => {
    const { g, observed } = gateway([]);
    await expect(g.lookup('cards', ['1'])).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: 'source cards is not configured' });
    expect(observed).toEqual([]);
  });
});

describe('HoldingsGateway.loader (customer view: one call per source per request)', () => {
  it('batches the keys of one tick into one call and fails every key of a failed call', async () => {
    let calls = 0;
    const counted = source(async (keys) => (calls++, answering.lookupHoldings(keys)));
    const { g } = gateway([['cards', counted], ['loans', hanging]]);
    const cards = g.loader('cards');
    const [a, none] = await Promise.all([cards.load('a'), cards.load('none')]);
    expect([a, none, calls]).toEqual([[holding('p-a')], [], 1]);
    const loans = await g.loader('loans').loadMany(['1', '2']);
    expect(loans.map((r) => (r as HubError).code)).toEqual(['SOURCE_UNAVAILABLE', 'SOURCE_UNAVAILABLE']);
  });
});
