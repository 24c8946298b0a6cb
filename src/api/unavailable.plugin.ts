/**
 * A request that failed because the hub's database could not be reached gets HTTP 503 and a
 * `Retry-After` header (the errors are already coded DATABASE_UNAVAILABLE by formatError), so
 * clients and balancers back off and retry instead of treating it as a bug; the database watch
 * is told, so `/ready` reports not ready until a probe answers again.
 */
import type { ApolloServerPlugin } from '@apollo/server';

/** seconds a client should wait before retrying a request refused for want of the database */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function unavailablePlugin(onDatabaseUnavailable?: () => void): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.some((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
          onDatabaseUnavailable?.();
        },
      };
    },
  };
}
