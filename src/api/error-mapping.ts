/**
 * The one place domain error codes become GraphQL `extensions.code` (and HTTP status where the
 * whole request fails). A failure to reach the hub's database is DATABASE_UNAVAILABLE (HTTP 503
 * with Retry-After, see src/api/unavailable.plugin.ts); anything else unknown is
 * INTERNAL_SERVER_ERROR with its message hidden.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import { HubError, type HubErrorCode } from '../errors.js';
import { isConnectionError } from '../observability/outage.js';
import { QUERY_LIMIT_CODES } from './limits.js';

export function httpStatusFor(code: HubErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'BAD_USER_INPUT':
    case 'INVALID_CURSOR':
    case 'PAGE_SIZE_TOO_LARGE':
      return 400;
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'VERSION_CONFLICT':
    case 'SOURCE_UNAVAILABLE':
      return 200; // partial results: the error travels in the body beside the data
    case 'AUDIT_UNAVAILABLE':
    case 'DATABASE_UNAVAILABLE':
      return 503;
  }
}

// Codes graphql-js, Apollo, type-graphql and the query limits set themselves for bad requests:
// kept as they are.
const PASS_THROUGH = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  ...QUERY_LIMIT_CODES,
]);

/**
 * With introspection off the schema is not the caller's to explore: graphql-js's suggestions
 * ("Did you mean "nationalId"?") in validation and variable errors would spell it out field by
 * field, type by type and enum value by enum value.
 */
export function withoutSchemaHints(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(/ ?Did you mean [^?]*\?/g, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof HubError) {
    return { ...formatted, message: original.message, extensions: { ...formatted.extensions, ...original.extensions, code: original.code } };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (PASS_THROUGH.has(code)) return formatted;
  // type-graphql's argument validation and @Authorized errors
  if (original instanceof ArgumentValidationError) return { ...formatted, extensions: { code: 'BAD_USER_INPUT' } };
  if (original instanceof AuthorizationError) return { ...formatted, extensions: { code: 'FORBIDDEN' } };
  if (original instanceof AuthenticationError) return { ...formatted, extensions: { code: 'UNAUTHENTICATED' } };
  // the hub's own database: pg, knex and MikroORM errors of a connection that could not be had or was lost
  if (isConnectionError(original)) {
    return { message: 'the database is unavailable; retry later', path: formatted.path, locations: formatted.locations, extensions: { code: 'DATABASE_UNAVAILABLE' } };
  }
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
