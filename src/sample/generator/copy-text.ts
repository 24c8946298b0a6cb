/**
 * PostgreSQL COPY text format (the default `FORMAT text`): one line per row, columns separated
 * by a tab, NULL as \N, and backslash, tab, newline and carriage return escaped. Pure.
 */
import type { TableSpec } from './rows.js';

type CopyValue = string | number | boolean | null;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}

/** COPY text lines for `rows`, in chunks of about `chunkBytes` characters. */
export function* copyChunks<R>(spec: TableSpec<R>, rows: readonly R[], chunkBytes = 1 << 18): Generator<string> {
  const names = spec.columns.map((c) => c.name);
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < names.length; i++) {
      if (i > 0) line += '\t';
      line += copyField(row[names[i]!] as CopyValue);
    }
    chunk += `${line}\n`;
    if (chunk.length >= chunkBytes) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
