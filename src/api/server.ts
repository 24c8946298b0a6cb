/**
 * HTTP surface: `/graphql` (Apollo Server on Express 5), `/health` (liveness of the hub and its
 * database), `/ready` (accepting traffic) and `/metrics` (Prometheus). Every GraphQL request
 * needs a bearer token, passes the query limits and is answered within the request timeout.
 */
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import pino, { type Logger } from 'pino';
import { accessLogPlugin } from '../audit/access-log.plugin.js';
import type { AccessLogWriter } from '../audit/access-log.writer.js';
import { auditExportRoute, auditPublicKeyRoute } from '../audit/export.route.js';
import { HubError } from '../errors.js';
import { AccessRecorder } from '../policy/access-recorder.js';
import { withheldPlugin } from '../policy/withheld.plugin.js';
import { HubMetrics } from '../observability/metrics.js';
import { declaredPurpose, principalFromHeader, type TokenKeys } from './auth.js';
import type { RequestContext, Services } from './context.js';
import { formatError, httpStatusFor } from './error-mapping.js';
import { DEFAULT_QUERY_LIMITS, queryLimitsPlugin, type QueryLimits } from './limits.js';
import { RequestObserver } from './request-observer.js';
import { dropLateAnswer, requestTimeout } from './request-timeout.js';
import { buildHubSchema } from './schema.js';

export interface ApiOptions {
  host: string;
  port: number;
  keys: TokenKeys;
  services: Services;
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
}

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  metrics: HubMetrics;
  close(): Promise<void>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** the caller and the purpose it declares; a refusal becomes an HTTP error before GraphQL runs */
function authenticate(keys: TokenKeys, authorization: string | undefined, purposeHeader: string | undefined) {
  try {
    const principal = principalFromHeader(keys, authorization);
    return { principal, purpose: declaredPurpose(principal, purposeHeader) };
  } catch (err) {
    if (err instanceof HubError) {
      throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: httpStatusFor(err.code) } } });
    }
    throw err;
  }
}

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const metrics = options.metrics ?? new HubMetrics();
  const observer = new RequestObserver(logger, metrics);
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildHubSchema(),
    formatError,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // Batching stays off (Apollo's default): an array of operations is refused with 400, so one
    // request is one operation and the limits below bound it.
    allowBatchedHttpRequests: false,
    plugins: [
      queryLimitsPlugin({ ...DEFAULT_QUERY_LIMITS, ...options.limits }),
      observer.plugin(),
      withheldPlugin,
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
    const health = await options.services.health();
    res.status(health.ok ? 200 : 503).json(health);
  });
  app.get('/ready', (_req, res) => {
    res.status(ready ? 200 : 503).json({ ready });
  });
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.exposition();
    res.type(contentType).send(body);
  });
  if (options.services.audit) app.get('/audit/public-key', auditPublicKeyRoute(options.services.audit));
  if (options.audit && options.services.audit) {
    app.get('/audit/export', auditExportRoute({ keys: options.keys, writer: options.audit, audit: options.services.audit }));
  }
  app.use(
    '/graphql',
    observer.middleware(),
    requestTimeout(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        let caller;
        try {
          caller = authenticate(options.keys, req.header('authorization'), req.header('x-purpose'));
        } catch (err) {
          observer.noteRefusal(res, err instanceof GraphQLError ? String(err.extensions.code) : 'INTERNAL_SERVER_ERROR');
          throw err;
        }
        const context: RequestContext = {
          ...caller,
          requestId: observer.requestId(res),
          services: options.services,
          metrics,
          access: new AccessRecorder(),
          clientAddress: req.ip,
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
