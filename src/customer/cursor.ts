/** Cursors of the customer list (in golden-id order). */
import { cursorCodec } from '../api/cursor.js';
import { GOLDEN_ID } from '../golden/golden-id.js';

const codec = cursorCodec('customer', GOLDEN_ID);

export const encodeCursor = codec.encode;
export const decodeCursor = codec.decode;

export { isGoldenId } from '../golden/golden-id.js';
