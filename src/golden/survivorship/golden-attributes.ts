/**
 * What a golden customer is made of: the survived attributes (flat, named as on
 * `source_record`) and the golden fields they survive in. A golden field is the unit of
 * survivorship: its attributes always come from one source record together (a name is never
 * half one source and half another, an address never one source's street with another's
 * postcode), and provenance is kept per golden field.
 */
export interface GoldenAttributes {
  givenName: string | null;
  familyName: string | null;
  fullName: string | null;
  nameScript: string | null;
  dateOfBirth: string | null;
  nationalId: string | null;
  nationalIdType: string | null;
  gender: string | null;
  phones: string[];
  emails: string[];
  addressTokens: string[];
  postcode: string | null;
  city: string | null;
}

export type GoldenField = 'name' | 'dateOfBirth' | 'nationalId' | 'gender' | 'phones' | 'emails' | 'address';

/** every golden field, in display order */
export const GOLDEN_FIELDS: readonly GoldenField[] = ['name', 'dateOfBirth', 'nationalId', 'gender', 'phones', 'emails', 'address'];

/** the attributes each golden field survives together; the first ones decide whether a record has a value at all */
export const GOLDEN_FIELD_ATTRIBUTES: { readonly [F in GoldenField]: readonly (keyof GoldenAttributes)[] } = {
  name: ['givenName', 'familyName', 'fullName', 'nameScript'],
  dateOfBirth: ['dateOfBirth'],
  nationalId: ['nationalId', 'nationalIdType'],
  gender: ['gender'],
  phones: ['phones'],
  emails: ['emails'],
  address: ['addressTokens', 'postcode', 'city'],
};

/**
 * The attributes whose presence makes a record a candidate for the field: a name needs a
 * given, family or full name (a script alone is nothing), a national id its number (a type
 * alone is nothing), an address any of tokens, postcode or city.
 */
export const GOLDEN_FIELD_VALUE_ATTRIBUTES: { readonly [F in GoldenField]: readonly (keyof GoldenAttributes)[] } = {
  name: ['givenName', 'familyName', 'fullName'],
  dateOfBirth: ['dateOfBirth'],
  nationalId: ['nationalId'],
  gender: ['gender'],
  phones: ['phones'],
  emails: ['emails'],
  address: ['addressTokens', 'postcode', 'city'],
};

/** the list-valued attributes (everything else is `string | null`) */
export const LIST_ATTRIBUTES: ReadonlySet<keyof GoldenAttributes> = new Set(['phones', 'emails', 'addressTokens']);

/** a golden customer nothing has survived into yet */
export function emptyAttributes(): GoldenAttributes {
  return {
    givenName: null,
    familyName: null,
    fullName: null,
    nameScript: null,
    dateOfBirth: null,
    nationalId: null,
    nationalIdType: null,
    gender: null,
    phones: [],
    emails: [],
    addressTokens: [],
    postcode: null,
    city: null,
  };
}
