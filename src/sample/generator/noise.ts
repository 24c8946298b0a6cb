/**
 * Noise: the ways a source row drifts from the person it describes. Pure functions of a random
 * stream and a value. The rates are per source row (person-level rates are in person.ts) and
 * are documented in src/sample/README.md.
 */
import { parseIsoDate, isoDate } from './calendar.js';
import { hasValidCheckCharacter } from './cn-resident-id.js';
import { HOMOPHONES } from './pools/chinese-names.js';
import { NICKNAMES } from './pools/latin-names.js';
import type { Phone } from './person.js';
import type { Random } from './random.js';

export const NOISE_RATES = {
  /** one typo in one name part (homophone character for Chinese script) */
  nameTypo: 0.05,
  /** a Latin given name replaced by a nickname (William → Bill) where one exists */
  nickname: 0.08,
  /** a Chinese family name romanised another way (Zhang → Cheung) in romanised fields */
  familyRomanisation: 0.08,
  /** a two-syllable Chinese given name spaced or hyphenated (Xiaoming → Xiao Ming, Xiao-Ming) */
  givenSpacing: 0.1,
  /** given and family name in each other's place */
  swappedOrder: 0.04,
  missingPhone: 0.06,
  missingEmail: 0.08,
  missingDob: 0.04,
  missingId: 0.06,
  /** two adjacent digits of the phone number swapped */
  phoneTransposition: 0.03,
  /** two adjacent digits of the id number swapped (a resident id then fails its check digit) */
  idTransposition: 0.03,
  /** day and month of the date of birth swapped (when the day is 12 or less) */
  dobDayMonthSwap: 0.02,
  /** a row the hub must quarantine (per row; the kind depends on the system) */
  malformed: 0.003,
  /** per person: a second record for the same person in one of its systems */
  duplicateInSystem: 0.02,
} as const;

/**
 * What the truth records of the errors planted in one row (source_person.planted), so data-quality
 * checks can be measured against it. Recorded, never drawn: the rows and rates are as before.
 * - MALFORMED: a row the hub must quarantine
 * - MISSING_DOB / MISSING_ID / MISSING_PHONE / MISSING_EMAIL: the field left empty (an e-mail
 *   also when the person has none)
 * - ID_TRANSPOSED: id digits transposed; RESIDENT_ID_INVALID when that broke a resident id's check character
 * - DOB_SWAPPED: day and month swapped; DOB_DIFFERS_FROM_ID when the row also carries the
 *   person's valid resident id (whose embedded birth date then disagrees)
 * - PHONE_TRANSPOSED: phone digits transposed
 */
export type PlantedError =
  | 'MALFORMED'
  | 'MISSING_DOB'
  | 'MISSING_ID'
  | 'MISSING_PHONE'
  | 'MISSING_EMAIL'
  | 'ID_TRANSPOSED'
  | 'RESIDENT_ID_INVALID'
  | 'DOB_SWAPPED'
  | 'DOB_DIFFERS_FROM_ID'
  | 'PHONE_TRANSPOSED';

/** the planted errors of a row, from what it holds against the person's true values */
export function plantedErrors(row: {
  malformed: boolean;
  trueId: { type: string; number: string };
  idNumber: string | null;
  trueDob: string;
  dob: string | null;
  phoneMissing: boolean;
  phoneTransposed: boolean;
  email: string | null;
}): PlantedError[] {
  const planted: PlantedError[] = [];
  if (row.malformed) planted.push('MALFORMED');
  const resident = row.trueId.type === 'CN_RESIDENT';
  if (row.idNumber === null) planted.push('MISSING_ID');
  else if (row.idNumber.toUpperCase() !== row.trueId.number.toUpperCase()) {
    planted.push('ID_TRANSPOSED');
    if (resident && !hasValidCheckCharacter(row.idNumber)) planted.push('RESIDENT_ID_INVALID');
  }
  if (row.dob === null) planted.push('MISSING_DOB');
  else if (row.dob !== row.trueDob) {
    planted.push('DOB_SWAPPED');
    if (resident && row.idNumber !== null && hasValidCheckCharacter(row.idNumber)) planted.push('DOB_DIFFERS_FROM_ID');
  }
  if (row.phoneMissing) planted.push('MISSING_PHONE');
  else if (row.phoneTransposed) planted.push('PHONE_TRANSPOSED');
  if (row.email === null) planted.push('MISSING_EMAIL');
  return planted;
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Letters next to a letter on a QWERTY keyboard. */
function neighbours(letter: string): string {
  const lower = letter.toLowerCase();
  for (let r = 0; r < KEYBOARD_ROWS.length; r++) {
    const c = KEYBOARD_ROWS[r]!.indexOf(lower);
    if (c < 0) continue;
    let out = (KEYBOARD_ROWS[r]![c - 1] ?? '') + (KEYBOARD_ROWS[r]![c + 1] ?? '');
    out += (KEYBOARD_ROWS[r - 1]?.[c] ?? '') + (KEYBOARD_ROWS[r + 1]?.[c] ?? '');
    return out;
  }
  return 'aeiou';
}

function matchCase(template: string, ch: string): string {
  return template === template.toUpperCase() ? ch.toUpperCase() : ch.toLowerCase();
}

export type TypoKind = 'substitution' | 'deletion' | 'insertion' | 'transposition';

/**
 * One keyboard typo in a Latin-script word: a neighbouring key, a dropped or doubled letter, or
 * two adjacent letters swapped. The first letter is kept (people rarely get it wrong, and it
 * keeps the typo realistic for blocking). Text with fewer than 3 letters is returned unchanged.
 */
export function typo(rng: Random, text: string, kind: TypoKind = rng.pick(['substitution', 'deletion', 'insertion', 'transposition'] as const)): string {
  const letters: number[] = [];
  for (let i = 1; i < text.length; i++) if (/\p{L}/u.test(text[i]!)) letters.push(i);
  if (letters.length < 2) return text;
  const i = rng.pick(letters);
  const ch = text[i]!;
  switch (kind) {
    case 'substitution':
      return text.slice(0, i) + matchCase(ch, rng.pick([...neighbours(ch)])) + text.slice(i + 1);
    case 'deletion':
      return text.slice(0, i) + text.slice(i + 1);
    case 'insertion':
      return text.slice(0, i) + (rng.chance(0.5) ? ch : matchCase(ch, rng.pick([...neighbours(ch)]))) + text.slice(i);
    case 'transposition': {
      const pairs = letters.filter((k) => /\p{L}/u.test(text[k + 1] ?? '') && text[k + 1] !== text[k]);
      if (pairs.length === 0) return text.slice(0, i) + text.slice(i + 1);
      const k = rng.pick(pairs);
      return text.slice(0, k) + text[k + 1] + text[k] + text.slice(k + 2);
    }
  }
}

/** The wrong homophone picked from the input method (伟 → 玮); unchanged when none is known. */
export function homophoneTypo(rng: Random, text: string): string {
  const chars = [...text];
  const positions = chars.map((ch, i) => (HOMOPHONES[ch] ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return text;
  const i = rng.pick(positions);
  chars[i] = rng.pick(HOMOPHONES[chars[i]!]!);
  return chars.join('');
}

/**
 * Two adjacent, different digits swapped among the last `window` digits (keeps country codes
 * and mobile prefixes readable); unchanged when there is no such pair.
 */
export function transposeDigits(rng: Random, text: string, window = 8): string {
  const digits: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i]! >= '0' && text[i]! <= '9') digits.push(i);
  const tail = digits.slice(-window);
  const pairs: [number, number][] = [];
  for (let k = 0; k + 1 < tail.length; k++) if (text[tail[k]!] !== text[tail[k + 1]!]) pairs.push([tail[k]!, tail[k + 1]!]);
  if (pairs.length === 0) return text;
  const [a, b] = rng.pick(pairs);
  const chars = [...text];
  [chars[a], chars[b]] = [chars[b]!, chars[a]!];
  return chars.join('');
}

/** A nickname for a formal given name, or the name itself when it has none. */
export function nickname(rng: Random, given: string): string {
  const options = NICKNAMES[given];
  return options ? rng.pick(options) : given;
}

/** Another romanisation of a Chinese family name, or the pinyin when none is known. */
export function familyRomanisation(rng: Random, pinyin: string, variants: readonly string[]): string {
  return variants.length > 0 ? rng.pick(variants) : pinyin;
}

/** ['Xiao', 'Ming'] → 'Xiao Ming' | 'Xiao-Ming' | 'Xiao-ming' | 'XiaoMing'. */
export function givenSpacing(rng: Random, syllables: readonly string[]): string {
  const [first, ...rest] = syllables;
  const tail = rest.map((s) => s.toLowerCase());
  return rng.weighted<string>([
    [[first, ...rest].join(' '), 4],
    [[first, ...rest].join('-'), 2],
    [[first, ...tail].join('-'), 2],
    [[first, ...rest].join(''), 1],
  ]);
}

/** 'YYYY-MM-DD' with day and month swapped, or null when that is not a different real date. */
export function swapDayMonth(dob: string): string | null {
  const { year, month, day } = parseIsoDate(dob);
  return day <= 12 && day !== month ? isoDate(year, day, month) : null;
}

function groupDigits(digits: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join(separator);
}

export type PhoneStyle = 'core-banking' | 'cards' | 'loans';

/**
 * A phone number as each system tends to hold it. Core banking keeps digits as keyed in
 * ('13812345678', '+8613812345678'); the card processor takes whatever the channel sent
 * ('+86 138 1234 5678', '138-1234-5678', '(0086)13812345678'); loans officers type national
 * forms with spaces or dashes.
 */
export function formatPhone(rng: Random, phone: Phone, style: PhoneStyle): string {
  const cc = phone.callingCode;
  const n = phone.national;
  if (phone.country === 'CN') {
    const spaced = groupDigits(n, [3, 4, 4], ' ');
    const dashed = groupDigits(n, [3, 4, 4], '-');
    switch (style) {
      case 'core-banking':
        return rng.weighted<string>([[n, 16], [`+86${n}`, 3], [`86${n}`, 1]]);
      case 'cards':
        return rng.weighted<string>([[`+86 ${spaced}`, 3], [dashed, 2], [`(0086)${n}`, 1], [n, 3], [`+86${n}`, 2], [spaced, 1]]);
      case 'loans':
        return rng.weighted<string>([[n, 5], [spaced, 2], [`+86-${dashed}`, 1], [`86 ${n}`, 1], [`0086 ${spaced}`, 1], [dashed, 1]]);
    }
  }
  const trunk = cc === '1' || cc === '852' || cc === '65' || cc === '39' ? '' : '0';
  const grouped = groupDigits(n, cc === '1' ? [3, 3, 4] : [4, 3, 4], ' ');
  switch (style) {
    case 'core-banking':
      return rng.weighted<string>([[`+${cc}${n}`, 3], [`00${cc}${n}`, 1]]);
    case 'cards':
      return rng.weighted<string>([[`+${cc} ${grouped}`, 3], [`+${cc}${n}`, 2], [`(00${cc})${n}`, 1]]);
    case 'loans':
      return rng.weighted<string>([[`${trunk}${grouped}`, 2], [`+${cc} ${grouped}`, 2], [`00${cc} ${n}`, 1]]);
  }
}
