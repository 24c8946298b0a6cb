/**
 * Error text that may leave a job or reach an operator: stored as a connector's `lastError`
 * (which `sourceSystems` shows), kept by the queue as a job's failure, or logged. A database error
 * raised through MikroORM carries the statement with its parameters inlined — a page's raw rows —
 * so its message is never passed on: only the PostgreSQL error code and a message without values
 * (a known PostgreSQL message whose variable parts are numbers or object names, else the name of
 * the error condition). Other errors keep their message with quoted parts masked.
 */
import { DriverException } from '@mikro-orm/core';

// PostgreSQL messages whose variable parts are numbers or object names, never values. Matched at
// the end of the driver's message ("<statement> - <message>[\n - detail: …]"), where PostgreSQL's
// own message is; only the matched text is kept.
const VALUE_FREE_MESSAGES: RegExp[] = [
  /index row size \d+ exceeds (?:btree version \d+ )?maximum \d+ for index "[A-Za-z0-9_]+"/,
  /index row requires \d+ bytes, maximum size is \d+/,
  /unsupported Unicode escape sequence/,
  /invalid byte sequence for encoding "UTF8": 0x[0-9a-f]{2}(?: 0x[0-9a-f]{2})*/,
  /Unicode (?:high|low) surrogate must (?:follow|not follow) a (?:high|low) surrogate/,
  /value too long for type [a-z ]+\(\d+\)/,
  /duplicate key value violates unique constraint "[A-Za-z0-9_]+"/,
  /null value in column "[A-Za-z0-9_]+" of relation "[A-Za-z0-9_]+" violates not-null constraint/,
  /new row for relation "[A-Za-z0-9_]+" violates check constraint "[A-Za-z0-9_]+"/,
  /insert or update on table "[A-Za-z0-9_]+" violates foreign key constraint "[A-Za-z0-9_]+"/,
  /invalid input syntax for type [a-z ]+/,
  /date\/time field value out of range/,
  /deadlock detected/,
  /could not serialize access due to [a-z ]+/,
  /canceling statement due to [a-z ]+/,
  /terminating connection due to [a-z ]+/,
];

const CONDITIONS: Record<string, string> = {
  '22000': 'data exception',
  '22001': 'string data right truncation',
  '22003': 'numeric value out of range',
  '22007': 'invalid datetime format',
  '22008': 'datetime field overflow',
  '22021': 'character not in repertoire',
  '22P02': 'invalid text representation',
  '22P05': 'untranslatable character',
  '23502': 'not null violation',
  '23503': 'foreign key violation',
  '23505': 'unique violation',
  '23514': 'check violation',
  '40001': 'serialization failure',
  '40P01': 'deadlock detected',
  '53300': 'too many connections',
  '54000': 'program limit exceeded',
  '55P03': 'lock not available',
  '57014': 'query canceled',
  '57P01': 'admin shutdown',
};

const CLASSES: Record<string, string> = {
  '08': 'connection exception',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '40': 'transaction rollback',
  '42': 'syntax error or access rule violation',
  '53': 'insufficient resources',
  '54': 'program limit exceeded',
  '57': 'operator intervention',
  '58': 'system error',
  XX: 'internal error',
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The PostgreSQL error code (SQLSTATE) of an error from the database, else null. */
export function sqlState(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLSTATE.test(code) ? code : null;
}

/**
 * Whether the database refused the data itself (a value it cannot store, a constraint, a size
 * limit): the same rows fail every time, so retrying the page is useless and its rows must be
 * found and quarantined. Lost connections, deadlocks and cancellations are not: they pass.
 */
export function isRefusedData(err: unknown): boolean {
  const code = sqlState(err);
  return code !== null && ['22', '23', '54'].includes(code.slice(0, 2));
}

/** A deadlock or serialization failure: PostgreSQL rolled the transaction back; running it again succeeds. */
export function isTransientConflict(err: unknown): boolean {
  const code = sqlState(err);
  return code === '40P01' || code === '40001';
}

function databaseMessage(err: Error, code: string | null): string {
  const message = err.message.replace(/\n - detail: [\s\S]*$/, '');
  for (const pattern of VALUE_FREE_MESSAGES) {
    const anchored = new RegExp(`(${pattern.source})(?:: "[\\s\\S]*")?$`);
    const found = anchored.exec(message);
    if (found) return found[1];
  }
  if (code === null) return 'database error';
  return CONDITIONS[code] ?? CLASSES[code.slice(0, 2)] ?? 'database error';
}

/** Quoted parts (where messages put values) masked, and the length bounded. */
export function maskQuoted(message: string): string {
  const masked = message.replace(/"[^"]*"/g, '"…"');
  return masked.length > 300 ? `${masked.slice(0, 300)}…` : masked;
}

/**
 * A database error: MikroORM's (its message quotes the statement with values inlined) or pg's own
 * (statements sent with bind parameters, src/db/execute-bound.ts; the driver names it by
 * `severity`). Both are described by their code only.
 */
function isDatabaseError(err: unknown): err is Error {
  return err instanceof DriverException || (err instanceof Error && typeof (err as { severity?: unknown }).severity === 'string');
}

/** the first database error in the chain of causes (a wrapper's message may quote it) */
function driverError(err: unknown, depth = 0): Error | null {
  if (isDatabaseError(err)) return err;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause && cause !== err && depth < 5 ? driverError(cause, depth + 1) : null;
}

/** whether a database error is in the error's chain of causes (its message may hold values) */
export function hasDatabaseError(err: unknown): boolean {
  return driverError(err) !== null;
}

/** What may be said about an error outside the process that caught it: no values, ever. */
export function describeError(err: unknown): string {
  const driver = driverError(err);
  if (driver && driver !== err) return describeError(driver);
  const code = sqlState(err);
  if (isDatabaseError(err)) {
    const errno = (err as { code?: unknown }).code;
    if (code === null) return `database error${typeof errno === 'string' && /^E[A-Z]+$/.test(errno) ? ` (${errno})` : ''}`;
    return `PostgreSQL ${code}: ${databaseMessage(err, code)}`;
  }
  if (err instanceof Error) return `${err.name}: ${maskQuoted(err.message)}${code ? ` (PostgreSQL ${code})` : ''}`;
  return 'unknown error';
}
