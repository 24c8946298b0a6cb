/**
 * A date of birth in any of the sources' text forms becomes an ISO date (yyyy-mm-dd), or a flag:
 * UNPARSABLE (no known form), AMBIGUOUS (day and month cannot be told apart), IMPOSSIBLE_DATE
 * (no such day, e.g. 30 Feb), OUT_OF_RANGE (in the future or before 1900).
 */
import type { DateOrder } from '../../connectors/contract.js';
import { isRealDate, isoToday, toIsoDate } from './calendar.js';
import type { FieldResult } from './flag.js';

export const EARLIEST_BIRTH_YEAR = 1900;

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

/** a trailing time of day ("T00:00:00Z", " 00:00:00.000+08:00", " 12:00 am"); its date part is taken as written */
const TIME_SUFFIX = /(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[ap]\.?m\.?)?$/i;

const YEAR_FIRST = /^(\d{4})[-/.\s](\d{1,2})[-/.\s](\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const CJK = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const NUMERIC = /^(\d{1,2})[-/.\s](\d{1,2})[-/.\s](\d{2}|\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[-/.\s]?([a-z]+)\.?[-/.,\s]+(\d{2}|\d{4})$/i;
const MONTH_NAME_DAY = /^([a-z]+)\.?[-/.\s]+(\d{1,2})(?:st|nd|rd|th)?,?[-/.\s]+(\d{2}|\d{4})$/i;
const YEAR_MONTH_NAME = /^(\d{4})[-/.\s]([a-z]+)\.?[-/.\s](\d{1,2})$/i;

interface DateParts {
  year: number;
  /** true when the year was written with two digits and needs a century */
  shortYear: boolean;
  month: number;
  day: number;
}

export function parseDateOfBirth(text: string, order: DateOrder, today: Date = new Date()): FieldResult<string> {
  const cleaned = text.normalize('NFKC').trim().replace(TIME_SUFFIX, '').trim();
  const parts = readParts(cleaned, order);
  if (parts === 'UNPARSABLE' || parts === 'AMBIGUOUS') return { flag: parts };

  const todayIso = isoToday(today);
  const year = parts.shortYear ? pivotTwoDigitYear(parts.year, parts.month, parts.day, todayIso) : parts.year;
  if (!isRealDate(year, parts.month, parts.day)) return { flag: 'IMPOSSIBLE_DATE' };
  const iso = toIsoDate(year, parts.month, parts.day);
  if (year < EARLIEST_BIRTH_YEAR || iso > todayIso) return { flag: 'OUT_OF_RANGE' };
  return { value: iso };
}

/**
 * A two-digit year gets the latest century that does not put the date after today, so a
 * birth date is never in the future and the person is under 100 (85 -> 1985, 05 -> 2005 in 2026).
 */
export function pivotTwoDigitYear(yy: number, month: number, day: number, todayIso: string): number {
  const century = Math.floor(Number(todayIso.slice(0, 4)) / 100) * 100;
  const candidate = century + yy;
  const monthDay = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return `${String(candidate).padStart(4, '0')}-${monthDay}` > todayIso ? candidate - 100 : candidate;
}

function readParts(s: string, order: DateOrder): DateParts | 'UNPARSABLE' | 'AMBIGUOUS' {
  let m = YEAR_FIRST.exec(s) ?? COMPACT.exec(s) ?? CJK.exec(s);
  if (m) return ymd(m[1], m[2], m[3]);

  m = NUMERIC.exec(s);
  if (m) return readNumeric(m[1], m[2], m[3], order);

  m = DAY_MONTH_NAME.exec(s);
  if (m) return named(m[3], m[2], m[1]);
  m = MONTH_NAME_DAY.exec(s);
  if (m) return named(m[3], m[1], m[2]);
  m = YEAR_MONTH_NAME.exec(s);
  if (m) return named(m[1], m[2], m[3]);
  return 'UNPARSABLE';
}

function ymd(year: string, month: string, day: string): DateParts {
  return { year: Number(year), shortYear: year.length <= 2, month: Number(month), day: Number(day) };
}

function named(year: string, monthName: string, day: string): DateParts | 'UNPARSABLE' {
  const month = MONTHS[monthName.toLowerCase()];
  return month === undefined ? 'UNPARSABLE' : ymd(year, String(month), day);
}

/** a/b/c with one- or two-digit a and b: the source's order decides; a YMD source is only trusted for yy/mm/dd */
function readNumeric(a: string, b: string, c: string, order: DateOrder): DateParts | 'AMBIGUOUS' {
  if (order === 'DMY') return ymd(c, b, a);
  if (order === 'MDY') return ymd(c, a, b);
  if (c.length === 2) return ymd(a, b, c);
  // A YMD source that writes d/m/yyyy or m/d/yyyy: only a day above 12 tells which.
  const first = Number(a);
  const second = Number(b);
  if (first > 12 && second <= 12) return ymd(c, b, a);
  if (second > 12 && first <= 12) return ymd(c, a, b);
  if (first === second) return ymd(c, b, a);
  return 'AMBIGUOUS';
}
