/**
 * A phone number in any written form becomes E.164 ('+8613812345678'), or INVALID.
 * Parsing and validation are libphonenumber's, with full ("max") metadata so a number must match
 * its region's number plan, not only its length. Numbers without a country code are read in
 * `defaultRegion` (CN unless the caller knows better); from CN the international prefix 00 is
 * understood, so '0086 138...' and '(0086)138...' work like '+86 138...'.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { BoundedCache } from './bounded-cache.js';
import type { FieldResult } from './flag.js';

export type { CountryCode };

// Parsing one number with full metadata costs about as much as standardizing all the other
// fields of a record together, and the same numbers recur (re-reads of unchanged rows, the
// same customer in several sources, shared household phones), so results are memoized per
// distinct (region, text); bounded so a long-running worker's memory stays flat.
const cache = new BoundedCache<FieldResult<string>>(50_000);

export function standardizePhone(text: string, defaultRegion: CountryCode = 'CN'): FieldResult<string> {
  return cache.getOrCompute(`${defaultRegion}|${text}`, () => parse(text, defaultRegion));
}

/** the region to read local numbers in: the address country when libphonenumber knows it, else CN */
export function phoneRegionFor(country: string | null | undefined): CountryCode {
  const code = country?.trim().toUpperCase();
  return code && isSupportedCountry(code) ? code : 'CN';
}

function parse(text: string, defaultRegion: CountryCode): FieldResult<string> {
  const phone = parsePhoneNumberFromString(text.normalize('NFKC'), defaultRegion);
  return phone?.isValid() ? { value: phone.number } : { flag: 'INVALID' };
}
