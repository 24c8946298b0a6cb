/**
 * The services of a running hub API over one database and the real connectors, as src/app.ts
 * wires them, for tests that go through HTTP; `overrides` replaces any of them.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Connector, SourceSystem } from '../../connectors/contract';
import type { Services } from '../../src/api/context';
import { checkHealth } from '../../src/api/health';
import { CustomerService } from '../../src/customer/customer.service';
import { HoldingsGateway } from '../../src/customer/holdings';
import { SourceSystemService } from '../../src/ingest/source-system.service';
import { ConsentService } from '../../src/policy/consent.service';
import { PolicyService } from '../../src/policy/policy.service';

export function hubServices(
  orm: MikroORM,
  connectors: ReadonlyMap<SourceSystem, Connector>,
  { holdingsTimeoutMs = 2000, ...overrides }: Partial<Services> & { holdingsTimeoutMs?: number } = {},
): Services {
  return {
    health: () => checkHealth(orm),
    sourceSystems: new SourceSystemService(orm, connectors, { requestSync: async () => undefined }),
    policy: new PolicyService(orm),
    consents: new ConsentService(orm),
    customers: new CustomerService(orm, new HoldingsGateway(connectors, holdingsTimeoutMs), 100),
    ...overrides,
  };
}
