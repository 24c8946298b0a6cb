/**
 * Core banking sample system: a CIF (customer information file) with addresses and deposit
 * accounts, shaped like a legacy core: upper-case "FAMILY, GIVEN" Latin names, CJK names in
 * native script, DOB as a real DATE, national id, one maintenance timestamp per customer
 * (`last_maint_ts`, bumped whenever the customer, one of its addresses or its consents change) and
 * the customer's current marketing consent statement (`cif_consent`).
 */
export function coreBankingDdl(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.cif_customer (
  cif_no        varchar(12) PRIMARY KEY,        -- 'C' + 10 digits
  cust_name     varchar(200),                   -- 'SMITH, JOHN' or '张伟'
  cust_name_en  varchar(200),                   -- romanised 'ZHANG, WEI' for CJK names, may be null
  id_type       char(2),                        -- '01' resident id, '02' passport, '99' other
  id_no         varchar(32),
  birth_dt      date,
  gender        char(1),                        -- 'M' / 'F'
  mobile_no     varchar(32),                    -- digits as keyed in: '13812345678', '+8613812345678'
  email         varchar(200),
  open_dt       date NOT NULL,
  status        char(1) NOT NULL DEFAULT 'A',   -- 'A' active, 'C' closed (the hub treats C as deleted)
  last_maint_ts timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS cif_customer_maint_idx ON ${schema}.cif_customer (last_maint_ts, cif_no);
CREATE TABLE IF NOT EXISTS ${schema}.cif_address (
  cif_no    varchar(12) NOT NULL REFERENCES ${schema}.cif_customer (cif_no),
  addr_seq  smallint NOT NULL,
  addr_type varchar(8) NOT NULL,                -- 'HOME', 'MAIL', 'WORK'
  line1     varchar(200),
  line2     varchar(200),
  city      varchar(80),
  province  varchar(80),
  postcode  varchar(16),
  country   char(2),
  PRIMARY KEY (cif_no, addr_seq)
);
-- The customer's current statement per purpose, as the branch or a channel keyed it; a new
-- statement overwrites the row and bumps the customer's last_maint_ts. No row: never asked.
CREATE TABLE IF NOT EXISTS ${schema}.cif_consent (
  cif_no       varchar(12) NOT NULL REFERENCES ${schema}.cif_customer (cif_no),
  purpose_code varchar(4) NOT NULL,             -- 'MKT' marketing (direct marketing, profiling for offers)
  status       char(1),                         -- 'Y' given, 'N' refused, 'W' withdrawn
  signed_on    date,                            -- the day the customer signed or clicked
  channel      varchar(4),                      -- 'BR' branch, 'MB' mobile app, 'IB' internet banking, 'CC' call centre
  expires_on   date,                            -- null: until withdrawn
  PRIMARY KEY (cif_no, purpose_code)
);
CREATE TABLE IF NOT EXISTS ${schema}.deposit_account (
  acct_no      varchar(20) PRIMARY KEY,
  cif_no       varchar(12) NOT NULL REFERENCES ${schema}.cif_customer (cif_no),
  product_code varchar(8) NOT NULL,             -- 'SAV', 'CUR', 'TD'
  currency     char(3) NOT NULL,
  balance      numeric(18,2) NOT NULL,
  opened_dt    date NOT NULL,
  last_txn_dt  date,
  status       char(1) NOT NULL DEFAULT 'A'
);
CREATE INDEX IF NOT EXISTS deposit_account_cif_idx ON ${schema}.deposit_account (cif_no);
`;
}
