/**
 * Pure mapping of one cardholder from the cards API to a `SourceCustomer` or a quarantine
 * verdict, and of one card to a `Holding`. Never throws for a bad item. `profile` is JSON kept as
 * text by the processor: when it does not parse to an object the whole item is quarantined.
 */
import type { Holding, MappedRow, QuarantineReason, SourceAddress, SourceCustomer } from '../contract.js';
import { parseTimestamp, present } from '../support/row-checks.js';

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

/** A string or an array of strings, blanks dropped. */
function presentList(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map(present).filter((v): v is string => v !== null);
}

function parseProfile(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
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

export function mapCardholder(item: CardholderItem): MappedRow {
  const sourceKey = present(item.holderId);
  const quarantine = (reason: QuarantineReason, detail: string): MappedRow => ({
    ok: false,
    quarantine: { sourceKey, reason, detail, raw: JSON.stringify(item) },
  });
  if (sourceKey === null) return quarantine('MISSING_KEY', 'holderId is missing or blank');
  const updatedAt = parseTimestamp(item.updatedAt);
  if (updatedAt === null) return quarantine('BAD_TIMESTAMP', 'updatedAt is missing or not an ISO timestamp');
  const profile = parseProfile(item.profile);
  if (profile === null) return quarantine('UNPARSABLE_PAYLOAD', 'profile is not a JSON object');
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
