/**
 * Pure mapping of one loans `borrower` row to a `SourceCustomer` or a quarantine verdict, and of
 * one loan party row to a `Holding`. Never throws for a bad row: a field of the wrong kind (a
 * number where text is read) quarantines it as `UNPARSABLE_PAYLOAD`, naming the field. `dob_text`
 * passes through as keyed in (mixed formats, day before month): the hub parses it and quarantines
 * bad dates.
 */
import type { Holding, MappedRow, QuarantineReason, SourceCustomer } from '../contract.js';
import { asObject, parseTimestamp, present, rawText, wrongKind, type FieldKind } from '../support/row-checks.js';

/** One `borrower` row as the connector selects it (`updated_at` as exact UTC ISO text). */
export interface BorrowerRow {
  borrower_id: string | null;
  first_name: string | null;
  last_name: string | null;
  name_local: string | null;
  dob_text: string | null;
  national_id: string | null;
  phone: string | null;
  email: string | null;
  addr_text: string | null;
  updated_at: string | null;
  is_deleted: boolean | null;
}

/** One loan of one borrower (through `loan_party`), amounts as exact numeric text. */
export interface LoanPartyRow {
  borrower_id: string;
  role: string;
  loan_id: string;
  product: string;
  currency: string;
  outstanding: string;
  days_past_due: number;
  status: string;
  start_date: string;
  last_paid_date: string | null;
}

// Resident identity card number: 17 digits and a check character. Anything else is not typed.
const CN_RESIDENT_ID = /^\s*\d{17}[\dXx]\s*$/;

const TEXT = 'text' as const;
const BORROWER_FIELDS: Record<string, FieldKind> = {
  borrower_id: TEXT, first_name: TEXT, last_name: TEXT, name_local: TEXT, dob_text: TEXT, national_id: TEXT,
  phone: TEXT, email: TEXT, addr_text: TEXT, updated_at: TEXT, is_deleted: 'boolean',
};

function quarantine(row: BorrowerRow, reason: QuarantineReason, detail: string): MappedRow {
  return { ok: false, quarantine: { sourceKey: present(asObject(row)?.borrower_id), reason, detail, raw: rawText(row) } };
}

export function mapBorrower(row: BorrowerRow): MappedRow {
  const fields = asObject(row);
  if (fields === null) return quarantine(row, 'UNPARSABLE_PAYLOAD', 'the row is not an object');
  const bad = wrongKind(fields, BORROWER_FIELDS);
  if (bad) return quarantine(row, 'UNPARSABLE_PAYLOAD', bad);
  const sourceKey = present(row.borrower_id);
  if (sourceKey === null) return quarantine(row, 'MISSING_KEY', 'borrower_id is missing or blank');
  const updatedAt = parseTimestamp(row.updated_at);
  if (updatedAt === null) return quarantine(row, 'BAD_TIMESTAMP', 'updated_at is missing or not a finite timestamp');
  const given = present(row.first_name);
  const family = present(row.last_name);
  const local = present(row.name_local);
  if (given === null && family === null && local === null) {
    return quarantine(row, 'MISSING_NAME', 'first_name, last_name and name_local are all blank');
  }

  const nationalId = present(row.national_id);
  const address = present(row.addr_text);
  const customer: SourceCustomer = {
    sourceKey,
    updatedAt,
    deleted: row.is_deleted === true,
    name: { full: null, given, family, local, order: 'GIVEN_FAMILY' },
    dateOfBirth: present(row.dob_text),
    dateOrder: 'DMY',
    nationalId: nationalId === null ? null : { type: CN_RESIDENT_ID.test(nationalId) ? 'CN_RESIDENT' : 'OTHER', number: nationalId },
    gender: null,
    phones: [row.phone].filter((p): p is string => present(p) !== null),
    emails: [row.email].filter((e): e is string => present(e) !== null),
    addresses: address === null ? [] : [{ lines: [address] }],
    raw: { ...row },
  };
  return { ok: true, customer };
}

export function mapLoanParty(row: LoanPartyRow): Holding {
  return {
    kind: 'LOAN',
    sourceKey: row.borrower_id,
    productId: row.loan_id,
    product: row.product,
    currency: row.currency,
    balance: Number(row.outstanding),
    creditLimit: null,
    daysPastDue: row.days_past_due,
    role: row.role === 'CO_BORROWER' ? 'CO_BORROWER' : 'PRIMARY',
    status: row.status,
    openedAt: row.start_date,
    lastActivityAt: row.last_paid_date,
    maskedNumber: null,
  };
}
