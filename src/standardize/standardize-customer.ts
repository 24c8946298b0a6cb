/**
 * One source customer in, its standardized fields out: every field through its own rule, and
 * one flag for every value that was rejected (the value itself is left out, never guessed).
 * Cross-field rules live here: a valid CN resident id supplies the gender when the source has
 * none, and a source birth date that disagrees with the id's is kept but flagged AMBIGUOUS.
 */
import type { SourceAddress, SourceCustomer } from '../../connectors/contract.js';
import { tokenizeAddress, standardizePostcode } from './address.js';
import { parseDateOfBirth } from './date-of-birth.js';
import { standardizeEmail } from './email.js';
import type { FieldResult, StandardizationFlag } from './flag.js';
import { standardizeName, type NameScript } from './name.js';
import { residentIdFacts, standardizeNationalId, type NationalIdType } from './national-id.js';
import { phoneRegionFor, standardizePhone } from './phone.js';

/**
 * A source customer's standardized fields: the one record type that flows from standardization
 * to ingest (stored on source_record, src/ingest/stored-record.ts) and matching (MatchRecord).
 */
export interface StandardizedRecord {
  givenName: string | null;
  familyName: string | null;
  fullName: string | null;
  nameScript: NameScript | null;
  /** pinyin forms: for Latin names the comparison form without spaces, `'` and `-` */
  givenNamePinyin: string | null;
  familyNamePinyin: string | null;
  /** ISO yyyy-mm-dd */
  dateOfBirth: string | null;
  nationalId: string | null;
  nationalIdType: NationalIdType | null;
  gender: 'M' | 'F' | null;
  /** E.164 */
  phones: string[];
  emails: string[];
  /** sorted, unique */
  addressTokens: string[];
  postcode: string | null;
  city: string | null;
}

/** what standardizeCustomer gives: the standardized record and a flag for every value it rejected */
export interface StandardizedCustomer extends StandardizedRecord {
  flags: StandardizationFlag[];
}

export function standardizeCustomer(c: SourceCustomer, today: Date = new Date()): StandardizedCustomer {
  const flags: StandardizationFlag[] = [];

  const name = standardizeName(c.name);
  const nameValue = 'flag' in name ? null : name;
  if ('flag' in name) flags.push({ field: 'name', code: name.flag });

  const dateOfBirth = present(c.dateOfBirth) ? valueOrFlag(parseDateOfBirth(c.dateOfBirth, c.dateOrder ?? 'YMD', today), 'dateOfBirth', flags) : null;

  let nationalId: string | null = null;
  let nationalIdType: NationalIdType | null = null;
  let gender = c.gender ?? null;
  if (c.nationalId && present(c.nationalId.number)) {
    nationalId = valueOrFlag(standardizeNationalId(c.nationalId, today), 'nationalId', flags);
    if (nationalId !== null) {
      nationalIdType = c.nationalId.type;
      if (nationalIdType === 'CN_RESIDENT') {
        const fromId = residentIdFacts(nationalId);
        gender ??= fromId.gender;
        if (dateOfBirth !== null && fromId.birthDate !== dateOfBirth) {
          flags.push({ field: 'dateOfBirth', code: 'AMBIGUOUS' });
        }
      }
    }
  }

  const address = c.addresses.find(hasContent);
  const region = phoneRegionFor(address?.country);
  const phones = unique(c.phones.filter(present).map((p) => valueOrFlag(standardizePhone(p, region), 'phone', flags)));
  const emails = unique(c.emails.filter(present).map((e) => valueOrFlag(standardizeEmail(e), 'email', flags)));

  const tokenized = address ? tokenizeAddress(address) : { tokens: [], postcode: null, city: null };
  const postcode = address && present(address.postcode) ? standardizePostcode(address.postcode, address.country) : null;
  if (postcode && 'flag' in postcode) {
    flags.push({ field: 'address', code: postcode.flag });
  } else if (address && tokenized.tokens.length === 0 && tokenized.postcode === null && tokenized.city === null) {
    flags.push({ field: 'address', code: 'UNPARSABLE' });
  }

  return {
    givenName: nameValue?.given ?? null,
    familyName: nameValue?.family ?? null,
    fullName: nameValue?.full ?? null,
    nameScript: nameValue?.script ?? null,
    givenNamePinyin: nameValue?.givenPinyin ?? null,
    familyNamePinyin: nameValue?.familyPinyin ?? null,
    dateOfBirth,
    nationalId,
    nationalIdType,
    gender,
    phones,
    emails,
    addressTokens: tokenized.tokens,
    postcode: tokenized.postcode,
    city: tokenized.city,
    flags,
  };
}

function valueOrFlag<T>(result: FieldResult<T>, field: StandardizationFlag['field'], flags: StandardizationFlag[]): T | null {
  if ('value' in result) return result.value;
  flags.push({ field, code: result.flag });
  return null;
}

function present(text: string | null | undefined): text is string {
  return text != null && text.trim() !== '';
}

function hasContent(a: SourceAddress): boolean {
  return a.lines.some(present) || present(a.city) || present(a.postcode);
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}
