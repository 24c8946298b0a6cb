/** Per-request context: the authenticated caller, a request id, and the services resolvers call. */
import type { SourceSystemService } from '../ingest/source-system.service.js';
import type { SegmentRuleService } from '../segments/segment-rule.service.js';
import type { Principal } from './auth.js';
import type { HubHealth } from './health.js';

export interface Services {
  health(): Promise<HubHealth>;
  sourceSystems: SourceSystemService;
  /** absent where segmentation is not wired (e.g. tests of other capabilities) */
  segmentRules?: SegmentRuleService;
}

export interface RequestContext {
  principal: Principal;
  requestId: string;
  services: Services;
}
