/**
 * The services of a running hub API over one database and the real connectors, as src/app.ts
 * wires them, for tests that go through HTTP; `overrides` replaces any of them.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Connector, SourceSystem } from '../../connectors/contract';
import type { Services } from '../../src/api/context';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { AccessLogWriter } from '../../src/audit/access-log.writer';
import { AuditService } from '../../src/audit/audit.service';
import { AccessLogSealer } from '../../src/audit/sealer';
import { checkHealth } from '../../src/api/health';
import { CustomerService } from '../../src/customer/customer.service';
import { HoldingsGateway } from '../../src/holdings/holdings.gateway';
import { SourceSystemService } from '../../src/ingest/source-system.service';
import { ConsentService } from '../../src/policy/consent.service';
import { PolicyService } from '../../src/policy/policy.service';
import { TEST_SEAL_KEY } from './seal-key';

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

/**
 * What startApi needs to log every request and serve the access log, as src/app.ts wires it
 * (the test seal key, sealing without a grace period): its `audit` writer and `services`.
 */
export function auditedHubApi(orm: MikroORM, connectors: ReadonlyMap<SourceSystem, Connector>, overrides: Partial<Services> = {}) {
  const accessLog = new AccessLogRepository(orm);
  return {
    audit: new AccessLogWriter(accessLog),
    services: hubServices(orm, connectors, {
      audit: new AuditService(accessLog, new AccessLogSealer(accessLog, TEST_SEAL_KEY, { graceMs: 0 }), 100, TEST_SEAL_KEY),
      ...overrides,
    }),
  };
}
