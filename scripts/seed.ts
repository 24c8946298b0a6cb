/**
 * Fills the sample source systems (core banking, cards, loans) and the ground truth with
 * synthetic customers, or applies one round of changes to them for incremental sync.
 *
 *   npm run seed -- --customers 100000 --seed 42
 *   npm run seed -- --update --changes 500 --seed 7
 *   npm run seed -- --reset --customers 2000 --database-url postgres://postgres@127.0.0.1:5432/sources
 *
 * The database (default $SAMPLE_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/customer_hub_sources)
 * is created when missing.
 */
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { generateSample, updateSample, writeSample, type SampleCounts, type UpdateSampleResult } from '../src/sample/generator/index.js';
import { DEFAULT_SAMPLE_SCHEMAS, createSampleSchemas, dropSampleSchemas, isSampleSeeded } from '../src/sample/setup.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/customer_hub_sources';

const USAGE = `usage: npm run seed -- [--customers N] [--seed S] [--now ISO] [--reset] [--database-url URL]
       npm run seed -- --update [--changes K] [--seed S] [--now ISO] [--database-url URL]

  --customers N       persons to generate (default 2000)
  --seed S            integer seed; the same seed gives the same data (default 42)
  --now ISO           the instant the data is generated at or updated at
                      (default: 2026-01-01T00:00:00Z when seeding, the current time when updating)
  --reset             drop the sample schemas first (otherwise a seeded database is left alone)
  --update            change about K existing customers, add K/5, close K/10
  --changes K         size of an update (default 100)
  --database-url URL  default $SAMPLE_DATABASE_URL, else ${DEFAULT_DATABASE_URL}`;

class UsageError extends Error {}

interface SeedArgs {
  customers: number;
  seed: number;
  now: Date | undefined;
  reset: boolean;
  update: boolean;
  changes: number;
  databaseUrl: string;
}

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) throw new UsageError(`--${name} must be an integer >= ${min}`);
  return Number(value);
}

function parseSeedArgs(argv: string[]): SeedArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      reset: { type: 'boolean', default: false },
      update: { type: 'boolean', default: false },
      changes: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  if (values.update && values.reset) throw new UsageError('--update and --reset do not go together');
  if (values.update && values.customers !== undefined) throw new UsageError('--customers is for seeding; an update takes --changes');
  if (!values.update && values.changes !== undefined) throw new UsageError('--changes needs --update');
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO 8601 timestamp');
  }
  const databaseUrl = values['database-url'] ?? process.env.SAMPLE_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (!/^postgres(ql)?:\/\/.+/.test(databaseUrl)) throw new UsageError('the database URL must be a postgres:// URL');
  return {
    customers: integer('customers', values.customers, 2000, 0),
    seed: integer('seed', values.seed, 42, 0),
    now,
    reset: values.reset,
    update: values.update,
    changes: integer('changes', values.changes, 100, 0),
    databaseUrl,
  };
}

/** The database name in the URL, which `ensureDatabase` can create only when it is a plain identifier. */
function checkDatabaseName(url: string): void {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError('the database name in the URL must be a plain identifier');
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function printCounts(counts: SampleCounts): void {
  const c = counts.coreBanking;
  const k = counts.cards;
  const l = counts.loans;
  console.log(`core_banking  ${c.customers} customers, ${c.addresses} addresses, ${c.accounts} deposit accounts, ${c.consents} consent statements`);
  console.log(`cards         ${k.cardholders} cardholders, ${k.cards} cards`);
  console.log(`loans         ${l.borrowers} borrowers, ${l.loans} loans, ${l.parties} loan parties, ${l.schedules} schedule rows`);
  console.log(`truth         ${counts.truth.persons} persons, ${counts.truth.sourcePersons} source rows`);
}

function printUpdate(result: UpdateSampleResult): void {
  for (const [system, counts] of [['core_banking', result.coreBanking], ['cards', result.cards], ['loans', result.loans]] as const) {
    console.log(`${system.padEnd(13)} ${counts.changed} changed, ${counts.added} added, ${counts.deleted} closed`);
  }
  console.log(`truth         ${result.personsAdded} persons added; change timestamp ${result.at.toISOString()}`);
}

async function main(): Promise<void> {
  const args = parseSeedArgs(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  checkDatabaseName(args.databaseUrl);
  await ensureDatabase(args.databaseUrl);
  const pool = new Pool({ connectionString: args.databaseUrl, max: 4 });
  try {
    const schemas = DEFAULT_SAMPLE_SCHEMAS;
    if (args.reset) await dropSampleSchemas(pool, schemas);
    await createSampleSchemas(pool, schemas);
    const seeded = await isSampleSeeded(pool, schemas);
    if (args.update) {
      if (!seeded) throw new UsageError('the sample is not seeded yet: seed it first (without --update)');
      printUpdate(await updateSample(pool, schemas, { seed: args.seed, changes: args.changes, now: args.now }));
      console.log(`updated in ${seconds(Date.now() - started)}`);
      return;
    }
    if (seeded) throw new UsageError('the sample is already seeded: add --reset to replace it, or --update to change it');
    const generatedAt = Date.now();
    const sample = generateSample({ customers: args.customers, seed: args.seed, now: args.now });
    const writtenAt = Date.now();
    const counts = await writeSample(pool, schemas, sample);
    const done = Date.now();
    printCounts(counts);
    console.log(`${args.customers} persons, seed ${args.seed}: generated in ${seconds(writtenAt - generatedAt)}, written in ${seconds(done - writtenAt)}, ${seconds(done - started)} in all`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`seed: ${err.message}\n\n${USAGE}`);
  } else {
    const code = typeof err === 'object' && err !== null && 'code' in err ? ` (${String(err.code)})` : '';
    console.error(`seed failed: ${err instanceof Error && err.message ? err.message : String(err)}${code}`);
  }
  process.exit(1);
});
