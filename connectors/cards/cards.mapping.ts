/**
 * Pure mapping of one cardholder from the cards API to a `SourceCustomer` or a quarantine
 * verdict, and of one card to a `Holding`. Never throws for a bad item: an item that is not an
 * object (a `null` in the page), a field of the wrong kind (a number for a name, an array for the
 * address) or a profile that does not parse to an object quarantines the item as
 * `UNPARSABLE_PAYLOAD`, naming the field. `profile` is JSON kept as text by the processor.
 */
import type { Holding, MappedRow, QuarantineReason, SourceAddress, SourceCustomer } from '../contract.js';
import { asObject, parseTimestamp, present, rawText, wrongKind, type FieldKind } from '../support/row-checks.js';

/** One item of `GET /v1/cardholders` as received; fields are checked, not trusted. */
export interface CardholderItem {
  holderId?: unknown;
  name?: unknown;
  status?: unknown;
  updatedAt?: unknown;
  profile?: unknown;
}

/** One item of `GET /v1/cards`. */
export interface CardItem {
  cardId: string;
  holderId: string;
  product: string;
  maskedPan: string;
  currency: string;
  creditLimit: number;
  balance: number;
  status: string;
  openedAt: string;
  lastTxnAt: string | null;
}

type NationalIdType = NonNullable<SourceCustomer['nationalId']>['type'];

const ID_DOCUMENT_TYPES: Record<string, NationalIdType> = {
  PASSPORT: 'PASSPORT',
  CN_RESIDENT: 'CN_RESIDENT',
  RESIDENT_ID: 'CN_RESIDENT',
  ID_CARD: 'CN_RESIDENT',
};

const ITEM_FIELDS: Record<string, FieldKind> = { holderId: 'text', name: 'text', status: 'text', updatedAt: 'text', profile: 'text' };
const PROFILE_FIELDS: Record<string, FieldKind> = { dateOfBirth: 'text', address: 'object', idDocument: 'object' };
const ADDRESS_FIELDS: Record<string, FieldKind> = { city: 'text', postalCode: 'text', country: 'text' };
const ID_DOCUMENT_FIELDS: Record<string, FieldKind> = { type: 'text', number: 'text' };

/** A string or an array of strings, blanks dropped. */
function presentList(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map(present).filter((v): v is string => v !== null);
}

/** Whether the value is absent, a string, or an array of strings (and nulls): what a contact field may be. */
const isTextOrList = (value: unknown): boolean =>
  value === null || value === undefined || typeof value === 'string' || (Array.isArray(value) && value.every((v) => v === null || typeof v === 'string'));

/** The first profile field of the wrong kind, named without its value. */
function badProfileField(profile: Record<string, unknown>): string | null {
  const top = wrongKind(profile, PROFILE_FIELDS, 'profile.');
  if (top) return top;
  for (const field of ['phone', 'email'] as const) {
    if (!isTextOrList(profile[field])) return `profile.${field} is not text or a list of text`;
  }
  const address = asObject(profile.address);
  if (address) {
    if (!isTextOrList(address.street)) return 'profile.address.street is not text or a list of text';
    const bad = wrongKind(address, ADDRESS_FIELDS, 'profile.address.');
    if (bad) return bad;
  }
  const doc = asObject(profile.idDocument);
  return doc ? wrongKind(doc, ID_DOCUMENT_FIELDS, 'profile.idDocument.') : null;
}

function parseProfile(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  try {
    return asObject(JSON.parse(text));
  } catch {
    return null;
  }
}

function mapAddress(value: unknown): SourceAddress[] {
  const a = asObject(value);
  if (a === null) return [];
  const address = { lines: presentList(a.street), city: present(a.city), postcode: present(a.postalCode), country: present(a.country) };
  const empty = address.lines.length === 0 && !address.city && !address.postcode && !address.country;
  return empty ? [] : [address];
}

function mapIdDocument(value: unknown): SourceCustomer['nationalId'] {
  const doc = asObject(value);
  const number = present(doc?.number);
  if (doc === null || number === null) return null;
  const type = typeof doc.type === 'string' ? ID_DOCUMENT_TYPES[doc.type.trim().toUpperCase()] : undefined;
  return { type: type ?? 'OTHER', number };
}

/** Maps one item of a cardholder page, whatever it is (the API's JSON is checked, not trusted). */
export function mapCardholder(value: CardholderItem | unknown): MappedRow {
  const item = asObject(value);
  const sourceKey = present(item?.holderId);
  const quarantine = (reason: QuarantineReason, detail: string): MappedRow => ({
    ok: false,
    quarantine: { sourceKey, reason, detail, raw: rawText(value) },
  });
  if (item === null) return quarantine('UNPARSABLE_PAYLOAD', 'the item is not a JSON object');
  const badField = wrongKind(item, ITEM_FIELDS);
  if (badField) return quarantine('UNPARSABLE_PAYLOAD', badField);
  if (sourceKey === null) return quarantine('MISSING_KEY', 'holderId is missing or blank');
  const updatedAt = parseTimestamp(item.updatedAt);
  if (updatedAt === null) return quarantine('BAD_TIMESTAMP', 'updatedAt is missing or not an ISO timestamp');
  const profile = parseProfile(item.profile);
  if (profile === null) return quarantine('UNPARSABLE_PAYLOAD', 'profile is not a JSON object');
  const badProfile = badProfileField(profile);
  if (badProfile) return quarantine('UNPARSABLE_PAYLOAD', badProfile);
  const fullName = present(item.name);
  if (fullName === null) return quarantine('MISSING_NAME', 'name is missing or blank');

  const customer: SourceCustomer = {
    sourceKey,
    updatedAt,
    deleted: item.status === 'CLOSED',
    name: { full: fullName, order: 'GIVEN_FAMILY' },
    dateOfBirth: present(profile.dateOfBirth),
    dateOrder: 'YMD',
    nationalId: mapIdDocument(profile.idDocument),
    gender: null,
    phones: presentList(profile.phone),
    emails: presentList(profile.email),
    addresses: mapAddress(profile.address),
    raw: { ...item },
  };
  return { ok: true, customer };
}

export function mapCard(card: CardItem): Holding {
  return {
    kind: 'CARD',
    sourceKey: card.holderId,
    productId: card.cardId,
    product: card.product,
    currency: card.currency,
    balance: card.balance,
    creditLimit: card.creditLimit,
    daysPastDue: null,
    role: null,
    status: card.status,
    openedAt: card.openedAt,
    lastActivityAt: card.lastTxnAt,
    maskedNumber: card.maskedPan,
  };
}
