/**
 * Field comparisons: each record pair becomes a comparison vector, one graded level per field.
 * Level 0 of every field is "null" (a side has no value: no evidence either way, weight 0);
 * levels 1.. go from the strongest agreement to "different". The vector is packed into one
 * small integer (3 or 2 bits per field, 24 bits, a V8 small integer), so the batch keeps one
 * number per pair and EM counts identical vectors as one pattern.
 *
 * Everything a comparison needs is computed once per record (`prepareRecord`), so comparing a
 * pair allocates nothing but what Jaro-Winkler allocates itself.
 *
 * Names are compared in their pinyin forms (so 张伟 meets Wei Zhang). Given and family swapped
 * (Zhang Wei filed as given Zhang, family Wei) is recognised when the crossed comparison is
 * clearly better than the direct one; the pair then scores the crossed levels, and two extra bits
 * outside the levels record which crossed part each name field took (for term frequencies and
 * explanations).
 */
import jaroWinkler from 'talisman/metrics/jaro-winkler';
import { pinyin } from 'pinyin-pro';
import type { MatchRecord } from './match-record.js';
import { areNicknames } from './nicknames.js';
import { areSurnameVariants } from './surname-romanisations.js';

export interface FieldSpec {
  /** field name as shown in explanations and stored in the model */
  name: string;
  /** level names of levels 1..n (level 0 is null) */
  levels: readonly string[];
  /** bit position of the field's level in the packed vector */
  shift: number;
  bits: number;
}

const SPECS: readonly Omit<FieldSpec, 'shift'>[] = [
  { name: 'givenName', levels: ['exact', 'nickname', 'jw>=0.94', 'jw>=0.88', 'jw>=0.80', 'initial', 'different'], bits: 3 },
  { name: 'familyName', levels: ['exact', 'romanisation', 'jw>=0.94', 'jw>=0.88', 'jw>=0.80', 'initial', 'different'], bits: 3 },
  { name: 'dateOfBirth', levels: ['exact', 'day-month-swapped', 'one-digit', 'year-month', 'different'], bits: 3 },
  { name: 'nationalId', levels: ['exact', 'one-edit', 'different'], bits: 2 },
  { name: 'phone', levels: ['exact', 'one-edit', 'different'], bits: 2 },
  { name: 'email', levels: ['exact', 'one-edit', 'different'], bits: 2 },
  // one field for street tokens, postcode and city: they describe one place, and as separate
  // fields a shared household address counted three times (see the address section below)
  { name: 'address', levels: ['street+place', 'street', 'street-partly', 'postcode+city', 'postcode-or-city', 'different'], bits: 3 },
  { name: 'gender', levels: ['agree', 'disagree'], bits: 2 },
];

export const FIELDS: readonly FieldSpec[] = (() => {
  let shift = 0;
  return SPECS.map((s) => {
    const spec = { ...s, shift };
    shift += s.bits;
    return spec;
  });
})();

export const FIELD_COUNT = FIELDS.length;
const F_GIVEN = 0;
const F_FAMILY = 1;
const F_DOB = 2;
const F_NID = 3;
const F_PHONE = 4;
const F_EMAIL = 5;
const F_ADDRESS = 6;
const F_GENDER = 7;

const LEVEL_BITS = FIELDS.reduce((n, f) => n + f.bits, 0);
/** the part of a packed vector that holds the levels (EM patterns); the rest is the name mode */
export const LEVEL_MASK = (1 << LEVEL_BITS) - 1;
const MODE_SHIFT = LEVEL_BITS;

/** How the name fields were compared. */
export const NameMode = {
  Direct: 0,
  /** given term: a.given vs b.family; family term: a.family vs b.given */
  CrossedGivenFirst: 1,
  /** given term: a.family vs b.given; family term: a.given vs b.family */
  CrossedFamilyFirst: 2,
} as const;
export type NameMode = (typeof NameMode)[keyof typeof NameMode];

// levels shared by both name fields (same positions in both level lists)
const N_EXACT = 1;
const N_VARIANT = 2; // nickname / romanisation
const N_JW94 = 3;
const N_JW88 = 4;
const N_JW80 = 5;
const N_INITIAL = 6;
const N_DIFFERENT = 7;

export function levelOf(code: number, field: number): number {
  const f = FIELDS[field]!;
  return (code >>> f.shift) & ((1 << f.bits) - 1);
}

export function nameModeOf(code: number): NameMode {
  return (code >>> MODE_SHIFT) as NameMode;
}

/** Per-record values in the form comparisons use, computed once. */
export interface PreparedRecord {
  readonly record: MatchRecord;
  readonly given: string | null;
  readonly family: string | null;
  /** yyyymmdd */
  readonly dob: string | null;
  readonly nationalId: string | null;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly addressTokens: readonly string[];
  /** 1 Latin, 2 Han: token overlap between scripts says nothing, so it is compared as null */
  readonly addressScript: number;
  readonly postcode: string | null;
  /** Latin form; a Han city in pinyin, so 上海 and Shanghai compare */
  readonly city: string | null;
  /** 0 unknown, 1 M, 2 F */
  readonly gender: number;
  /** term-frequency adjustments of an exact given / family name match (set by the scorer) */
  tfGiven: number;
  tfFamily: number;
}

const HAN = /\p{Script=Han}/u;
const cityPinyin = new Map<string, string>();

function latinCity(city: string | null): string | null {
  if (city === null || !HAN.test(city)) return city;
  let form = cityPinyin.get(city);
  if (form === undefined) {
    form = pinyin(city, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').replace(/[^a-z0-9]/g, '');
    if (cityPinyin.size < 10_000) cityPinyin.set(city, form);
  }
  return form || city;
}

function blankToNull(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

export function prepareRecord(r: MatchRecord): PreparedRecord {
  const dob = r.dateOfBirth !== null && /^\d{4}-\d{2}-\d{2}$/.test(r.dateOfBirth) ? r.dateOfBirth.replace(/-/g, '') : null;
  const address = r.addressTokens;
  return {
    record: r,
    given: blankToNull(r.givenNamePinyin),
    family: blankToNull(r.familyNamePinyin),
    dob,
    nationalId: blankToNull(r.nationalId),
    phones: r.phones,
    emails: r.emails,
    addressTokens: address,
    addressScript: address.length === 0 ? 0 : address.some((t) => HAN.test(t)) ? 2 : 1,
    postcode: blankToNull(r.postcode),
    city: latinCity(blankToNull(r.city)),
    gender: r.gender === 'M' ? 1 : r.gender === 'F' ? 2 : 0,
    tfGiven: 0,
    tfFamily: 0,
  };
}

/** The packed comparison vector of a pair (levels, plus the name mode above LEVEL_MASK). */
export function compareRecords(a: PreparedRecord, b: PreparedRecord): number {
  let code = compareNames(a, b);
  code |= compareDob(a.dob, b.dob) << FIELDS[F_DOB]!.shift;
  code |= compareIdentifier(a.nationalId, b.nationalId) << FIELDS[F_NID]!.shift;
  code |= comparePhones(a.phones, b.phones) << FIELDS[F_PHONE]!.shift;
  code |= compareEmails(a, b) << FIELDS[F_EMAIL]!.shift;
  code |= compareAddress(a, b) << FIELDS[F_ADDRESS]!.shift;
  code |= compareGender(a.gender, b.gender) << FIELDS[F_GENDER]!.shift;
  return code;
}

/** The levels of a packed vector, one per field (for tests and tools). */
export function comparisonVector(a: PreparedRecord, b: PreparedRecord): number[] {
  const code = compareRecords(a, b);
  return FIELDS.map((_, f) => levelOf(code, f));
}

// ---- names -------------------------------------------------------------------------------

/** exact / Jaro-Winkler bands / initial / different; `variant` adds the table level */
function nameLevel(a: string, b: string, variant: ((a: string, b: string) => boolean) | null): number {
  if (a === b) return N_EXACT;
  if (a.length === 1 || b.length === 1) return a.charCodeAt(0) === b.charCodeAt(0) ? N_INITIAL : N_DIFFERENT;
  if (variant !== null && variant(a, b)) return N_VARIANT;
  const jw = jaroWinkler(a, b);
  if (jw >= 0.94) return N_JW94;
  if (jw >= 0.88) return N_JW88;
  if (jw >= 0.8) return N_JW80;
  return N_DIFFERENT;
}

function compareNames(a: PreparedRecord, b: PreparedRecord): number {
  const given = a.given !== null && b.given !== null ? nameLevel(a.given, b.given, areNicknames) : 0;
  const family = a.family !== null && b.family !== null ? nameLevel(a.family, b.family, areSurnameVariants) : 0;
  const direct = given | (family << FIELDS[F_FAMILY]!.shift);
  // a swap is only looked for when the direct comparison is not already good on both parts
  if (given === N_EXACT && family === N_EXACT) return direct;
  if (a.given === null || a.family === null || b.given === null || b.family === null) return direct;
  const c1 = nameLevel(a.given, b.family, null); // a.given vs b.family
  if (c1 > N_JW88) return direct;
  const c2 = nameLevel(a.family, b.given, null); // a.family vs b.given
  if (c2 > N_JW88) return direct;
  // lower level = better; crossed must beat direct on the sum of levels
  if (c1 + c2 >= given + family) return direct;
  // symmetric assignment: the better crossed comparison is the family term (ties: by strings),
  // so weight(a, b) === weight(b, a)
  const c1First = c1 < c2 || (c1 === c2 && pairKeyLess(a.given, b.family, a.family, b.given));
  const familyTerm = c1First ? c1 : c2;
  const givenTerm = c1First ? c2 : c1;
  const mode = c1First ? NameMode.CrossedFamilyFirst : NameMode.CrossedGivenFirst;
  return givenTerm | (familyTerm << FIELDS[F_FAMILY]!.shift) | (mode << MODE_SHIFT);
}

/** order of two unordered string pairs, independent of which record is a and which is b */
function pairKeyLess(x1: string, y1: string, x2: string, y2: string): boolean {
  const lo1 = x1 < y1 ? x1 : y1;
  const hi1 = x1 < y1 ? y1 : x1;
  const lo2 = x2 < y2 ? x2 : y2;
  const hi2 = x2 < y2 ? y2 : x2;
  return lo1 < lo2 || (lo1 === lo2 && hi1 < hi2);
}

/**
 * The two name strings each name term compared, in the order (left of a, right of b), for a
 * pair's name mode. `given`/`family` below are the terms, not necessarily the records' fields.
 */
export function nameTermValues(
  a: PreparedRecord,
  b: PreparedRecord,
  mode: NameMode,
): { given: [string | null, string | null]; family: [string | null, string | null] } {
  switch (mode) {
    case NameMode.Direct:
      return { given: [a.given, b.given], family: [a.family, b.family] };
    case NameMode.CrossedGivenFirst:
      return { given: [a.given, b.family], family: [a.family, b.given] };
    case NameMode.CrossedFamilyFirst:
      return { given: [a.family, b.given], family: [a.given, b.family] };
  }
}

// ---- date of birth -------------------------------------------------------------------------

const DOB_EXACT = 1;
const DOB_SWAPPED = 2;
const DOB_ONE_DIGIT = 3;
const DOB_YEAR_MONTH = 4;
const DOB_DIFFERENT = 5;

function compareDob(a: string | null, b: string | null): number {
  if (a === null || b === null) return 0;
  if (a === b) return DOB_EXACT;
  const sameYear = a.startsWith(b.slice(0, 4));
  // yyyy mm dd: day and month transposed
  if (sameYear && a.charCodeAt(4) === b.charCodeAt(6) && a.charCodeAt(5) === b.charCodeAt(7) && a.charCodeAt(6) === b.charCodeAt(4) && a.charCodeAt(7) === b.charCodeAt(5)) {
    return DOB_SWAPPED;
  }
  if (oneSubstitutionOrSwap(a, b)) return DOB_ONE_DIGIT;
  if (sameYear && a.charCodeAt(4) === b.charCodeAt(4) && a.charCodeAt(5) === b.charCodeAt(5)) return DOB_YEAR_MONTH;
  return DOB_DIFFERENT;
}

// ---- identifiers (national id, postcode), phones, e-mails ----------------------------------

const ID_EXACT = 1;
const ID_ONE_EDIT = 2;
const ID_DIFFERENT = 3;

function compareIdentifier(a: string | null, b: string | null): number {
  if (a === null || b === null) return 0;
  if (a === b) return ID_EXACT;
  return withinOneEdit(a, b) ? ID_ONE_EDIT : ID_DIFFERENT;
}

function comparePhones(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let near = false;
  for (const x of a) {
    for (const y of b) {
      if (x === y) return ID_EXACT;
      if (!near && x.length === y.length && oneSubstitutionOrSwap(x, y)) near = true;
    }
  }
  return near ? ID_ONE_EDIT : ID_DIFFERENT;
}

// A typo is the near miss worth a level; the same local part at another provider is not: local
// parts are mostly made of the person's name, so they would count the name a second time.
function compareEmails(a: PreparedRecord, b: PreparedRecord): number {
  if (a.emails.length === 0 || b.emails.length === 0) return 0;
  let near = false;
  for (const x of a.emails) {
    for (const y of b.emails) {
      if (x === y) return ID_EXACT;
      if (!near && withinOneEdit(x, y)) near = true;
    }
  }
  return near ? ID_ONE_EDIT : ID_DIFFERENT;
}

/** one character substituted, or two adjacent characters swapped (same length) */
export function oneSubstitutionOrSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  const n = a.length;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return true;
  // substitution at i
  if (a.slice(i + 1) === b.slice(i + 1)) return true;
  // adjacent swap at i, i+1
  return i + 1 < n && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
}

/** Damerau-Levenshtein distance ≤ 1: one substitution, insertion, deletion or adjacent swap */
export function withinOneEdit(a: string, b: string): boolean {
  if (a.length === b.length) return oneSubstitutionOrSwap(a, b);
  if (Math.abs(a.length - b.length) !== 1) return false;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  return short.slice(i) === long.slice(i + 1);
}

// ---- address, gender ----------------------------------------------------------------------

// Street: Dice overlap of the token sets, compared only within one script (Han and Latin
// tokens of one address share nothing). Place: postcode and city. Levels: street ≥ 0.8 with
// both postcode and city agreeing (or that the street level alone), street ≥ 0.6, then postcode
// and city, either one, different; null only when nothing is comparable. Street and place stay
// apart at the top because how much they add to each other depends on the data (in a household
// they come together, in Febrl they are independent draws); the model's u decides.
const ADDR_STREET_PLACE = 1;
const ADDR_STREET = 2;
const ADDR_STREET_PARTLY = 3;
const ADDR_POSTCODE_CITY = 4;
const ADDR_POSTCODE_OR_CITY = 5;
const ADDR_DIFFERENT = 6;

function compareAddress(a: PreparedRecord, b: PreparedRecord): number {
  let dice = -1;
  if (a.addressScript !== 0 && a.addressScript === b.addressScript) {
    const x = a.addressTokens;
    const y = b.addressTokens;
    // both sorted and unique: count shared tokens by merging
    let i = 0;
    let j = 0;
    let shared = 0;
    while (i < x.length && j < y.length) {
      const s = x[i]!;
      const t = y[j]!;
      if (s === t) {
        shared++;
        i++;
        j++;
      } else if (s < t) i++;
      else j++;
    }
    dice = (2 * shared) / (x.length + y.length);
  }
  const postcode = a.postcode !== null && b.postcode !== null ? (a.postcode === b.postcode ? 1 : -1) : 0;
  const city = a.city !== null && b.city !== null ? (a.city === b.city || jaroWinkler(a.city, b.city) >= 0.9 ? 1 : -1) : 0;
  const place = postcode === 1 && city === 1;
  if (dice >= 0.8) return place ? ADDR_STREET_PLACE : ADDR_STREET;
  if (dice >= 0.6) return ADDR_STREET_PARTLY;
  if (place) return ADDR_POSTCODE_CITY;
  if (postcode === 1 || city === 1) return ADDR_POSTCODE_OR_CITY;
  return dice >= 0 || postcode !== 0 || city !== 0 ? ADDR_DIFFERENT : 0;
}

function addressText(r: PreparedRecord): string | null {
  const parts = [r.addressTokens.join(' '), r.postcode ?? '', r.city ?? ''].filter((p) => p !== '');
  return parts.length === 0 ? null : parts.join(', ');
}

function compareGender(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return a === b ? 1 : 2;
}

/** The values each field compared, as shown in explanations (null when the side had none). */
export function comparedValues(a: PreparedRecord, b: PreparedRecord, code: number): [string | null, string | null][] {
  const names = nameTermValues(a, b, nameModeOf(code));
  const list = (values: readonly string[]) => (values.length === 0 ? null : values.join(' | '));
  const dob = (r: PreparedRecord) => r.record.dateOfBirth;
  const gender = (r: PreparedRecord) => (r.gender === 0 ? null : r.gender === 1 ? 'M' : 'F');
  return [
    names.given,
    names.family,
    [a.dob === null ? null : dob(a), b.dob === null ? null : dob(b)],
    [a.nationalId, b.nationalId],
    [list(a.phones), list(b.phones)],
    [list(a.emails), list(b.emails)],
    [addressText(a), addressText(b)],
    [gender(a), gender(b)],
  ];
}

export const FIELD_INDEX = { givenName: F_GIVEN, familyName: F_FAMILY } as const;
export const NAME_LEVEL = { exact: N_EXACT, different: N_DIFFERENT } as const;
