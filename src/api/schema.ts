/** The GraphQL schema, built from the capability resolvers; `npm run build` emits it as SDL. */
import { buildSchema, type AuthChecker } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AuditResolver } from '../audit/audit.resolver.js';
import { CustomerConnectionResolver, CustomerResolver, HoldingsResolver } from '../customer/customer.resolver.js';
import { SourceSystemResolver } from '../ingest/source-system.resolver.js';
import { AccessPolicyResolver, ConsentResolver, CustomerConsentResolver } from '../policy/policy.resolver.js';
import { QualityResolver } from '../quality/quality.resolver.js';
import { MatchRunResolver } from '../resolution/match-run.resolver.js';
import { SegmentRuleResolver } from '../segments/segment-rule.resolver.js';
import { SubjectRightsResolver } from '../subject-rights/subject-rights.resolver.js';
import type { RequestContext } from './context.js';
import { HealthResolver } from './health.js';

const authChecker: AuthChecker<RequestContext> = ({ context }, roles) =>
  roles.length === 0 || roles.includes(context.principal.role);

export const RESOLVERS = [HealthResolver, SourceSystemResolver, CustomerResolver, CustomerConnectionResolver, HoldingsResolver, SegmentRuleResolver, AccessPolicyResolver, ConsentResolver, CustomerConsentResolver, AuditResolver, SubjectRightsResolver, MatchRunResolver, QualityResolver] as const;

export function buildHubSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: RESOLVERS, authChecker, validate: false });
}

/** The SDL as committed in schema/schema.graphql. */
export async function printHubSchema(): Promise<string> {
  const { printSchema, lexicographicSortSchema } = await import('graphql');
  return `${printSchema(lexicographicSortSchema(await buildHubSchema()))}\n`;
}
