/**
 * Domain errors carry a code; the API maps codes to `extensions.code` in one switch
 * (src/api/error-mapping.ts). Messages never contain personal data.
 */
export type HubErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'SOURCE_UNAVAILABLE' | 'UNAUTHENTICATED' | 'FORBIDDEN';

export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HubError';
  }
}
