/**
 * Checks the mappings apply to every raw row, whatever the source: a blank value is no value, and
 * a change timestamp must be a full ISO 8601 instant (date, time and zone).
 */

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
