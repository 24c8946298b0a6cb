/** Per-request context: the authenticated caller, a request id, and the services resolvers call. */
import type { CustomerService } from '../customer/customer.service.js';
import type { SourceSystemService } from '../ingest/source-system.service.js';
import type { Principal } from './auth.js';
import type { HubHealth } from './health.js';

export interface Services {
  health(): Promise<HubHealth>;
  sourceSystems: SourceSystemService;
  customers: CustomerService;
}

export interface RequestContext {
  principal: Principal;
  requestId: string;
  services: Services;
}
