/**
 * Opaque, versioned Relay cursors: `<list>:v1:<id>` in base64url, so a list's order can change
 * later without old cursors being misread. A cursor that does not decode to an id of that list is
 * INVALID_CURSOR, never an empty page.
 */
import { HubError } from '../errors.js';

export interface CursorCodec {
  encode(id: string): string;
  decode(cursor: string): string;
}

export function cursorCodec(list: string, idPattern: RegExp): CursorCodec {
  const prefix = `${list}:v1:`;
  return {
    encode: (id) => Buffer.from(prefix + id, 'utf8').toString('base64url'),
    decode: (cursor) => {
      const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
      const id = text.startsWith(prefix) ? text.slice(prefix.length) : '';
      if (!idPattern.test(id)) throw new HubError('INVALID_CURSOR', 'after: not a cursor of this list', { extensions: { argument: 'after' } });
      return id;
    },
  };
}
