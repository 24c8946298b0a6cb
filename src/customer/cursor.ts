/**
 * Opaque Relay cursors over the customer list's order (golden id). Versioned so the order can
 * change later without old cursors being misread; a cursor that does not decode is a typed
 * error, never an empty page.
 */
import { HubError } from '../errors.js';

const PREFIX = 'customer:v1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(goldenId: string): string {
  return Buffer.from(PREFIX + goldenId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!UUID.test(id)) throw new HubError('INVALID_CURSOR', 'after: not a cursor of this list', { extensions: { argument: 'after' } });
  return id;
}

export function isGoldenId(id: string): boolean {
  return UUID.test(id);
}
