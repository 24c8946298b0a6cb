/**
 * What a customer search string means. One box, as apps have it: an e-mail, a national id or
 * passport number, a phone number in any written form, or a name in Latin or Han script. The
 * string is standardized exactly as source records are, so it compares with their
 * `search_terms` (see Migration20261123153000): all terms must be held by one source record.
 *
 * Names: Latin words in comparison form ('José' -> 'jose'), matched against given and family
 * words and the pinyin of Han names ('Zhang Wei' finds 张伟); a Han name written together
 * ('张伟') matches the family and given name written together, '张 伟' each part.
 */
import { foldLatin, cleanText, hasHan } from '../standardize/fold.js';
import { standardizeChineseResidentId, standardizeEmail, standardizePassport, standardizePhone } from '../standardize/index.js';
import { HubError } from '../errors.js';

export type SearchKind = 'EMAIL' | 'NATIONAL_ID' | 'PHONE' | 'NAME';

export interface CustomerSearch {
  kind: SearchKind;
  /** every term must be among one source record's search terms */
  terms: string[];
}

const RESIDENT_ID = /^\d{15}$|^\d{17}[\dXx]$/;
const PHONE_LIKE = /^[+\d\s().\-]+$/;
const MAX_SEARCH_LENGTH = 200;

function invalid(message: string): never {
  throw new HubError('BAD_USER_INPUT', `search: ${message}`, { extensions: { argument: 'search' } });
}

/** null for a blank search (no search); BAD_USER_INPUT for one that cannot match anything */
export function parseCustomerSearch(input: string | null | undefined): CustomerSearch | null {
  const text = cleanText(input);
  if (text === '') return null;
  if (text.length > MAX_SEARCH_LENGTH) invalid(`longer than ${MAX_SEARCH_LENGTH} characters`);

  if (text.includes('@')) {
    const email = standardizeEmail(text);
    return 'value' in email ? { kind: 'EMAIL', terms: [email.value] } : invalid('not a valid e-mail address');
  }
  const compact = text.replace(/\s/g, '');
  if (RESIDENT_ID.test(compact)) {
    const id = standardizeChineseResidentId(compact);
    return 'value' in id ? { kind: 'NATIONAL_ID', terms: [id.value] } : invalid('not a valid resident id number');
  }
  if (/\d/.test(compact) && /[A-Za-z]/.test(compact)) {
    const id = standardizePassport(compact);
    return 'value' in id ? { kind: 'NATIONAL_ID', terms: [id.value] } : invalid('not a valid document number');
  }
  if (PHONE_LIKE.test(text)) {
    if (compact.replace(/\D/g, '').length < 6) invalid('too few digits for a phone number');
    const phone = standardizePhone(text);
    return 'value' in phone ? { kind: 'PHONE', terms: [phone.value] } : invalid('not a valid phone number');
  }
  const terms = nameTerms(text);
  return terms.length > 0 ? { kind: 'NAME', terms } : invalid('nothing to search for');
}

/** Han runs as written, Latin words in the comparison form of src/standardize/name.ts */
function nameTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of text.split(' ')) {
    if (hasHan(token)) {
      for (const han of token.match(/\p{Script=Han}+/gu) ?? []) terms.add(han);
      continue;
    }
    for (const word of foldLatin(token).replace(/[^a-z'\-]/g, ' ').split(' ')) {
      const trimmed = word.replace(/^['-]+|['-]+$/g, '');
      if (trimmed) terms.add(trimmed);
    }
  }
  return [...terms];
}
