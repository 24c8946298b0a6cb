/**
 * Cards sample system storage. The hub never reads these tables: the cards system is reached
 * only through its HTTP JSON API (see ./README.md), as a real card processor would be.
 * `profile` is a JSON document kept as TEXT, as the processor stores it, so a corrupt one can
 * exist and must reach the hub's quarantine rather than be dropped.
 */
export function cardsDdl(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.cardholder (
  holder_id   text PRIMARY KEY,                 -- 'CH' + 8 digits
  full_name   text,                             -- 'Wei Zhang', 'John Smith', sometimes '张伟'
  profile     text NOT NULL,                    -- JSON: {dateOfBirth, phone, email, address{street,city,postalCode,country}, idDocument{type,number}}
  status      text NOT NULL,                    -- 'ACTIVE', 'CLOSED'
  updated_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS cardholder_updated_idx ON ${schema}.cardholder (updated_at, holder_id);
CREATE TABLE IF NOT EXISTS ${schema}.card (
  card_id      text PRIMARY KEY,
  holder_id    text NOT NULL REFERENCES ${schema}.cardholder (holder_id),
  product      text NOT NULL,                   -- 'UNIONPAY_GOLD', 'VISA_PLATINUM', ...
  masked_pan   text NOT NULL,                   -- '6222********1234'
  currency     char(3) NOT NULL,
  credit_limit numeric(18,2) NOT NULL,
  balance      numeric(18,2) NOT NULL,
  status       text NOT NULL,                   -- 'ACTIVE', 'BLOCKED', 'CLOSED'
  opened_at    date NOT NULL,
  last_txn_at  date
);
CREATE INDEX IF NOT EXISTS card_holder_idx ON ${schema}.card (holder_id);
`;
}
