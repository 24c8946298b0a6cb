/**
 * Writes generated rows into the sample schemas. On PostgreSQL it streams COPY text (no per-row
 * INSERT), one connection and one transaction per system plus one for the truth, in parallel.
 * Embedded PostgreSQL (PGlite behind its socket server) does not speak COPY FROM STDIN, so there
 * the same rows go in as batched `INSERT … SELECT FROM unnest(arrays)` on one connection.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { assertSampleSchemas, type SampleSchemas } from '../setup.js';
import { copyChunks } from './copy-text.js';
import type { Person } from './person.js';
import { TABLES, personRow, type CardsRows, type CoreBankingRows, type LoansRows, type SourcePersonRow, type TableSpec } from './rows.js';

export type WriteMethod = 'auto' | 'copy' | 'insert';

export interface WriteSampleOptions {
  /** 'auto' (default): COPY, or batched INSERT when the server is PGlite */
  method?: WriteMethod;
}

/** Rows per table: what a sample holds, or what a write wrote. */
export interface SampleCounts {
  coreBanking: { customers: number; addresses: number; accounts: number; consents: number };
  cards: { cardholders: number; cards: number };
  loans: { borrowers: number; loans: number; parties: number; schedules: number };
  truth: { sourcePersons: number; persons: number };
}

/** Anything with persons, source rows and truth rows: a generated sample or an update's additions. */
export interface SampleRowsToWrite {
  persons: readonly Person[];
  coreBanking: CoreBankingRows;
  cards: CardsRows;
  loans: LoansRows;
  truth: readonly SourcePersonRow[];
}

export function countSample(sample: SampleRowsToWrite): SampleCounts {
  return {
    coreBanking: {
      customers: sample.coreBanking.customers.length,
      addresses: sample.coreBanking.addresses.length,
      accounts: sample.coreBanking.accounts.length,
      consents: sample.coreBanking.consents.length,
    },
    cards: { cardholders: sample.cards.cardholders.length, cards: sample.cards.cards.length },
    loans: { borrowers: sample.loans.borrowers.length, loans: sample.loans.loans.length, parties: sample.loans.parties.length, schedules: sample.loans.schedules.length },
    truth: { sourcePersons: sample.truth.length, persons: sample.persons.length },
  };
}

const INSERT_BATCH = 5000;

/** Appends rows to one table; returns the number written. */
export async function writeRows<R>(client: PoolClient, schema: string, spec: TableSpec<R>, rows: readonly R[], method: 'copy' | 'insert'): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = spec.columns.map((c) => c.name).join(', ');
  if (method === 'copy') {
    const stream = client.query(copyFrom(`COPY ${schema}.${spec.table} (${columns}) FROM STDIN`));
    await pipeline(Readable.from(copyChunks(spec, rows)), stream);
    return stream.rowCount;
  }
  const arrays = spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const sql = `INSERT INTO ${schema}.${spec.table} (${columns}) SELECT * FROM unnest(${arrays})`;
  let written = 0;
  for (let at = 0; at < rows.length; at += INSERT_BATCH) {
    const batch = rows.slice(at, at + INSERT_BATCH);
    const params = spec.columns.map((c) => batch.map((row) => row[c.name]));
    written += (await client.query(sql, params)).rowCount ?? 0;
  }
  return written;
}

type Part = keyof SampleCounts;
const PARTS: readonly Part[] = ['coreBanking', 'cards', 'loans', 'truth'];

async function writePart(client: PoolClient, schemas: SampleSchemas, rows: SampleRowsToWrite, part: Part, method: 'copy' | 'insert', counts: SampleCounts): Promise<void> {
  switch (part) {
    case 'coreBanking': {
      const s = schemas.coreBanking;
      counts.coreBanking.customers = await writeRows(client, s, TABLES.cifCustomer, rows.coreBanking.customers, method);
      counts.coreBanking.addresses = await writeRows(client, s, TABLES.cifAddress, rows.coreBanking.addresses, method);
      counts.coreBanking.accounts = await writeRows(client, s, TABLES.depositAccount, rows.coreBanking.accounts, method);
      counts.coreBanking.consents = await writeRows(client, s, TABLES.cifConsent, rows.coreBanking.consents, method);
      return;
    }
    case 'cards': {
      const s = schemas.cards;
      counts.cards.cardholders = await writeRows(client, s, TABLES.cardholder, rows.cards.cardholders, method);
      counts.cards.cards = await writeRows(client, s, TABLES.card, rows.cards.cards, method);
      return;
    }
    case 'loans': {
      const s = schemas.loans;
      counts.loans.borrowers = await writeRows(client, s, TABLES.borrower, rows.loans.borrowers, method);
      counts.loans.loans = await writeRows(client, s, TABLES.loan, rows.loans.loans, method);
      counts.loans.parties = await writeRows(client, s, TABLES.loanParty, rows.loans.parties, method);
      counts.loans.schedules = await writeRows(client, s, TABLES.repaymentSchedule, rows.loans.schedules, method);
      return;
    }
    case 'truth': {
      const s = schemas.truth;
      counts.truth.sourcePersons = await writeRows(client, s, TABLES.sourcePerson, rows.truth, method);
      counts.truth.persons = await writeRows(client, s, TABLES.person, rows.persons.map(personRow), method);
      return;
    }
  }
}

function emptyCounts(): SampleCounts {
  return {
    coreBanking: { customers: 0, addresses: 0, accounts: 0, consents: 0 },
    cards: { cardholders: 0, cards: 0 },
    loans: { borrowers: 0, loans: 0, parties: 0, schedules: 0 },
    truth: { sourcePersons: 0, persons: 0 },
  };
}

/** 'copy' or 'insert' for this server. */
export async function resolveWriteMethod(client: Pick<PoolClient, 'query'>, method: WriteMethod = 'auto'): Promise<'copy' | 'insert'> {
  if (method !== 'auto') return method;
  const { rows } = await client.query<{ version: string }>('SELECT version() AS version');
  return /PGlite/i.test(rows[0]?.version ?? '') ? 'insert' : 'copy';
}

/** Writes all rows on one client, in the caller's transaction. */
export async function writeSampleRows(client: PoolClient, schemas: SampleSchemas, rows: SampleRowsToWrite, method: 'copy' | 'insert'): Promise<SampleCounts> {
  const counts = emptyCounts();
  for (const part of PARTS) await writePart(client, schemas, rows, part, method, counts);
  return counts;
}

async function inTransaction(pool: Pool, work: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // a sample can be regenerated: no need to wait for the WAL flush at commit
    await client.query('SET LOCAL synchronous_commit = off');
    await work(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Writes a generated sample into empty sample schemas (see createSampleSchemas) and returns the
 * rows written per table. With COPY each system and the truth go in their own transaction, in
 * parallel (up to four pool connections); with INSERT everything is one transaction.
 */
export async function writeSample(pool: Pool, schemas: SampleSchemas, sample: SampleRowsToWrite, options: WriteSampleOptions = {}): Promise<SampleCounts> {
  assertSampleSchemas(schemas);
  const probe = await pool.connect();
  let method: 'copy' | 'insert';
  try {
    method = await resolveWriteMethod(probe, options.method);
  } finally {
    probe.release();
  }
  const counts = emptyCounts();
  if (method === 'insert') {
    await inTransaction(pool, async (client) => {
      Object.assign(counts, await writeSampleRows(client, schemas, sample, method));
    });
    return counts;
  }
  const results = await Promise.allSettled(PARTS.map((part) => inTransaction(pool, (client) => writePart(client, schemas, sample, part, method, counts))));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return counts;
}
