/**
 * The GraphQL schema, built from the capability resolvers; `npm run build` emits it as SDL.
 *
 * Resolvers get their services by construction: `hubWiring` constructs every resolver class with
 * the services it uses, and type-graphql's container hands out exactly those instances (it never
 * constructs a resolver itself). A capability that is not wired is simply not in the schema: only
 * tests build such partial schemas; the hub serves and emits the whole one.
 */
import { buildSchema, type AuthChecker, type ContainerType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AuditResolver } from '../audit/audit.resolver.js';
import type { AuditService } from '../audit/audit.service.js';
import { CustomerConsentResolver } from '../customer/customer-consent.resolver.js';
import { CustomerConnectionResolver, CustomerReaders, CustomerResolver, HoldingsResolver } from '../customer/customer.resolver.js';
import type { CustomerService } from '../customer/customer.service.js';
import { SourceSystemResolver } from '../ingest/source-system.resolver.js';
import type { SourceSystemService } from '../ingest/source-system.service.js';
import type { BatchMatchRequester } from '../matching/batch-match-requester.js';
import { MatchRunResolver } from '../matching/match-run.resolver.js';
import type { ConsentService } from '../policy/consent.service.js';
import { PolicyGate } from '../policy/policy-gate.js';
import { AccessPolicyResolver, ConsentResolver } from '../policy/policy.resolver.js';
import type { PolicyService } from '../policy/policy.service.js';
import { QualityResolver } from '../quality/quality.resolver.js';
import type { QualityService } from '../quality/quality.service.js';
import { SegmentRuleResolver } from '../segments/segment-rule.resolver.js';
import type { SegmentRuleService } from '../segments/segment-rule.service.js';
import { StewardshipResolver } from '../stewardship/stewardship.resolver.js';
import type { StewardshipService } from '../stewardship/stewardship.service.js';
import { FieldConflictsResolver } from '../stewardship/field-conflicts.resolver.js';
import type { FieldConflictsService } from '../stewardship/field-conflicts.service.js';
import { FieldOverridesResolver } from '../stewardship/field-overrides.resolver.js';
import type { FieldOverridesService } from '../stewardship/field-overrides.service.js';
import { ReviewQueueResolver } from '../stewardship/review-queue.resolver.js';
import type { ReviewQueueService } from '../stewardship/review-queue.service.js';
import { SubjectRightsResolver } from '../subject-rights/subject-rights.resolver.js';
import type { SubjectRightsService } from '../subject-rights/subject-rights.service.js';
import type { RequestContext } from '../api/context.js';
import { HealthResolver, type HubHealth } from './health.js';

/** every service the hub's resolvers are constructed with (src/app.ts wires them) */
export interface HubServices {
  health(): Promise<HubHealth>;
  sourceSystems: SourceSystemService;
  customers: CustomerService;
  policy: PolicyService;
  consents: ConsentService;
  segmentRules: SegmentRuleService;
  audit: AuditService;
  subjectRights: SubjectRightsService;
  /** queues full re-matches */
  matching: BatchMatchRequester;
  /** data-quality rules, issues and sweeps */
  quality: QualityService;
  /** a steward's merges, unmerges, splits and pair decisions */
  stewardship: StewardshipService;
  /** the steward's review queue */
  reviewQueue: ReviewQueueService;
  /** where a customer's linked records disagree */
  fieldConflicts: FieldConflictsService;
  /** a steward's sticky field values */
  fieldOverrides: FieldOverridesService;
}

/** what a schema is built from: resolver instances, and the gate every `@Personal` field runs through */
export interface HubWiring {
  resolvers: readonly object[];
  gate: PolicyGate;
}

/** The whole hub: every resolver, constructed with its services. */
export function hubWiring(services: HubServices): HubWiring {
  const readers = new CustomerReaders(services.customers, services.policy);
  return {
    resolvers: [
      new HealthResolver(services.health),
      new SourceSystemResolver(services.sourceSystems, services.policy),
      new CustomerResolver(readers),
      new CustomerConnectionResolver(readers),
      new HoldingsResolver(readers),
      new SegmentRuleResolver(services.segmentRules),
      new AccessPolicyResolver(services.policy),
      new ConsentResolver(services.consents),
      new CustomerConsentResolver(services.consents),
      new AuditResolver(services.audit),
      new SubjectRightsResolver(services.subjectRights, readers),
      new MatchRunResolver(services.matching),
      new QualityResolver(services.quality),
      new StewardshipResolver(services.stewardship),
      new ReviewQueueResolver(services.reviewQueue),
      new FieldConflictsResolver(services.fieldConflicts),
      new FieldOverridesResolver(services.fieldOverrides),
    ],
    gate: new PolicyGate(services.policy),
  };
}

const authChecker: AuthChecker<RequestContext> = ({ context }, roles) =>
  roles.length === 0 || roles.includes(context.principal.role);

export function buildHubSchema({ resolvers, gate }: HubWiring): Promise<GraphQLSchema> {
  const instances = new Map<unknown, object>([...resolvers, gate].map((instance) => [instance.constructor, instance]));
  const container: ContainerType = {
    get(someClass: { name: string }) {
      const instance = instances.get(someClass);
      // a class used in the schema but not constructed here is a wiring fault of this process
      if (!instance) throw new Error(`${someClass.name} is not wired in this schema`);
      return instance;
    },
  };
  const classes = resolvers.map((r) => r.constructor) as [Function, ...Function[]];
  return buildSchema({ resolvers: classes, authChecker, validate: false, container });
}

/**
 * The whole hub's schema to print or inspect, built from the same `hubWiring` as the served one
 * but with no services: resolvers only keep theirs when constructed, so this is fine until a
 * field is resolved, which nothing here does.
 */
export function describeHubSchema(): Promise<GraphQLSchema> {
  return buildHubSchema(hubWiring({} as HubServices));
}

/** The SDL as committed in schema/schema.graphql. */
export async function printHubSchema(): Promise<string> {
  const { printSchema, lexicographicSortSchema } = await import('graphql');
  return `${printSchema(lexicographicSortSchema(await describeHubSchema()))}\n`;
}
