/**
 * A mutation and its access-log entry are stored together (issue P, item 9). The access log
 * plugin writes a request's entries after it ran, which for a read is enough (nothing leaves
 * unlogged), but a change would already be committed when that write fails: a consent answered
 * 503 was stored all the same. So each mutation runs its change in a transaction that also
 * stores its own entry (no person, the root field it ran, outcome OK), and the plugin does not
 * write that entry again. If the entry cannot be stored, the change is rolled back and the
 * request answers 503 AUDIT_UNAVAILABLE.
 *
 * A mutation whose effect lies outside the database (a job queued in Redis, seals written by the
 * sealer's own transaction) cannot be rolled back: if its entry then cannot be stored, the 503
 * answer says it was applied (`extensions.applied`), as it does for mutations committed before
 * a later part of the request failed to log.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../api/context.js';
import { RequestSlot } from '../api/request-scope.js';
import { HubError } from '../errors.js';
import { AccessLogUnavailable, type NewAccessEntry } from './access-log.repository.js';
import type { AccessLogWriter } from './access-log.writer.js';

/** What one request's mutations stored themselves (kept per request by the access log plugin). */
export class RequestMutations {
  /** response keys of root fields whose entry was stored with their change */
  readonly logged = new Set<string>();
  /** root fields (schema coordinates) whose change is stored, in the order they ran */
  readonly applied: string[] = [];
  /** a mutation's entry could not be stored: the request answers AUDIT_UNAVAILABLE */
  auditFailed = false;

  constructor(readonly writer: AccessLogWriter) {}
}

// in the request's scope: set only where the access log is wired
const MUTATIONS = new RequestSlot<RequestMutations>('mutations stored with their entries');

/** called by the access log plugin when a request starts */
export function trackMutations(ctx: RequestContext, writer: AccessLogWriter): RequestMutations {
  return ctx.scope.set(MUTATIONS, new RequestMutations(writer));
}

export function mutationsOf(ctx: RequestContext): RequestMutations | undefined {
  return ctx.scope.get(MUTATIONS);
}

/** the fields every entry of a request shares (also of one refused before its context was made) */
export function entryBase(ctx: Pick<RequestContext, 'principal' | 'purpose' | 'requestId' | 'clientAddress'>, operationName: string | null) {
  return {
    actor: ctx.principal.subject,
    role: ctx.principal.role,
    purpose: ctx.purpose,
    operation: operationName,
    requestId: ctx.requestId,
    clientAddress: ctx.clientAddress ?? null,
  };
}

export interface AuditedMutationOptions {
  /** the effect is not in the transaction (a queued job, a seal): it stays if the entry fails */
  outside?: boolean;
}

/**
 * Runs a root mutation field's change with its access-log entry in one transaction. `work` gets
 * the transaction (undefined where no access log is wired: it then uses its own).
 */
export async function auditedMutation<T>(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  work: (em: EntityManager | undefined) => Promise<T>,
  options: AuditedMutationOptions = {},
): Promise<T> {
  const mutations = mutationsOf(ctx);
  if (!mutations) return work(undefined);
  const field = `${info.parentType.name}.${info.fieldName}`;
  const entry = (): NewAccessEntry => ({
    ...entryBase(ctx, info.operation.name?.value ?? null),
    subjectId: null,
    fieldsReturned: [field],
    fieldsMasked: [],
    fieldsWithheld: [],
    outcome: 'OK',
  });
  try {
    const result = await mutations.writer.withEntries(work, () => [entry()]);
    mutations.logged.add(String(info.path.key));
    mutations.applied.push(field);
    return result;
  } catch (err) {
    if (!(err instanceof AccessLogUnavailable)) throw err;
    mutations.auditFailed = true;
    if (options.outside) mutations.applied.push(field);
    throw new HubError('AUDIT_UNAVAILABLE', 'access could not be logged', { cause: err });
  }
}
