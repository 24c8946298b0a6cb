/**
 * Blocking keys: cheap exact keys under which two records that might be the same person meet,
 * so matching compares pairs inside a block instead of all pairs. A record gets several:
 *
 *   nid:<national id>                              ph:<E.164> (each)    em:<e-mail> (each)
 *   fn:<phonetic family>:<birth year>
 *   nm:<phonetic family>:<given initial>:<postcode>
 *   dob:<birth date>:<family initial>
 *
 * The phonetic family is the Double Metaphone primary code of the family name's pinyin form,
 * so 张 (zhang) and Zhang share a key; initials come from the pinyin forms too.
 * Keys are unique and sorted; a key needing a missing field is left out.
 */
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import { BoundedCache } from './bounded-cache.js';
import type { StandardizedCustomer } from './standardize-customer.js';

// Family names are few compared with records (a few thousand cover most people), and one
// Double Metaphone run costs more than all the rest of this function, so codes are memoized.
const phoneticCache = new BoundedCache<string | null>(20_000);

/** Double Metaphone primary code of a name's ASCII letters, or null when it has none */
export function phoneticCode(name: string): string | null {
  return phoneticCache.getOrCompute(name, () => {
    const letters = name.toUpperCase().replace(/[^A-Z]/g, '');
    return letters ? doubleMetaphone(letters)[0] || null : null;
  });
}

export function blockingKeys(s: StandardizedCustomer): string[] {
  const keys = new Set<string>();
  if (s.nationalId) keys.add(`nid:${s.nationalId}`);
  for (const phone of s.phones) keys.add(`ph:${phone}`);
  for (const email of s.emails) keys.add(`em:${email}`);

  const family = s.familyNamePinyin ? phoneticCode(s.familyNamePinyin) : null;
  const givenInitial = s.givenNamePinyin?.[0] ?? null;
  const familyInitial = s.familyNamePinyin?.[0] ?? null;
  if (family && s.dateOfBirth) keys.add(`fn:${family}:${s.dateOfBirth.slice(0, 4)}`);
  if (family && givenInitial && s.postcode) keys.add(`nm:${family}:${givenInitial}:${s.postcode}`);
  if (s.dateOfBirth && familyInitial) keys.add(`dob:${s.dateOfBirth}:${familyInitial}`);
  return [...keys].sort();
}
