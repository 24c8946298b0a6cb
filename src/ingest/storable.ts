/**
 * What PostgreSQL refuses to store, checked before a page is written so that one such row is
 * quarantined instead of failing the page's transaction (and, retried, stopping the connector):
 *
 * - a NUL character (U+0000) anywhere in text or JSON (`text` cannot hold it, `jsonb` refuses the
 *   `\u0000` escape), and a lone UTF-16 surrogate (not UTF-8 at all);
 * - a value too long for the index it goes into: a B-tree entry holds at most ~2700 bytes
 *   (source keys), a GIN entry 2712 (each search term and blocking key, which come from the
 *   standardized names, id number, phones and e-mails).
 *
 * The limits are well under PostgreSQL's, so no real customer value comes near them. Details
 * name the field, never the value. Pure: the write path bisects a page for anything missed here.
 */
import type { StandardizedCustomer } from '../standardize/index.js';

/** a source key: B-tree indexes on (system, source_key) */
export const MAX_KEY_BYTES = 512;
/** each standardized value; two of them concatenated (family + given name) are one search term */
export const MAX_VALUE_BYTES = 1000;
/** each blocking key (GIN entry) */
export const MAX_BLOCKING_KEY_BYTES = 2000;

const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** What is wrong with one string for the database, or null. */
function badText(text: string): string | null {
  if (NUL.test(text)) return 'holds a NUL character';
  if (LONE_SURROGATE.test(text)) return 'holds a lone surrogate (not valid Unicode)';
  return null;
}

/** The first string in a JSON-like value (object keys included) the database cannot store, named by path. */
function badInValue(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') {
    const bad = badText(value);
    return bad ? `${path} ${bad}` : null;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || value === undefined) return null;
  if (value instanceof Date) return null;
  if (typeof value !== 'object') return `${path} is not a JSON value`;
  if (depth > 50) return `${path} is nested too deeply`;
  for (const [key, item] of Object.entries(value)) {
    const name = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (badText(key)) return `${path} has a field name the database cannot store`;
    const bad = badInValue(item, name, depth + 1);
    if (bad) return bad;
  }
  return null;
}

export interface StorableInput {
  sourceKey: string;
  raw: Record<string, unknown>;
  standardized: StandardizedCustomer;
  blockingKeys: string[];
  consents: unknown[];
}

/** Why this record cannot be stored (detail for an `UNSTORABLE_VALUE` quarantine), or null. */
export function unstorableReason(r: StorableInput): string | null {
  const key = badText(r.sourceKey);
  if (key) return `source key ${key}`;
  if (bytes(r.sourceKey) > MAX_KEY_BYTES) return `source key is longer than ${MAX_KEY_BYTES} bytes`;
  const inRaw = badInValue(r.raw, 'raw');
  if (inRaw) return inRaw;
  for (const [field, value] of Object.entries(r.standardized)) {
    const bad = badInValue(value, field);
    if (bad) return bad;
    const long = (text: unknown) => typeof text === 'string' && bytes(text) > MAX_VALUE_BYTES;
    if (long(value)) return `${field} is longer than ${MAX_VALUE_BYTES} bytes`;
    const i = Array.isArray(value) ? value.findIndex(long) : -1;
    if (i >= 0) return `${field}[${i}] is longer than ${MAX_VALUE_BYTES} bytes`;
  }
  if (r.blockingKeys.some((k) => bytes(k) > MAX_BLOCKING_KEY_BYTES)) return `a blocking key is longer than ${MAX_BLOCKING_KEY_BYTES} bytes`;
  return badInValue(r.consents, 'consents');
}

/** `\u0000` and lone surrogates written out as escapes (six ASCII characters): storable text, nothing lost. */
export function escapeUnstorable(text: string): string {
  return text.replace(/\u0000|[\uD800-\uDFFF]/g, (c, offset: number, all: string) => {
    const code = c.charCodeAt(0);
    // keep well-formed surrogate pairs as they are
    if (code >= 0xd800 && code <= 0xdbff && /[\uDC00-\uDFFF]/.test(all[offset + 1] ?? '')) return c;
    if (code >= 0xdc00 && code <= 0xdfff && /[\uD800-\uDBFF]/.test(all[offset - 1] ?? '')) return c;
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A source key as a quarantine entry can hold it: escaped, and none when too long to index. */
export function storableKey(key: string | null): string | null {
  if (key === null) return null;
  const escaped = escapeUnstorable(key);
  return bytes(escaped) > MAX_KEY_BYTES ? null : escaped;
}
