/** What a purpose name may look like (MARKETING, SUBJECT_RIGHTS), wherever one is recorded. */
import { HubError } from '../errors.js';

export const PURPOSE_PATTERN = /^[A-Z][A-Z_]{0,39}$/;

export function assertPurpose(purpose: string): void {
  if (!PURPOSE_PATTERN.test(purpose)) throw new HubError('BAD_USER_INPUT', 'purpose: upper-case letters and _', { extensions: { argument: 'purpose' } });
}

/** the purpose of a steward's data-quality work: the review queue, field conflicts and overrides */
export const DATA_QUALITY_PURPOSE = 'DATA_QUALITY';
