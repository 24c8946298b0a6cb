/**
 * Calendar arithmetic on plain year/month/day numbers and ISO strings, never through local-time
 * `Date` parsing, so no server time zone can shift a birth date by a day.
 */

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** true when month 1-12 and the day exists in that month of that year */
export function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function toIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;
let memoDay = { start: 0, end: 0, iso: '' };

/** the calendar date of `today` in UTC, as yyyy-mm-dd (ISO strings compare in date order) */
export function isoToday(today: Date): string {
  // Called for every record with nearly the same instant; toISOString() would dominate.
  const time = today.getTime();
  if (time >= memoDay.start && time < memoDay.end) return memoDay.iso;
  const start = Math.floor(time / DAY_MS) * DAY_MS;
  memoDay = { start, end: start + DAY_MS, iso: today.toISOString().slice(0, 10) };
  return memoDay.iso;
}
