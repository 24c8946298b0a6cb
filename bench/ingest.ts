/**
 * Ingest benchmark: N customers from the three sample systems into the hub through the real
 * connectors and IngestService (three syncs at once, as three workers would run), compared in
 * the same run with PostgreSQL COPY of the same rows into the same table.
 *
 *   npm run bench:ingest -- --customers 100000 [--page-size 5000]
 *
 * Uses the local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * and a scratch database it drops at the end.
 */
import 'reflect-metadata';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Client, Pool } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createConnectors } from '../connectors/index.js';
import { SOURCE_SYSTEMS } from '../connectors/contract.js';
import { initOrm } from '../src/orm.js';
import { IngestService, type SyncResult } from '../src/ingest/ingest.service.js';
import { startCardApiServer } from '../src/sample/cards/card-api.server.js';
import { generateSample, writeSample } from '../src/sample/generator/index.js';
import { createSampleSchemas } from '../src/sample/setup.js';
import { BENCH_ADMIN_URL, machineDescription } from './machine.js';

const SCHEMAS = { coreBanking: 'core_banking', cards: 'cards', loans: 'loans', truth: 'sample_truth' };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { customers: { type: 'string', default: '100000' }, 'page-size': { type: 'string', default: '5000' } },
  });
  const customers = Number(values.customers);
  const pageSize = Number(values['page-size']);
  const admin = BENCH_ADMIN_URL;
  const dbName = 'hub_bench_ingest';
  const adminClient = new Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await adminClient.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();

  const sources = new Pool({ connectionString: dbUrl, max: 4 });
  let t = performance.now();
  await createSampleSchemas(sources, SCHEMAS);
  await writeSample(sources, SCHEMAS, generateSample({ customers, seed: 1 }));
  const seedMs = performance.now() - t;

  const cards = await startCardApiServer({ pool: sources, schema: SCHEMAS.cards, port: 0 });
  const orm = await initOrm(dbUrl, { poolMax: 6 });
  const connectors = createConnectors({
    core_banking: { databaseUrl: dbUrl, schema: SCHEMAS.coreBanking },
    cards: { baseUrl: cards.url },
    loans: { databaseUrl: dbUrl, schema: SCHEMAS.loans },
  });
  const ingest = new IngestService(orm);
  const heapBefore = process.memoryUsage().rss;
  t = performance.now();
  const results: SyncResult[] = await Promise.all(SOURCE_SYSTEMS.map((s) => ingest.sync(connectors.get(s)!, { pageSize })));
  const ingestMs = performance.now() - t;
  const rows = results.reduce((n, r) => n + r.rowsSeen, 0);
  const stored = results.reduce((n, r) => n + r.rowsChanged, 0);

  // COPY of the same rows into the same table (same indexes and constraints), from a dump taken
  // now; the dump is read into memory first so only the load is timed.
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  const chunks: Buffer[] = [];
  const out = client.query(copyTo(`COPY source_record TO STDOUT`));
  for await (const chunk of out) chunks.push(chunk as Buffer);
  await client.query(`TRUNCATE source_consent, source_record`);
  t = performance.now();
  await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY source_record FROM STDIN`)));
  const copyMs = performance.now() - t;
  const [{ n: copied }] = (await client.query(`SELECT count(*)::int AS n FROM source_record`)).rows;
  await client.end();

  const ingestRate = rows / (ingestMs / 1000);
  const copyRate = copied / (copyMs / 1000);
  const report = {
    customers,
    pageSize,
    machine: machineDescription(),
    seedSeconds: +(seedMs / 1000).toFixed(1),
    sourceRows: rows,
    storedRecords: stored,
    quarantined: results.reduce((n, r) => n + r.rowsQuarantined, 0),
    ingestSeconds: +(ingestMs / 1000).toFixed(2),
    ingestRowsPerSecond: Math.round(ingestRate),
    copyRows: copied,
    copySeconds: +(copyMs / 1000).toFixed(2),
    copyRowsPerSecond: Math.round(copyRate),
    ingestVsCopy: +(ingestRate / copyRate).toFixed(2),
    rssGrowthMiB: Math.round((process.memoryUsage().rss - heapBefore) / 2 ** 20),
    perConnector: results.map((r) => ({
      system: r.system,
      rows: r.rowsSeen,
      pages: r.pages,
      pullSeconds: +(r.timings.pullMs / 1000).toFixed(2),
      prepareSeconds: +(r.timings.prepareMs / 1000).toFixed(2),
      writeSeconds: +(r.timings.writeMs / 1000).toFixed(2),
    })),
  };
  console.log(JSON.stringify(report, null, 2));

  await Promise.all([...connectors.values()].map((c) => c.close()));
  await cards.close();
  await orm.close();
  await sources.end();
  await adminClient.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await adminClient.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
