/** A steward's work — reads and changes alike — is done for the purpose DATA_QUALITY, checked before anything is read or written. */
import { HubError } from '../errors.js';
import { DATA_QUALITY_PURPOSE } from '../policy/purpose.js';

export function requireDataQuality(purpose: string | null, field: string): void {
  if (purpose !== DATA_QUALITY_PURPOSE) {
    throw new HubError('FORBIDDEN', `${field}: only for the purpose ${DATA_QUALITY_PURPOSE} (declare it in x-purpose)`, { extensions: { reason: 'PURPOSE_REQUIRED' } });
  }
}
