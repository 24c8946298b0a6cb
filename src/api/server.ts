/**
 * HTTP surface: `/graphql` (Apollo Server on Express 5), `/health` (liveness of the hub and its
 * database) and `/ready` (accepting traffic). Every GraphQL request needs a bearer token.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { HubError } from '../errors.js';
import { principalFromHeader, type TokenKeys } from './auth.js';
import type { RequestContext, Services } from './context.js';
import { formatError, httpStatusFor } from './error-mapping.js';
import { buildHubSchema } from './schema.js';

export interface ApiOptions {
  host: string;
  port: number;
  keys: TokenKeys;
  services: Services;
  production: boolean;
}

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  close(): Promise<void>;
}

function authenticate(keys: TokenKeys, header: string | undefined) {
  try {
    return principalFromHeader(keys, header);
  } catch (err) {
    if (err instanceof HubError) {
      throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: httpStatusFor(err.code) } } });
    }
    throw err;
  }
}

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildHubSchema(),
    formatError,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown: it closes the API first, then workers, queues and databases.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const health = await options.services.health();
    res.status(health.ok ? 200 : 503).json(health);
  });
  app.get('/ready', (_req, res) => {
    res.json({ ready: true });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = (req.header('x-request-id') ?? '').slice(0, 64) || randomUUID();
        const principal = authenticate(options.keys, req.header('authorization'));
        return { principal, requestId, services: options.services };
      },
    }),
  );

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host}:${port}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
