/**
 * Pure mapping of one core banking CIF row (with its addresses) to a `SourceCustomer` or a
 * quarantine verdict. Never throws for a bad row: a field of the wrong kind (a number where text
 * is read, an address list that is not a list of objects) quarantines the row as
 * `UNPARSABLE_PAYLOAD`, naming the field. Values keep the source's formats: the hub standardizes
 * names, phones and dates.
 */
import type { Holding, MappedRow, QuarantineReason, SourceAddress, SourceConsent, SourceCustomer } from '../contract.js';
import { asObject, parseTimestamp, present, rawText, wrongKind, type FieldKind } from '../support/row-checks.js';

/** One `cif_address` row as the connector selects it. */
export interface CifAddressRow {
  addr_seq: number;
  addr_type: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  province: string | null;
  postcode: string | null;
  country: string | null;
}

/** One `cif_consent` row as the connector selects it (dates as 'YYYY-MM-DD' text). */
export interface CifConsentRow {
  purpose_code: string | null;
  status: string | null;
  signed_on: string | null;
  channel: string | null;
  expires_on: string | null;
}

/**
 * One `cif_customer` row as the connector selects it: dates as 'YYYY-MM-DD' text and
 * `last_maint_ts` as exact UTC ISO text (microseconds), so nothing drifts through JS `Date`.
 */
export interface CifCustomerRow {
  cif_no: string | null;
  cust_name: string | null;
  cust_name_en: string | null;
  id_type: string | null;
  id_no: string | null;
  birth_dt: string | null;
  gender: string | null;
  mobile_no: string | null;
  email: string | null;
  open_dt: string | null;
  status: string | null;
  last_maint_ts: string | null;
  addresses: CifAddressRow[];
  consents?: CifConsentRow[];
}

/** One `deposit_account` row as the connector selects it (balance as exact numeric text). */
export interface DepositAccountRow {
  acct_no: string;
  cif_no: string;
  product_code: string;
  currency: string;
  balance: string;
  opened_dt: string;
  last_txn_dt: string | null;
  status: string;
}

const PRODUCTS: Record<string, string> = { SAV: 'SAVINGS', CUR: 'CURRENT', TD: 'TIME_DEPOSIT' };
const ACCOUNT_STATUSES: Record<string, string> = { A: 'ACTIVE', C: 'CLOSED' };
const ID_TYPES: Record<string, 'CN_RESIDENT' | 'PASSPORT'> = { '01': 'CN_RESIDENT', '02': 'PASSPORT' };

// Per bank: which of its consent codes is which hub purpose, and which data categories the bank's
// form covers. This bank's MKT form lets marketing use identity, contacts, finances and profiles
// (never the id number). A code not listed here is quarantined until someone maps it.
const CONSENT_PURPOSES: Record<string, { purpose: string; categories: string[] }> = {
  MKT: { purpose: 'MARKETING', categories: ['IDENTITY', 'CONTACT', 'FINANCIAL', 'PROFILING'] },
};
const CONSENT_STATUSES: Record<string, SourceConsent['status']> = { Y: 'GRANTED', N: 'DENIED', W: 'REVOKED' };
const CONSENT_CHANNELS: Record<string, string> = { BR: 'BRANCH', MB: 'APP', IB: 'WEB', CC: 'CALL_CENTER' };

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const TEXT = 'text' as const;
const CUSTOMER_FIELDS: Record<string, FieldKind> = {
  cif_no: TEXT, cust_name: TEXT, cust_name_en: TEXT, id_type: TEXT, id_no: TEXT, birth_dt: TEXT, gender: TEXT,
  mobile_no: TEXT, email: TEXT, open_dt: TEXT, status: TEXT, last_maint_ts: TEXT, addresses: 'array', consents: 'array',
};
const ADDRESS_FIELDS: Record<string, FieldKind> = {
  addr_type: TEXT, line1: TEXT, line2: TEXT, city: TEXT, province: TEXT, postcode: TEXT, country: TEXT,
};
const CONSENT_FIELDS: Record<string, FieldKind> = { purpose_code: TEXT, status: TEXT, signed_on: TEXT, channel: TEXT, expires_on: TEXT };

function quarantine(row: CifCustomerRow, reason: QuarantineReason, detail: string): MappedRow {
  return { ok: false, quarantine: { sourceKey: present(asObject(row)?.cif_no), reason, detail, raw: rawText(row) } };
}

/** The first field of the row, its addresses or its consents that is of the wrong kind. */
function badField(row: Record<string, unknown>): string | null {
  const top = wrongKind(row, CUSTOMER_FIELDS);
  if (top) return top;
  for (const [list, fields] of [['addresses', ADDRESS_FIELDS], ['consents', CONSENT_FIELDS]] as const) {
    for (const item of (row[list] as unknown[] | null | undefined) ?? []) {
      const entry = asObject(item);
      if (entry === null) return `${list} holds an entry that is not an object`;
      const bad = wrongKind(entry, fields, `${list}.`);
      if (bad) return bad;
    }
  }
  return null;
}

function mapAddress(a: CifAddressRow): SourceAddress | null {
  const lines = [a.line1, a.line2].filter((l): l is string => present(l) !== null);
  const address = { lines, city: present(a.city), province: present(a.province), postcode: present(a.postcode), country: present(a.country) };
  const empty = lines.length === 0 && !address.city && !address.province && !address.postcode && !address.country;
  return empty ? null : address;
}

/**
 * A CJK `cust_name` with a romanised `cust_name_en` gives both (romanised as `full`, native as
 * `local`); otherwise `cust_name` is the name, or `cust_name_en` when only that is kept.
 */
function mapName(row: CifCustomerRow): SourceCustomer['name'] | null {
  const native = present(row.cust_name);
  const romanised = present(row.cust_name_en);
  if (native === null && romanised === null) return null;
  if (native !== null && romanised !== null && CJK.test(native)) {
    return { full: romanised, local: native, order: 'FAMILY_GIVEN' };
  }
  return { full: native ?? romanised, local: null, order: 'FAMILY_GIVEN' };
}

/** The statement in the hub's terms, or which field cannot be read. */
function mapConsent(cifNo: string, c: CifConsentRow): SourceConsent | { bad: string } {
  const code = c.purpose_code?.trim() ?? '';
  const purpose = CONSENT_PURPOSES[code];
  if (!purpose) return { bad: 'cif_consent.purpose_code is not a mapped purpose' };
  const status = CONSENT_STATUSES[c.status?.trim() ?? ''];
  if (!status) return { bad: 'cif_consent.status is not Y, N or W' };
  const givenAt = present(c.signed_on);
  if (givenAt === null) return { bad: 'cif_consent.signed_on is missing' };
  const channel = present(c.channel)?.trim() ?? 'UNKNOWN';
  return {
    ...purpose,
    categories: [...purpose.categories],
    status,
    givenAt,
    expiresAt: present(c.expires_on),
    channel: CONSENT_CHANNELS[channel] ?? channel,
    evidence: `cif_consent ${cifNo}/${code}`,
  };
}

export function mapCifCustomer(row: CifCustomerRow): MappedRow {
  const fields = asObject(row);
  if (fields === null) return quarantine(row, 'UNPARSABLE_PAYLOAD', 'the row is not an object');
  const bad = badField(fields);
  if (bad) return quarantine(row, 'UNPARSABLE_PAYLOAD', bad);
  const sourceKey = present(row.cif_no);
  if (sourceKey === null) return quarantine(row, 'MISSING_KEY', 'cif_no is missing or blank');
  const updatedAt = parseTimestamp(row.last_maint_ts);
  if (updatedAt === null) return quarantine(row, 'BAD_TIMESTAMP', 'last_maint_ts is missing or not a finite timestamp');
  const name = mapName(row);
  if (name === null) return quarantine(row, 'MISSING_NAME', 'cust_name and cust_name_en are both blank');

  const consents: SourceConsent[] = [];
  for (const c of row.consents ?? []) {
    const mapped = mapConsent(sourceKey, c);
    if ('bad' in mapped) return quarantine(row, 'BAD_CONSENT', mapped.bad);
    consents.push(mapped);
  }

  const idNumber = present(row.id_no);
  const gender = row.gender?.trim().toUpperCase();
  const customer: SourceCustomer = {
    sourceKey,
    updatedAt,
    deleted: row.status?.trim() === 'C',
    name,
    dateOfBirth: present(row.birth_dt),
    dateOrder: 'YMD',
    nationalId: idNumber === null ? null : { type: ID_TYPES[row.id_type?.trim() ?? ''] ?? 'OTHER', number: idNumber },
    gender: gender === 'M' || gender === 'F' ? gender : null,
    phones: [row.mobile_no].filter((p): p is string => present(p) !== null),
    emails: [row.email].filter((e): e is string => present(e) !== null),
    addresses: (row.addresses ?? []).map(mapAddress).filter((a): a is SourceAddress => a !== null),
    consents,
    raw: { ...row },
  };
  return { ok: true, customer };
}

export function mapDepositAccount(row: DepositAccountRow): Holding {
  return {
    kind: 'DEPOSIT_ACCOUNT',
    sourceKey: row.cif_no,
    productId: row.acct_no,
    product: PRODUCTS[row.product_code] ?? row.product_code,
    currency: row.currency,
    balance: Number(row.balance),
    creditLimit: null,
    daysPastDue: null,
    role: null,
    status: ACCOUNT_STATUSES[row.status] ?? row.status,
    openedAt: row.opened_dt,
    lastActivityAt: row.last_txn_dt,
    maskedNumber: null,
  };
}
