/**
 * Creates the sample source systems' schemas (core banking, cards, loans) and the ground-truth
 * schema on one PostgreSQL database, and tells whether they hold data yet. The truth schema is
 * written by the generator and read by tests and benchmarks to measure matching quality; the
 * hub never reads it.
 */
import type { Pool } from 'pg';
import { cardsDdl } from './cards/schema.js';
import { coreBankingDdl } from './core-banking/schema.js';
import { loansDdl } from './loans/schema.js';

export interface SampleSchemas {
  coreBanking: string;
  cards: string;
  loans: string;
  truth: string;
}

export const DEFAULT_SAMPLE_SCHEMAS: Readonly<SampleSchemas> = Object.freeze({
  coreBanking: 'core_banking',
  cards: 'cards',
  loans: 'loans',
  truth: 'sample_truth',
});

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are spliced into SQL: only plain lower-case identifiers are accepted. */
export function assertSampleSchemas(schemas: SampleSchemas): void {
  for (const [role, name] of Object.entries(schemas)) {
    if (!IDENTIFIER.test(name)) throw new Error(`sample schema for ${role} must be a lower-case SQL identifier`);
  }
  if (new Set(Object.values(schemas)).size !== 4) throw new Error('the four sample schemas must have different names');
}

/**
 * Ground truth: which person each source row belongs to (`source_person`), and each person's
 * canonical profile (`person`: names, date of birth, ids, contacts, household) as generated.
 */
function truthDdl(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.source_person (
  system     text NOT NULL,                     -- 'core_banking', 'cards', 'loans'
  source_key text NOT NULL,                     -- cif_no, holder_id, borrower_id as text
  person_id  bigint NOT NULL,
  planted    jsonb NOT NULL DEFAULT '[]',       -- errors planted in the row (generator/noise.ts PlantedError)
  PRIMARY KEY (system, source_key)
);
ALTER TABLE ${schema}.source_person ADD COLUMN IF NOT EXISTS planted jsonb NOT NULL DEFAULT '[]';
CREATE INDEX IF NOT EXISTS source_person_person_idx ON ${schema}.source_person (person_id);
CREATE TABLE IF NOT EXISTS ${schema}.person (
  person_id    bigint PRIMARY KEY,
  household_id bigint,                          -- person id of the household's first member
  profile      jsonb NOT NULL
);
`;
}

/** Creates whatever of the four schemas is missing; safe to call on every start. */
export async function createSampleSchemas(pool: Pool, schemas: SampleSchemas = DEFAULT_SAMPLE_SCHEMAS): Promise<void> {
  assertSampleSchemas(schemas);
  await pool.query(coreBankingDdl(schemas.coreBanking));
  await pool.query(cardsDdl(schemas.cards));
  await pool.query(loansDdl(schemas.loans));
  await pool.query(truthDdl(schemas.truth));
}

/** True when any of the three systems holds a customer row. */
export async function isSampleSeeded(pool: Pool, schemas: SampleSchemas = DEFAULT_SAMPLE_SCHEMAS): Promise<boolean> {
  assertSampleSchemas(schemas);
  const tables = [`${schemas.coreBanking}.cif_customer`, `${schemas.cards}.cardholder`, `${schemas.loans}.borrower`];
  for (const table of tables) {
    const { rows } = await pool.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
    if (!rows[0]?.present) continue;
    const found = await pool.query(`SELECT 1 FROM ${table} LIMIT 1`);
    if ((found.rowCount ?? 0) > 0) return true;
  }
  return false;
}

/** Drops the four schemas and everything in them (seed --reset). */
export async function dropSampleSchemas(pool: Pool, schemas: SampleSchemas = DEFAULT_SAMPLE_SCHEMAS): Promise<void> {
  assertSampleSchemas(schemas);
  await pool.query(`DROP SCHEMA IF EXISTS ${schemas.coreBanking}, ${schemas.cards}, ${schemas.loans}, ${schemas.truth} CASCADE`);
}
