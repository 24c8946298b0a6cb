/** Cursors of the data-quality issue list (in descending issue id order). */
import { cursorCodec } from '../api/cursor.js';

const codec = cursorCodec('dq-issue', /^\d{1,19}$/);

export const encodeIssueCursor = codec.encode;
export const decodeIssueCursor = codec.decode;
