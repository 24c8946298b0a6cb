/**
 * The loaders of one request: whatever the number of customers in a response, their linked
 * records, history, links and each source's holdings are read in one statement (or one
 * connector call) each. Created lazily per request context and dropped with it.
 */
import DataLoader from 'dataloader';
import type { Holding, SourceSystem } from '../../connectors/contract.js';
import type { EventRow } from '../golden/golden.repository.js';
import type { LinkedRecordRow } from '../ingest/source-record.repository.js';
import type { LinkRow } from '../matching/matching.repository.js';
import type { CustomerRepository } from './customer.repository.js';
import type { HoldingsGateway } from '../holdings/holdings.gateway.js';

export interface CustomerLoaders {
  records: DataLoader<string, LinkedRecordRow[]>;
  events: DataLoader<string, EventRow[]>;
  links: DataLoader<string, LinkRow[]>;
  holdings(system: SourceSystem): DataLoader<string, Holding[]>;
}

function groupedBy<T>(rows: readonly T[], keyOf: (row: T) => string, keys: readonly string[]): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

export function createCustomerLoaders(repository: CustomerRepository, gateway: HoldingsGateway): CustomerLoaders {
  const holdings = new Map<SourceSystem, DataLoader<string, Holding[]>>();
  return {
    records: new DataLoader(async (ids) => groupedBy(await repository.linkedRecords(ids), (r) => r.golden_id, ids)),
    events: new DataLoader(async (ids) => groupedBy(await repository.events(ids), (r) => r.golden_id, ids)),
    links: new DataLoader(async (ids) => groupedBy(await repository.links(ids), (r) => r.golden_id, ids)),
    holdings: (system) => {
      let loader = holdings.get(system);
      if (!loader) holdings.set(system, (loader = gateway.loader(system)));
      return loader;
    },
  };
}
