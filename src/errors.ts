/**
 * Domain errors carry a code; the API maps codes to `extensions.code` in one switch
 * (src/api/error-mapping.ts). Messages never contain personal data.
 */
export type HubErrorCode =
  | 'BAD_USER_INPUT'
  | 'INVALID_CURSOR'
  | 'PAGE_SIZE_TOO_LARGE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** a steward change on a stale version of the golden customer: extensions.currentVersion */
  | 'VERSION_CONFLICT'
  | 'SOURCE_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'AUDIT_UNAVAILABLE';

export class HubError extends Error {
  /** more for clients than the code: the argument at fault, the source that failed (no personal data) */
  readonly extensions: Record<string, string | number>;

  constructor(
    readonly code: HubErrorCode,
    message: string,
    options?: { cause?: unknown; extensions?: Record<string, string | number> },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'HubError';
    this.extensions = options?.extensions ?? {};
  }
}
