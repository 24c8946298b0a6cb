/**
 * One log line and the metrics of every GraphQL request: request id, operation, HTTP status,
 * duration and error codes. The Express side gives the request id and sees what the client
 * really got (status, timeouts, authentication failures); the Apollo plugin adds what only
 * GraphQL knows (operation name, error codes in the body).
 *
 * Privacy: nothing from the request or response is logged except the request id, the operation
 * name (as a bounded label) and error codes — no variables, query text, bodies or other headers.
 */
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { operationLabel, type HubMetrics, type RequestOutcome } from '../observability/metrics.js';
import { wasTimedOut } from './request-timeout.js';

interface RequestRecord {
  requestId: string;
  operation: string;
  errorCodes: string[];
}

const RECORD = 'requestRecord';
// Apollo shallow-copies the context for each operation, so the record travels in it as a
// property (under a symbol, out of resolvers' way) rather than as a WeakMap key.
const CONTEXT_RECORD = Symbol('requestRecord');
type WithRecord = { [CONTEXT_RECORD]?: RequestRecord };

// A client's request id is echoed and logged only when it looks like an id (not free text).
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export class RequestObserver {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: HubMetrics,
  ) {}

  /** Express middleware: assigns the request id, echoes it, and logs and counts when the response ends. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const given = req.header('x-request-id');
      const record: RequestRecord = { requestId: given && REQUEST_ID.test(given) ? given : randomUUID(), operation: 'anonymous', errorCodes: [] };
      res.locals[RECORD] = record;
      res.setHeader('x-request-id', record.requestId);
      const started = process.hrtime.bigint();
      let observed = false;
      const observe = (answered: boolean) => {
        if (observed) return;
        observed = true;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const outcome = this.outcome(res, record, answered);
        if (outcome === 'timeout') record.errorCodes.push('REQUEST_TIMEOUT');
        this.metrics.graphqlRequests.inc({ operation: record.operation, outcome });
        this.metrics.graphqlDuration.observe({ operation: record.operation }, seconds);
        for (const code of record.errorCodes) this.metrics.graphqlErrors.inc({ code });
        this.logger.info(
          {
            requestId: record.requestId,
            operation: record.operation,
            status: res.statusCode,
            outcome,
            durationMs: Math.round(seconds * 1000),
            ...(record.errorCodes.length > 0 ? { errorCodes: record.errorCodes } : {}),
          },
          'graphql request',
        );
      };
      // 'finish': the answer is handed to the client; 'close' without it: the client went away
      res.once('finish', () => observe(true));
      res.once('close', () => observe(false));
      next();
    };
  }

  private outcome(res: Response, record: RequestRecord, answered: boolean): RequestOutcome {
    if (wasTimedOut(res)) return 'timeout';
    if (!answered) return 'aborted';
    return record.errorCodes.length > 0 ? 'error' : 'ok';
  }

  requestId(res: Response): string {
    return (res.locals[RECORD] as RequestRecord).requestId;
  }

  /** Ties a GraphQL context to the request's record, so the plugin can fill it in. */
  attach(context: object, res: Response): void {
    (context as WithRecord)[CONTEXT_RECORD] = res.locals[RECORD] as RequestRecord;
  }

  /** A request refused before GraphQL ran (e.g. no valid token): its code still counts and is logged. */
  noteRefusal(res: Response, code: string): void {
    (res.locals[RECORD] as RequestRecord).errorCodes.push(code);
  }

  plugin(): ApolloServerPlugin<object> {
    return {
      async requestDidStart({ contextValue }) {
        const record = (contextValue as WithRecord)[CONTEXT_RECORD];
        if (!record) return;
        return {
          async didResolveOperation({ operationName }) {
            record.operation = operationLabel(operationName);
          },
          // codes as the client sees them, after formatError
          async willSendResponse({ response }) {
            if (response.body.kind !== 'single') return;
            for (const error of response.body.singleResult.errors ?? []) {
              record.errorCodes.push(String(error.extensions?.code ?? 'UNKNOWN'));
            }
          },
        };
      },
    };
  }
}
