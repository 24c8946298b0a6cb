/**
 * Checks the mappings apply to every raw row, whatever the source: a blank value is no value, a
 * change timestamp must be a full ISO 8601 instant (date, time and zone), a field holds the kind
 * of value it should, and a mapping never throws: a row of any shape gets a verdict.
 */
import type { MappedRow } from '../contract.js';

// ISO 8601 with a date, a time and a zone; a timestamp without a zone would be read in local time.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** The value when it is a string with any non-space character, else null. Not trimmed: the hub standardizes. */
export function present(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The instant of an ISO 8601 timestamp with a zone, else null (missing, zoneless, 'infinity', invalid). */
export function parseTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** What a field of a raw row should hold when it holds anything (null and undefined always pass). */
export type FieldKind = 'text' | 'boolean' | 'object' | 'array';

const KIND_TEST: Record<FieldKind, (value: unknown) => boolean> = {
  text: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
};

const KIND_NAME: Record<FieldKind, string> = { text: 'text', boolean: 'a boolean', object: 'an object', array: 'an array' };

/** The plain object, or null for anything else (null, arrays, numbers, strings). */
export function asObject(value: unknown): Record<string, unknown> | null {
  return KIND_TEST.object(value) ? (value as Record<string, unknown>) : null;
}

/**
 * The first field of `row` that is present but of the wrong kind, as a detail without its value
 * (`"gender is not text"`), or null when every field fits.
 */
export function wrongKind(row: Record<string, unknown>, kinds: Record<string, FieldKind>, prefix = ''): string | null {
  for (const [field, kind] of Object.entries(kinds)) {
    const value = row[field];
    if (value !== null && value !== undefined && !KIND_TEST[kind](value)) return `${prefix}${field} is not ${KIND_NAME[kind]}`;
  }
  return null;
}

/** The raw row as text for a quarantine entry: JSON when it can be, else its string form. Never throws. */
export function rawText(row: unknown): string {
  try {
    return JSON.stringify(row) ?? String(row);
  } catch {
    try {
      return String(row);
    } catch {
      return '[unprintable row]';
    }
  }
}

/**
 * A mapping that cannot throw: a row that makes `map` throw anyway (a shape no check foresaw) is
 * quarantined as `UNPARSABLE_PAYLOAD`, so one strange row never fails its page.
 */
export function neverThrows<R>(map: (row: R) => MappedRow, keyOf: (row: R) => unknown): (row: R) => MappedRow {
  return (row) => {
    try {
      return map(row);
    } catch {
      let sourceKey: string | null = null;
      try {
        sourceKey = present(keyOf(row));
      } catch {
        // no key to name
      }
      return { ok: false, quarantine: { sourceKey, reason: 'UNPARSABLE_PAYLOAD', detail: 'the row has a shape the mapping cannot read', raw: rawText(row) } };
    }
  };
}
