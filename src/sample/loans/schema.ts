/**
 * Loans sample system: borrowers, loans (outstanding, days past due), co-borrowers through
 * `loan_party`, and a repayment schedule. Shaped like a separately bought loan platform:
 * first/last name columns plus an optional local-script name, DOB as free TEXT in mixed formats
 * (ISO, DD/MM/YYYY, YYYYMMDD, DD-Mon-YY, 1985年3月12日), phones as keyed in, one address line.
 */
export function loansDdl(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.borrower (
  borrower_id  bigint PRIMARY KEY,
  first_name   text,                            -- given name (romanised for CJK people)
  last_name    text,                            -- family name
  name_local   text,                            -- '张伟' where known
  dob_text     text,                            -- mixed formats, day before month when slashed
  national_id  text,
  phone        text,
  email        text,
  addr_text    text,                            -- one line: '12 Jianguo Rd, Chaoyang, Beijing 100022'
  updated_at   timestamptz NOT NULL,
  is_deleted   boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS borrower_updated_idx ON ${schema}.borrower (updated_at, borrower_id);
CREATE TABLE IF NOT EXISTS ${schema}.loan (
  loan_id        bigint PRIMARY KEY,
  product        text NOT NULL,                 -- 'MORTGAGE', 'PERSONAL', 'AUTO'
  currency       char(3) NOT NULL,
  principal      numeric(18,2) NOT NULL,
  outstanding    numeric(18,2) NOT NULL,
  interest_rate  numeric(6,4) NOT NULL,
  start_date     date NOT NULL,
  maturity_date  date NOT NULL,
  days_past_due  integer NOT NULL DEFAULT 0,
  status         text NOT NULL,                 -- 'CURRENT', 'DELINQUENT', 'CLOSED'
  updated_at     timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${schema}.loan_party (
  loan_id     bigint NOT NULL REFERENCES ${schema}.loan (loan_id),
  borrower_id bigint NOT NULL REFERENCES ${schema}.borrower (borrower_id),
  role        text NOT NULL,                    -- 'PRIMARY', 'CO_BORROWER'
  PRIMARY KEY (loan_id, borrower_id)
);
CREATE INDEX IF NOT EXISTS loan_party_borrower_idx ON ${schema}.loan_party (borrower_id);
CREATE TABLE IF NOT EXISTS ${schema}.repayment_schedule (
  loan_id     bigint NOT NULL REFERENCES ${schema}.loan (loan_id),
  seq         integer NOT NULL,
  due_date    date NOT NULL,
  amount_due  numeric(18,2) NOT NULL,
  amount_paid numeric(18,2) NOT NULL DEFAULT 0,
  PRIMARY KEY (loan_id, seq)
);
`;
}
