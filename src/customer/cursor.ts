/** Cursors of the customer list (in golden-id order), and what a golden id looks like. */
import { cursorCodec } from '../api/cursor.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const codec = cursorCodec('customer', UUID);

export const encodeCursor = codec.encode;
export const decodeCursor = codec.decode;

export function isGoldenId(id: string): boolean {
  return UUID.test(id);
}
