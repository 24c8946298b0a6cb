/**
 * Logs every read of personal data before the response leaves (DESIGN.md, Audit): in
 * willSendResponse, one access_log entry per person the request touched (from the policy gate's
 * AccessRecorder), plus one entry without a person for every mutation, every request of an
 * auditor or admin, and every refusal (a root field answered FORBIDDEN or UNAUTHENTICATED, or
 * a withheld field of data linked to no one): denied attempts are what an auditor looks for
 * first. All in one INSERT. If it fails the request fails: the body is replaced by
 * AUDIT_UNAVAILABLE with HTTP 503, so no personal data leaves unlogged (fail closed).
 *
 * A mutation that ran stored its own entry with its change (audited-mutation.ts): it is not
 * written again here; one that failed is, with the request's outcome. A 503 answer names the
 * mutations whose change is stored nonetheless (`extensions.applied`).
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { FormattedExecutionResult, OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import type { RequestContext } from '../api/context.js';
import type { WithheldField } from '../api/access-recorder.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../api/unavailable.plugin.js';
import { isConnectionError } from '../observability/outage.js';
import type { NewAccessEntry } from './access-log.repository.js';
import type { AccessLogWriter } from './access-log.writer.js';
import { entryBase, trackMutations } from './audited-mutation.js';
import type { AccessOutcome } from './chain.js';

/** roles whose every request is logged, reads of the log included */
const OVERSEEN_ROLES = new Set(['AUDITOR', 'ADMIN']);

export const AUDIT_UNAVAILABLE = { message: 'access could not be logged', extensions: { code: 'AUDIT_UNAVAILABLE' } };

/** The request's outcome from what the client is about to get. */
export function responseOutcome(result: FormattedExecutionResult): AccessOutcome {
  const errors = result.errors ?? [];
  if (errors.length === 0) return 'OK';
  if (errors.some((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'UNAUTHENTICATED')) return 'DENIED';
  const data = result.data;
  const anyData = !!data && Object.values(data).some((v) => v !== null && v !== undefined);
  return anyData ? 'PARTIAL' : 'ERROR';
}

/** A person's outcome: fields withheld make an OK read partial, or denied when nothing came back. */
function subjectOutcome(request: AccessOutcome, returned: number, withheld: number): AccessOutcome {
  if (request !== 'OK' || withheld === 0) return request;
  return returned === 0 ? 'DENIED' : 'PARTIAL';
}

const REFUSAL_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/** root fields the response refused, with the policy's reason where it gave one (never values) */
export function refusedFields(result: FormattedExecutionResult, root: string): WithheldField[] {
  return (result.errors ?? []).flatMap((e) => {
    const code = String(e.extensions?.code ?? '');
    if (!REFUSAL_CODES.has(code)) return [];
    const path = (e.path ?? []).join('.');
    const reason = (e.extensions?.reason as WithheldField['reason'] | undefined) ?? (code as WithheldField['reason']);
    return [{ field: e.path?.length ? `${root}.${String(e.path[0])}` : root, path, reason }];
  });
}

/** the root type an operation runs on, for schema coordinates (`Mutation.grantConsent`) */
export function rootTypeOf(operation: OperationDefinitionNode | null | undefined): string {
  return operation?.operation === 'mutation' ? 'Mutation' : operation?.operation === 'subscription' ? 'Subscription' : 'Query';
}

/** the root fields an operation asks for: response key (alias or name) and schema coordinate */
export function rootFieldsOf(operation: OperationDefinitionNode | null | undefined): { key: string; coordinate: string }[] {
  const root = rootTypeOf(operation);
  return (operation?.selectionSet.selections ?? []).flatMap((s) =>
    s.kind === 'Field' ? [{ key: s.alias?.value ?? s.name.value, coordinate: `${root}.${s.name.value}` }] : [],
  );
}

/** `selfLogged`: response keys of root mutation fields that stored their own entry */
export function accessEntries(
  ctx: RequestContext,
  operation: OperationDefinitionNode | undefined,
  operationName: string | null,
  result: FormattedExecutionResult,
  selfLogged: ReadonlySet<string> = new Set(),
): NewAccessEntry[] {
  const outcome = responseOutcome(result);
  const base = entryBase(ctx, operationName);
  const entries: NewAccessEntry[] = [];
  for (const [subjectId, access] of ctx.access.subjects()) {
    entries.push({
      ...base,
      subjectId,
      fieldsReturned: [...access.returned],
      fieldsMasked: [...access.masked],
      fieldsWithheld: access.withheld.map(({ field, path, reason }) => ({ field, path, reason })),
      searched: [...access.searched],
      consentRefs: [...access.consentRefs],
      outcome: subjectOutcome(outcome, access.returned.size + access.masked.size + access.searched.size, access.withheld.length),
    });
  }
  const refused = [...ctx.access.unownedWithheld(), ...refusedFields(result, rootTypeOf(operation))];
  if (operation?.operation === 'mutation' || OVERSEEN_ROLES.has(ctx.principal.role) || refused.length > 0) {
    // without a person: the root fields say what was done (e.g. Mutation.sealAuditLog) or tried
    const rootFields = rootFieldsOf(operation).flatMap((f) => (selfLogged.has(f.key) ? [] : [f.coordinate]));
    const fieldsWithheld = refused.map(({ field, path, reason }) => ({ field, path, reason }));
    // every mutation field stored its own entry and nothing was refused: nothing left to say without a person
    const allSelfLogged = selfLogged.size > 0 && rootFields.length === 0 && fieldsWithheld.length === 0;
    if (!allSelfLogged) entries.push({ ...base, subjectId: null, fieldsReturned: [...new Set(rootFields)], fieldsMasked: [], fieldsWithheld, outcome });
  }
  return entries;
}

export function accessLogPlugin(writer: AccessLogWriter, logger?: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const mutations = trackMutations(contextValue, writer);
      return {
        async willSendResponse(requestContext: GraphQLRequestContextWillSendResponse<RequestContext>) {
          const { contextValue: ctx, response } = requestContext;
          // incremental delivery is off (no @defer/@stream in the schema): every body is single
          const result = response.body.kind === 'single' ? response.body.singleResult : { errors: [{ message: 'incremental' }] };
          const entries = accessEntries(ctx, requestContext.operation, requestContext.operationName ?? null, result, mutations.logged);
          let failed = mutations.auditFailed;
          let retryAfter = false;
          try {
            await writer.write(entries);
          } catch (err) {
            // only the request id and the database's error code: the entries hold personal data
            logger?.error({ requestId: ctx.requestId, code: (err as { code?: string }).code }, 'access log write failed; response withheld');
            failed = true;
            // the database is down, not the log refused: worth a retry shortly
            retryAfter = isConnectionError(err);
          }
          if (!failed) return;
          const applied = mutations.applied.length > 0 ? { applied: [...mutations.applied] } : {};
          response.body = { kind: 'single', singleResult: { data: null, errors: [{ ...AUDIT_UNAVAILABLE, extensions: { ...AUDIT_UNAVAILABLE.extensions, ...applied } }] } };
          response.http.status = 503;
          if (retryAfter) response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
