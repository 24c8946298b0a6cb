/**
 * Opaque cursors of the access log (newest first, by entry id), versioned like the customer
 * list's (src/customer/cursor.ts); one that does not decode is INVALID_CURSOR, never an empty page.
 */
import { HubError } from '../errors.js';

const PREFIX = 'access-log:v1:';

export function encodeAccessCursor(entryId: string): string {
  return Buffer.from(PREFIX + entryId, 'utf8').toString('base64url');
}

export function decodeAccessCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^[1-9][0-9]{0,18}$/.test(id)) throw new HubError('INVALID_CURSOR', 'after: not a cursor of this list', { extensions: { argument: 'after' } });
  return id;
}
