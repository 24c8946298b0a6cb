/** Cursors of the access log (newest first, by entry id). */
import { cursorCodec } from '../api/cursor.js';

const codec = cursorCodec('access-log', /^[1-9][0-9]{0,18}$/);

export const encodeAccessCursor = codec.encode;
export const decodeAccessCursor = codec.decode;
