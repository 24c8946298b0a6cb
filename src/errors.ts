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
  /** a steward's change named a golden customer's version that is no longer its current one */
  | 'VERSION_CONFLICT'
  | 'SOURCE_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'AUDIT_UNAVAILABLE';

/** a value of an error's extensions: plain data only */
export type HubErrorDetail = string | number | boolean | null | readonly HubErrorDetail[] | { readonly [key: string]: HubErrorDetail };

export class HubError extends Error {
  /** more for clients than the code: the argument at fault, the source that failed, current versions (no personal data) */
  readonly extensions: Record<string, HubErrorDetail>;

  constructor(
    readonly code: HubErrorCode,
    message: string,
    options?: { cause?: unknown; extensions?: Record<string, HubErrorDetail> },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'HubError';
    this.extensions = options?.extensions ?? {};
  }
}
