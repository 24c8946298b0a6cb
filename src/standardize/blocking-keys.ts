/**
 * Blocking keys: cheap exact keys under which two records that might be the same person meet,
 * so matching compares pairs inside a block instead of all pairs. A record gets at most
 * 8 + (phones) + (e-mails) keys:
 *
 *   nid:<national id>        ph:<E.164> (each)        em:<e-mail> (each)
 *   dn:<birth date>:<phonetic name>      once for the given and once for the family name
 *   dp:<birth date>:<postcode>
 *   nn:<phonetic name pair>
 *   ny:<phonetic name pair>:<birth year>
 *   pn:<phonetic name>:<postcode>        once for the given and once for the family name
 *
 * Names enter as Double Metaphone primary codes of their pinyin forms, so 张 (zhang) and Zhang
 * share keys. Keys never say which name part a code came from, and the name pair is sorted, so
 * given and family swapped still meet. Each key survives errors in the fields it leaves out:
 * dn a misspelt other name part, dp a changed name, nn/ny a wrong birth date, pn a wrong date
 * and a changed other part. ny refines nn for common names, whose nn block matching skips as
 * oversized. Keys are unique and sorted; a key needing a missing field is left out.
 */
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import { BoundedCache } from './bounded-cache.js';
import type { StandardizedRecord } from './standardize-customer.js';

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

/** the fields blocking keys are made of */
export type BlockedFields = Pick<StandardizedRecord, 'nationalId' | 'phones' | 'emails' | 'givenNamePinyin' | 'familyNamePinyin' | 'dateOfBirth' | 'postcode'>;

export function blockingKeys(s: BlockedFields): string[] {
  const keys = new Set<string>();
  if (s.nationalId) keys.add(`nid:${s.nationalId}`);
  for (const phone of s.phones) keys.add(`ph:${phone}`);
  for (const email of s.emails) keys.add(`em:${email}`);

  const given = s.givenNamePinyin ? phoneticCode(s.givenNamePinyin) : null;
  const family = s.familyNamePinyin ? phoneticCode(s.familyNamePinyin) : null;
  const date = s.dateOfBirth;
  const postcode = s.postcode;
  const pair = given && family ? (given < family ? `${given}:${family}` : `${family}:${given}`) : null;
  for (const name of [given, family]) {
    if (name === null) continue;
    if (date) keys.add(`dn:${date}:${name}`);
    if (postcode) keys.add(`pn:${name}:${postcode}`);
  }
  if (date && postcode) keys.add(`dp:${date}:${postcode}`);
  if (pair) {
    keys.add(`nn:${pair}`);
    if (date) keys.add(`ny:${pair}:${date.slice(0, 4)}`);
  }
  return [...keys].sort();
}
