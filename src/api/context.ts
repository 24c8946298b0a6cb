/**
 * Per-request context: the caller only — who (principal and role), for what purpose, which
 * request and from where — the recorder of what the request read (policy gate → access log) and
 * the request's own state (`scope`). Services are not here: each resolver gets its own by
 * construction (src/server/schema.ts). Imports only leaf modules, so every capability may import it.
 */
import type { AccessRecorder } from './access-recorder.js';
import type { Principal } from './auth.js';
import type { RequestScope } from './request-scope.js';

export interface RequestContext {
  /** the authenticated caller; its role is `principal.role` */
  principal: Principal;
  requestId: string;
  /** the purpose the caller declared for this request (`x-purpose`), null when none */
  purpose: string | null;
  /** what this request read of each person's data (policy gate → access log) */
  access: AccessRecorder;
  /** the client's address as Express sees it (trust proxy settings apply), for the access log */
  clientAddress?: string;
  /** state the capabilities keep for this request (policy decisions, loaders, stored mutations) */
  scope: RequestScope;
}
