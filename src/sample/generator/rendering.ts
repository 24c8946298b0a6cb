/** Helpers the three source renderers share: change timestamps, romanised names, money. Pure. */
import type { KeyCursor } from './appearances.js';
import { DAY_MS, addDays, dateOf, daysBetween, parseIsoDate, isoDate } from './calendar.js';
import { NOISE_RATES, familyRomanisation, givenSpacing, nickname, typo } from './noise.js';
import type { Person } from './person.js';
import type { Random } from './random.js';

export interface RenderContext {
  now: Date;
  /** 'spread': change timestamps over the three years before `now`; 'at': all exactly `now` */
  stamps: 'spread' | 'at';
  keys: KeyCursor;
}

const HISTORY_MS = 3 * 365 * DAY_MS;

/** A change timestamp for a new row. */
export function changeStamp(rng: Random, ctx: RenderContext): Date {
  return ctx.stamps === 'at' ? ctx.now : new Date(ctx.now.getTime() - rng.int(0, HISTORY_MS));
}

/** A date between `from` and `to` (inclusive); `to` when the range is empty. */
export function dateBetween(rng: Random, from: string, to: string): string {
  const span = daysBetween(from, to);
  return span <= 0 ? to : addDays(from, rng.int(0, span));
}

/** When the customer relationship started: adult, within the last 25 years, not after `by`. */
export function relationshipStart(rng: Random, person: Person, by: Date): string {
  const { year, month, day } = parseIsoDate(person.dob);
  const adult = isoDate(year + 18, month, Math.min(day, 28));
  const earliest = dateOf(new Date(by.getTime() - 25 * 365 * DAY_MS));
  return dateBetween(rng, adult > earliest ? adult : earliest, dateOf(by));
}

/** Cents to exact decimal text: 123456 → '1234.56'. */
export function money(cents: number): string {
  const c = Math.round(cents);
  const sign = c < 0 ? '-' : '';
  const abs = Math.abs(c);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

interface RomanName {
  given: string;
  family: string;
}

/**
 * The person's name in Latin script as one row holds it: Chinese names with this row's
 * romanisation and given-name spacing, Latin given names sometimes as a nickname, and a typo in
 * one part when `withTypo`.
 */
export function romanName(rng: Random, person: Person, withTypo: boolean): RomanName {
  let family = person.name.familyRoman;
  let given = person.name.givenRoman;
  if (person.script === 'CJK') {
    if (rng.chance(NOISE_RATES.familyRomanisation)) family = familyRomanisation(rng, family, person.name.familyVariants);
    const syllables = person.name.givenSyllables ?? [];
    if (syllables.length > 1 && rng.chance(NOISE_RATES.givenSpacing)) given = givenSpacing(rng, syllables);
  } else if (rng.chance(NOISE_RATES.nickname)) {
    given = nickname(rng, given);
  }
  if (withTypo) {
    if (rng.chance(0.5)) family = typo(rng, family);
    else given = typo(rng, given);
  }
  return { given, family };
}
