/**
 * National identifiers. A Chinese resident id (居民身份证号码) is 18 characters: 6 area digits,
 * the birth date yyyymmdd, 3 sequence digits (the last odd for men) and an ISO 7064 MOD 11-2
 * check character (0-9 or X). Legacy 15-digit ids (yymmdd, no check character) are converted
 * to 18 by inserting the century 19 and computing the check character. Passports are
 * upper-case alphanumerics. Bad ids are flagged, never repaired.
 */
import type { SourceCustomer } from '../../connectors/contract.js';
import { isRealDate, isoToday, toIsoDate } from './calendar.js';
import { EARLIEST_BIRTH_YEAR } from './date-of-birth.js';
import type { FieldResult } from './flag.js';

export type NationalIdType = NonNullable<SourceCustomer['nationalId']>['type'];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** the ISO 7064 MOD 11-2 check character of the first 17 digits */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * BAD_LENGTH unless 15 or 18 characters (spaces and hyphens ignored); INVALID for characters
 * other than digits (and a final X), or a birth date that does not exist, is in the future or
 * before 1900; BAD_CHECKSUM when the 18th character does not match.
 */
export function standardizeChineseResidentId(text: string, today: Date = new Date()): FieldResult<string> {
  const id = text.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  let full: string;
  if (id.length === 18) {
    if (!/^\d{17}[\dX]$/.test(id)) return { flag: 'INVALID' };
    full = id;
  } else if (id.length === 15) {
    if (!/^\d{15}$/.test(id)) return { flag: 'INVALID' };
    const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
    full = first17 + residentIdCheckChar(first17);
  } else {
    return { flag: 'BAD_LENGTH' };
  }
  if (embeddedBirthDate(full, today) === null) return { flag: 'INVALID' };
  if (residentIdCheckChar(full) !== full[17]) return { flag: 'BAD_CHECKSUM' };
  return { value: full };
}

/** the ISO birth date inside a valid resident id (either length), else null */
export function birthDateFromResidentId(id: string, today: Date = new Date()): string | null {
  const result = standardizeChineseResidentId(id, today);
  return 'value' in result ? residentIdFacts(result.value).birthDate : null;
}

/** gender coded in a valid resident id: the 17th digit is odd for men */
export function genderFromResidentId(id: string, today: Date = new Date()): 'M' | 'F' | null {
  const result = standardizeChineseResidentId(id, today);
  return 'value' in result ? residentIdFacts(result.value).gender : null;
}

/** birth date and gender of an id as `standardizeChineseResidentId` returned it (not re-validated) */
export function residentIdFacts(id18: string): { birthDate: string; gender: 'M' | 'F' } {
  return {
    birthDate: `${id18.slice(6, 10)}-${id18.slice(10, 12)}-${id18.slice(12, 14)}`,
    gender: Number(id18[16]) % 2 === 1 ? 'M' : 'F',
  };
}

/** upper-case alphanumerics, 5-20 long after removing spaces; anything else is INVALID */
export function standardizePassport(text: string): FieldResult<string> {
  const number = text.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  return /^[A-Z0-9]{5,20}$/.test(number) ? { value: number } : { flag: 'INVALID' };
}

/** other document numbers: upper-case, separators removed; INVALID when nothing alphanumeric is left */
export function standardizeOtherId(text: string): FieldResult<string> {
  const number = text.normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
  return number.length > 0 ? { value: number } : { flag: 'INVALID' };
}

export function standardizeNationalId(id: NonNullable<SourceCustomer['nationalId']>, today: Date = new Date()): FieldResult<string> {
  switch (id.type) {
    case 'CN_RESIDENT':
      return standardizeChineseResidentId(id.number, today);
    case 'PASSPORT':
      return standardizePassport(id.number);
    case 'OTHER':
      return standardizeOtherId(id.number);
  }
}

function embeddedBirthDate(id18: string, today: Date): string | null {
  const year = Number(id18.slice(6, 10));
  const month = Number(id18.slice(10, 12));
  const day = Number(id18.slice(12, 14));
  if (!isRealDate(year, month, day) || year < EARLIEST_BIRTH_YEAR) return null;
  const iso = toIsoDate(year, month, day);
  return iso > isoToday(today) ? null : iso;
}
