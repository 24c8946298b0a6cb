/**
 * HTTP surface: `/graphql` (Apollo Server on Express 5), `/health` (liveness of the hub, its
 * database and its queue store), `/ready` (accepting traffic: not shutting down, database
 * reachable) and `/metrics` (Prometheus). Every GraphQL request needs a bearer token, passes the
 * query limits and is answered within the request timeout.
 */
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { getOperationAST, GraphQLError, parse } from 'graphql';
import pino, { type Logger } from 'pino';
import { accessLogPlugin, rootFieldsOf } from '../audit/access-log.plugin.js';
import { entryBase } from '../audit/audited-mutation.js';
import type { AccessLogWriter } from '../audit/access-log.writer.js';
import type { AuditService } from '../audit/audit.service.js';
import { auditExportRoute, auditPublicKeyRoute } from '../audit/export.route.js';
import { HubError } from '../errors.js';
import { AccessRecorder } from '../api/access-recorder.js';
import { withheldPlugin } from '../policy/withheld.plugin.js';
import { HubMetrics } from '../observability/metrics.js';
import { declaredPurpose, principalFromHeader, type Principal, type TokenKeys } from '../api/auth.js';
import type { RequestContext } from '../api/context.js';
import { formatError, httpStatusFor, withoutSchemaHints } from '../api/error-mapping.js';
import { DEFAULT_QUERY_LIMITS, queryLimitsPlugin, type QueryLimits } from '../api/limits.js';
import { RequestObserver } from './request-observer.js';
import { dropLateAnswer, requestTimeout } from './request-timeout.js';
import type { HubHealth } from './health.js';
import { RequestScope } from '../api/request-scope.js';
import { buildHubSchema, type HubWiring } from './schema.js';
import { unavailablePlugin } from '../api/unavailable.plugin.js';

export interface ApiOptions {
  host: string;
  port: number;
  keys: TokenKeys;
  /** the schema's resolvers, each constructed with its services (`hubWiring`; tests may wire part) */
  wiring: HubWiring;
  /** `/health`: the hub, its database and its queue store */
  health(): Promise<HubHealth>;
  production: boolean;
  /** query limits; any not given keep their default (DEFAULT_QUERY_LIMITS) */
  limits?: Partial<QueryLimits>;
  /** a GraphQL request unanswered this long gets 503 REQUEST_TIMEOUT (default 10 s) */
  requestTimeoutMs?: number;
  /** on close, /ready answers 503 this long before the port closes, so balancers stop sending (default 0) */
  shutdownDrainMs?: number;
  /** request logs (default: silent) */
  logger?: Logger;
  /** the process's metrics (default: a new registry for this API) */
  metrics?: HubMetrics;
  /** the access log (fail closed); absent: nothing is logged (tests of other layers, benchmarks) */
  audit?: AccessLogWriter;
  /** the access log's reader: serves `/audit/public-key`, and with `audit` `/audit/export`; absent: neither route */
  auditService?: AuditService;
  /** whether the hub's database answers (for /ready); absent: always ready until shutdown */
  database?: { available(): Promise<boolean>; noteUnavailable(): void };
}

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  metrics: HubMetrics;
  close(): Promise<void>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** a refusal becomes an HTTP error before GraphQL runs */
function asHttpError(err: unknown): unknown {
  if (!(err instanceof HubError)) return err;
  return new GraphQLError(err.message, { extensions: { ...err.extensions, code: err.code, http: { status: httpStatusFor(err.code) } } });
}

/** the root fields a refused request asked for, read without running it (best effort: none if it does not parse) */
function requestedRootFields(body: unknown): string[] {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return [];
  try {
    const operation = getOperationAST(parse(query, { maxTokens: 2000 }), typeof operationName === 'string' ? operationName : undefined);
    return rootFieldsOf(operation).map((f) => f.coordinate);
  } catch {
    return [];
  }
}

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const metrics = options.metrics ?? new HubMetrics();
  const observer = new RequestObserver(logger, metrics);
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildHubSchema(options.wiring),
    formatError: options.production ? (formatted, error) => withoutSchemaHints(formatError(formatted, error)) : formatError,
    introspection: !options.production,
    hideSchemaDetailsFromClientErrors: options.production,
    includeStacktraceInErrorResponses: false,
    // Batching stays off (Apollo's default): an array of operations is refused with 400, so one
    // request is one operation and the limits below bound it.
    allowBatchedHttpRequests: false,
    plugins: [
      queryLimitsPlugin({ ...DEFAULT_QUERY_LIMITS, ...options.limits }),
      observer.plugin(),
      withheldPlugin,
      unavailablePlugin(() => options.database?.noteUnavailable()),
      ...(options.audit ? [accessLogPlugin(options.audit, logger)] : []),
    ],
    // main.ts owns shutdown: it closes the API first, then workers, queues and databases.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  let ready = false;
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const health = await options.health();
    res.status(health.ok ? 200 : 503).json(health);
  });
  app.get('/ready', async (_req, res) => {
    if (!ready) return void res.status(503).json({ ready });
    const database = options.database ? await options.database.available() : true;
    res.status(database ? 200 : 503).json(database ? { ready } : { ready: false, database });
  });
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.exposition();
    res.type(contentType).send(body);
  });
  if (options.auditService) app.get('/audit/public-key', auditPublicKeyRoute(options.auditService));
  if (options.audit && options.auditService) {
    app.get('/audit/export', auditExportRoute({ keys: options.keys, writer: options.audit, audit: options.auditService }));
  }
  app.use(
    '/graphql',
    observer.middleware(),
    requestTimeout(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const refuse = (err: unknown) => {
          const httpError = asHttpError(err);
          observer.noteRefusal(res, httpError instanceof GraphQLError ? String(httpError.extensions.code) : 'INTERNAL_SERVER_ERROR');
          return httpError;
        };
        let principal: Principal;
        try {
          principal = principalFromHeader(options.keys, req.header('authorization'));
        } catch (err) {
          // no known caller: counted in metrics and the request log, not in the access log
          throw refuse(err);
        }
        let purpose: string | null;
        try {
          purpose = declaredPurpose(principal, req.header('x-purpose'));
        } catch (err) {
          // a known caller declaring a purpose it may not: a denied attempt, logged with what it asked for
          const attempted = (req.header('x-purpose') ?? '').trim().toUpperCase();
          const refused = requestedRootFields(req.body);
          await options.audit
            ?.write([{
              ...entryBase(
                { principal, purpose: /^[A-Z][A-Z0-9_]{0,39}$/.test(attempted) ? attempted : null, requestId: observer.requestId(res), clientAddress: req.ip },
                typeof req.body?.operationName === 'string' ? req.body.operationName.slice(0, 200) : null,
              ),
              subjectId: null,
              fieldsReturned: [],
              fieldsMasked: [],
              fieldsWithheld: (refused.length ? refused : ['x-purpose']).map((field) => ({ field, path: field.split('.').pop()!, reason: 'PURPOSE_NOT_ALLOWED' })),
              outcome: 'DENIED',
            }])
            .catch(() => logger.error({ requestId: observer.requestId(res) }, 'access log write of a refused request failed'));
          throw refuse(err);
        }
        const context: RequestContext = {
          principal,
          purpose,
          requestId: observer.requestId(res),
          access: new AccessRecorder(),
          clientAddress: req.ip,
          scope: new RequestScope(),
        };
        observer.attach(context, res);
        return context;
      },
    }),
    dropLateAnswer,
  );

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
  });
  ready = true;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host}:${port}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    metrics,
    close: async () => {
      ready = false;
      if (options.shutdownDrainMs) await new Promise((resolve) => setTimeout(resolve, options.shutdownDrainMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
