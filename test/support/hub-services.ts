/**
 * The services of a running hub API over one database and the real connectors, as src/app.ts
 * wires them, for tests that go through HTTP; `overrides` replaces any of them. Segmentation, the
 * access log's reader, subject rights, matching, data quality and stewardship are wired only when given: otherwise their
 * resolvers are not in the schema (a partial schema, which only tests build).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Connector, SourceSystem } from '../../connectors/contract';
import { hubWiring, type HubServices } from '../../src/server/schema';
import type { ApiOptions } from '../../src/server/server';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { AccessLogWriter } from '../../src/audit/access-log.writer';
import { AuditResolver } from '../../src/audit/audit.resolver';
import { AuditService } from '../../src/audit/audit.service';
import { AccessLogSealer } from '../../src/audit/sealer';
import { checkHealth } from '../../src/server/health';
import { CustomerService } from '../../src/customer/customer.service';
import { HoldingsGateway } from '../../src/holdings/holdings.gateway';
import { SourceSystemService } from '../../src/ingest/source-system.service';
import { MatchRunResolver } from '../../src/matching/match-run.resolver';
import { goldenCustomers } from '../../src/golden/golden.repository';
import { ConsentService } from '../../src/policy/consent.service';
import { PolicyService } from '../../src/policy/policy.service';
import { QualityResolver } from '../../src/quality/quality.resolver';
import { SegmentRuleResolver } from '../../src/segments/segment-rule.resolver';
import { StewardshipResolver } from '../../src/stewardship/stewardship.resolver';
import { FieldConflictsResolver } from '../../src/stewardship/field-conflicts.resolver';
import { FieldOverridesResolver } from '../../src/stewardship/field-overrides.resolver';
import { ReviewQueueResolver } from '../../src/stewardship/review-queue.resolver';
import { SubjectRightsResolver } from '../../src/subject-rights/subject-rights.resolver';
import { TEST_SEAL_KEY } from './seal-key';

/** the capabilities a test may leave unwired, and the resolver that then stays out of the schema */
const OPTIONAL = { segmentRules: SegmentRuleResolver, audit: AuditResolver, subjectRights: SubjectRightsResolver, matching: MatchRunResolver, quality: QualityResolver, stewardship: StewardshipResolver, reviewQueue: ReviewQueueResolver, fieldConflicts: FieldConflictsResolver, fieldOverrides: FieldOverridesResolver } as const;
type Optional = keyof typeof OPTIONAL;

export type TestHubServices = Omit<HubServices, Optional> & Partial<Pick<HubServices, Optional>>;

export function hubServices(
  orm: MikroORM,
  connectors: ReadonlyMap<SourceSystem, Connector>,
  { holdingsTimeoutMs = 2000, ...overrides }: Partial<HubServices> & { holdingsTimeoutMs?: number } = {},
): TestHubServices {
  return {
    health: () => checkHealth(orm),
    sourceSystems: new SourceSystemService(orm, connectors, { requestSync: async () => undefined }),
    policy: new PolicyService(orm),
    consents: new ConsentService(orm, goldenCustomers),
    customers: new CustomerService(orm, new HoldingsGateway(connectors, holdingsTimeoutMs), 100),
    ...overrides,
  };
}

/** what startApi needs of these services: /health, the audit routes' reader and the schema of the wired capabilities */
export function hubApi(services: TestHubServices): Pick<ApiOptions, 'health' | 'auditService' | 'wiring'> {
  const whole = hubWiring(services as HubServices); // the unwired ones' resolvers are dropped below
  const unwired = new Set<unknown>((Object.keys(OPTIONAL) as Optional[]).filter((name) => !services[name]).map((name) => OPTIONAL[name]));
  return {
    health: services.health,
    auditService: services.audit,
    wiring: { ...whole, resolvers: whole.resolvers.filter((resolver) => !unwired.has(resolver.constructor)) },
  };
}

/**
 * What startApi needs to log every request and serve the access log, as src/app.ts wires it
 * (the test seal key, sealing without a grace period): its `audit` writer, and the services.
 */
export function auditedHubApi(orm: MikroORM, connectors: ReadonlyMap<SourceSystem, Connector>, overrides: Partial<HubServices> = {}) {
  const accessLog = new AccessLogRepository(orm);
  return {
    audit: new AccessLogWriter(accessLog),
    ...hubApi(
      hubServices(orm, connectors, {
        audit: new AuditService(accessLog, new AccessLogSealer(accessLog, TEST_SEAL_KEY, { graceMs: 0 }), 100, TEST_SEAL_KEY),
        ...overrides,
      }),
    ),
  };
}
