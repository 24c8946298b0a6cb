/**
 * Logs every read of personal data before the response leaves (DESIGN.md, Audit): in
 * willSendResponse, one access_log entry per person the request touched (from the policy gate's
 * AccessRecorder), plus one entry without a person for every mutation and for every request of an
 * auditor or admin. All in one INSERT. If it fails the request fails: the body is replaced by
 * AUDIT_UNAVAILABLE with HTTP 503, so no personal data leaves unlogged (fail closed).
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { FormattedExecutionResult, OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import type { RequestContext } from '../api/context.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../api/unavailable.plugin.js';
import { isConnectionError } from '../observability/outage.js';
import type { NewAccessEntry } from './access-log.repository.js';
import type { AccessLogWriter } from './access-log.writer.js';
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

export function accessEntries(ctx: RequestContext, operation: OperationDefinitionNode | undefined, operationName: string | null, outcome: AccessOutcome): NewAccessEntry[] {
  const base = {
    actor: ctx.principal.subject,
    role: ctx.principal.role,
    purpose: ctx.purpose,
    operation: operationName,
    requestId: ctx.requestId,
    clientAddress: ctx.clientAddress ?? null,
  };
  const entries: NewAccessEntry[] = [];
  for (const [subjectId, access] of ctx.access.subjects()) {
    entries.push({
      ...base,
      subjectId,
      fieldsReturned: [...access.returned],
      fieldsMasked: [...access.masked],
      fieldsWithheld: access.withheld.map(({ field, path, reason }) => ({ field, path, reason })),
      outcome: subjectOutcome(outcome, access.returned.size + access.masked.size, access.withheld.length),
    });
  }
  if (operation?.operation === 'mutation' || OVERSEEN_ROLES.has(ctx.principal.role)) {
    // without a person: the root fields say what was done (e.g. Mutation.sealAuditLog)
    const root = operation?.operation === 'mutation' ? 'Mutation' : operation?.operation === 'subscription' ? 'Subscription' : 'Query';
    const rootFields = (operation?.selectionSet.selections ?? []).flatMap((s) => (s.kind === 'Field' ? [`${root}.${s.name.value}`] : []));
    entries.push({ ...base, subjectId: null, fieldsReturned: [...new Set(rootFields)], fieldsMasked: [], fieldsWithheld: [], outcome });
  }
  return entries;
}

export function accessLogPlugin(writer: AccessLogWriter, logger?: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext: GraphQLRequestContextWillSendResponse<RequestContext>) {
          const { contextValue: ctx, response } = requestContext;
          // incremental delivery is off (no @defer/@stream in the schema): every body is single
          const result = response.body.kind === 'single' ? response.body.singleResult : { errors: [{ message: 'incremental' }] };
          const entries = accessEntries(ctx, requestContext.operation, requestContext.operationName ?? null, responseOutcome(result));
          if (entries.length === 0) return;
          try {
            await writer.write(entries);
          } catch (err) {
            // only the request id and the database's error code: the entries hold personal data
            logger?.error({ requestId: ctx.requestId, code: (err as { code?: string }).code }, 'access log write failed; response withheld');
            response.body = { kind: 'single', singleResult: { data: null, errors: [AUDIT_UNAVAILABLE] } };
            response.http.status = 503;
            // the database is down, not the log refused: worth a retry shortly
            if (isConnectionError(err)) response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}
