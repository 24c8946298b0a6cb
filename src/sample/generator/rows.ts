/**
 * The generated rows, one interface per table of the sample schemas (src/sample/<system>/schema.ts
 * and the truth schema in ../setup.ts), with the column names as property names. Dates are
 * 'YYYY-MM-DD', timestamps ISO 8601 UTC with milliseconds, amounts exact decimal text, so a row
 * serialises the same way everywhere. `TABLES` lists each table's columns and their SQL types
 * in write order (parents before children) for the writer.
 */
import type { Person } from './person.js';

export interface CifCustomerRow {
  cif_no: string;
  cust_name: string | null;
  cust_name_en: string | null;
  id_type: string | null;
  id_no: string | null;
  birth_dt: string | null;
  gender: string | null;
  mobile_no: string | null;
  email: string | null;
  open_dt: string;
  status: string;
  last_maint_ts: string;
}

export interface CifAddressRow {
  cif_no: string;
  addr_seq: number;
  addr_type: string;
  line1: string | null;
  line2: string | null;
  city: string | null;
  province: string | null;
  postcode: string | null;
  country: string | null;
}

export interface CifConsentRow {
  cif_no: string;
  purpose_code: string;
  status: string | null;
  signed_on: string | null;
  channel: string | null;
  expires_on: string | null;
}

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

export interface CardholderRow {
  holder_id: string;
  full_name: string | null;
  profile: string;
  status: string;
  updated_at: string;
}

export interface CardRow {
  card_id: string;
  holder_id: string;
  product: string;
  masked_pan: string;
  currency: string;
  credit_limit: string;
  balance: string;
  status: string;
  opened_at: string;
  last_txn_at: string | null;
}

export interface BorrowerRow {
  borrower_id: number;
  first_name: string | null;
  last_name: string | null;
  name_local: string | null;
  dob_text: string | null;
  national_id: string | null;
  phone: string | null;
  email: string | null;
  addr_text: string | null;
  updated_at: string;
  is_deleted: boolean;
}

export interface LoanRow {
  loan_id: number;
  product: string;
  currency: string;
  principal: string;
  outstanding: string;
  interest_rate: string;
  start_date: string;
  maturity_date: string;
  days_past_due: number;
  status: string;
  updated_at: string;
}

export interface LoanPartyRow {
  loan_id: number;
  borrower_id: number;
  role: 'PRIMARY' | 'CO_BORROWER';
}

export interface RepaymentRow {
  loan_id: number;
  seq: number;
  due_date: string;
  amount_due: string;
  amount_paid: string;
}

export type SampleSystem = 'core_banking' | 'cards' | 'loans';

export interface SourcePersonRow {
  system: SampleSystem;
  source_key: string;
  person_id: number;
  /** JSON array of the errors the generator planted in this row (noise.ts PlantedError) */
  planted: string;
}

export interface PersonRow {
  person_id: number;
  household_id: number | null;
  profile: string;
}

export interface CoreBankingRows {
  customers: CifCustomerRow[];
  addresses: CifAddressRow[];
  accounts: DepositAccountRow[];
  consents: CifConsentRow[];
}

export interface CardsRows {
  cardholders: CardholderRow[];
  cards: CardRow[];
}

export interface LoansRows {
  borrowers: BorrowerRow[];
  loans: LoanRow[];
  parties: LoanPartyRow[];
  schedules: RepaymentRow[];
}

/** Everything one generation run produces. */
export interface GeneratedSample {
  customers: number;
  seed: number | string;
  /** the instant the sample was generated "at", ISO 8601 */
  now: string;
  persons: Person[];
  coreBanking: CoreBankingRows;
  cards: CardsRows;
  loans: LoansRows;
  /** one row per source row written: which person it is */
  truth: SourcePersonRow[];
}

export interface Column<R> {
  name: keyof R & string;
  /** element type for `unnest($n::<type>[])` */
  type: 'text' | 'bigint' | 'integer' | 'smallint' | 'date' | 'timestamptz' | 'numeric' | 'boolean' | 'jsonb';
}

export interface TableSpec<R> {
  table: string;
  columns: readonly Column<R>[];
}

function spec<R>(table: string, columns: Record<keyof R & string, Column<R>['type']>): TableSpec<R> {
  return { table, columns: Object.entries(columns).map(([name, type]) => ({ name, type }) as Column<R>) };
}

export const TABLES = {
  cifCustomer: spec<CifCustomerRow>('cif_customer', {
    cif_no: 'text', cust_name: 'text', cust_name_en: 'text', id_type: 'text', id_no: 'text', birth_dt: 'date', gender: 'text',
    mobile_no: 'text', email: 'text', open_dt: 'date', status: 'text', last_maint_ts: 'timestamptz',
  }),
  cifAddress: spec<CifAddressRow>('cif_address', {
    cif_no: 'text', addr_seq: 'smallint', addr_type: 'text', line1: 'text', line2: 'text', city: 'text', province: 'text', postcode: 'text', country: 'text',
  }),
  cifConsent: spec<CifConsentRow>('cif_consent', {
    cif_no: 'text', purpose_code: 'text', status: 'text', signed_on: 'date', channel: 'text', expires_on: 'date',
  }),
  depositAccount: spec<DepositAccountRow>('deposit_account', {
    acct_no: 'text', cif_no: 'text', product_code: 'text', currency: 'text', balance: 'numeric', opened_dt: 'date', last_txn_dt: 'date', status: 'text',
  }),
  cardholder: spec<CardholderRow>('cardholder', { holder_id: 'text', full_name: 'text', profile: 'text', status: 'text', updated_at: 'timestamptz' }),
  card: spec<CardRow>('card', {
    card_id: 'text', holder_id: 'text', product: 'text', masked_pan: 'text', currency: 'text', credit_limit: 'numeric', balance: 'numeric',
    status: 'text', opened_at: 'date', last_txn_at: 'date',
  }),
  borrower: spec<BorrowerRow>('borrower', {
    borrower_id: 'bigint', first_name: 'text', last_name: 'text', name_local: 'text', dob_text: 'text', national_id: 'text', phone: 'text',
    email: 'text', addr_text: 'text', updated_at: 'timestamptz', is_deleted: 'boolean',
  }),
  loan: spec<LoanRow>('loan', {
    loan_id: 'bigint', product: 'text', currency: 'text', principal: 'numeric', outstanding: 'numeric', interest_rate: 'numeric',
    start_date: 'date', maturity_date: 'date', days_past_due: 'integer', status: 'text', updated_at: 'timestamptz',
  }),
  loanParty: spec<LoanPartyRow>('loan_party', { loan_id: 'bigint', borrower_id: 'bigint', role: 'text' }),
  repaymentSchedule: spec<RepaymentRow>('repayment_schedule', { loan_id: 'bigint', seq: 'integer', due_date: 'date', amount_due: 'numeric', amount_paid: 'numeric' }),
  sourcePerson: spec<SourcePersonRow>('source_person', { system: 'text', source_key: 'text', person_id: 'bigint', planted: 'jsonb' }),
  person: spec<PersonRow>('person', { person_id: 'bigint', household_id: 'bigint', profile: 'jsonb' }),
} as const;

/** The truth row of a person: its profile as JSON text. */
export function personRow(person: Person): PersonRow {
  return { person_id: person.id, household_id: person.householdId, profile: JSON.stringify(person) };
}
