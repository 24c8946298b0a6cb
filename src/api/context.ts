/**
 * Per-request context: the authenticated caller, a request id, the services resolvers call, and
 * the process's metrics (e.g. for `observeSourceCall` around a source lookup).
 */
import type { AuditService } from '../audit/audit.service.js';
import type { CustomerService } from '../customer/customer.service.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { SourceSystemService } from '../ingest/source-system.service.js';
import type { AccessRecorder } from '../policy/access-recorder.js';
import type { ConsentService } from '../policy/consent.service.js';
import type { PolicyService } from '../policy/policy.service.js';
import type { QualityService } from '../quality/quality.service.js';
import type { BatchMatchRequester } from '../resolution/batch-match-requester.js';
import type { SegmentRuleService } from '../segments/segment-rule.service.js';
import type { SubjectRightsService } from '../subject-rights/subject-rights.service.js';
import type { Principal } from './auth.js';
import type { HubHealth } from './health.js';

export interface Services {
  health(): Promise<HubHealth>;
  sourceSystems: SourceSystemService;
  customers: CustomerService;
  policy: PolicyService;
  consents: ConsentService;
  /** absent where segmentation is not wired (e.g. tests of other capabilities) */
  segmentRules?: SegmentRuleService;
  /** absent where the access log is not wired */
  audit?: AuditService;
  /** absent where subject-rights exports are not wired */
  subjectRights?: SubjectRightsService;
  /** queues full re-matches; absent where matching is not wired */
  matching?: BatchMatchRequester;
  /** data-quality rules, issues and sweeps; absent where quality checks are not wired */
  quality?: QualityService;
}

export interface RequestContext {
  principal: Principal;
  requestId: string;
  services: Services;
  metrics: HubMetrics;
  /** the purpose the caller declared for this request (`x-purpose`), null when none */
  purpose: string | null;
  /** what this request read of each person's data (policy gate → access log) */
  access: AccessRecorder;
  /** the client's address as Express sees it (trust proxy settings apply), for the access log */
  clientAddress?: string;
}
