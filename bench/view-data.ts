/**
 * The customer view benchmark's data: a database holding the three sample source systems
 * (generated with N customers and a seed) and the hub's tables, ingested through the real
 * connectors and IngestService, batch-matched by BatchMatcher and segmented, as a hub would be
 * after its first start. Kept between runs: the size and seed it was made with are stored as
 * the database's comment once everything is done, and a database whose comment does not match
 * (or a half-made one, with no comment) is dropped and made again.
 */
import { Client, Pool } from 'pg';
import { createConnectors } from '../connectors/index.js';
import { SOURCE_SYSTEMS } from '../connectors/contract.js';
import { initOrm } from '../src/orm.js';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../src/golden/survivorship/survivorship-policy.js';
import { IngestService } from '../src/ingest/ingest.service.js';
import { DEFAULT_MATCH_SETTINGS } from '../src/matching/engine/index.js';
import { BatchMatcher } from '../src/matching/batch-match.service.js';
import { startCardApiServer } from '../src/sample/cards/card-api.server.js';
import { generateSample, writeSample } from '../src/sample/generator/index.js';
import { createSampleSchemas, type SampleSchemas } from '../src/sample/setup.js';
import { SegmentRuleService } from '../src/segments/segment-rule.service.js';
import { HoldingsGateway } from '../src/holdings/holdings.gateway.js';
import { SegmentationService } from '../src/segments/segmentation.service.js';

export const VIEW_SCHEMAS: SampleSchemas = { coreBanking: 'core_banking', cards: 'cards', loans: 'loans', truth: 'sample_truth' };
/** the sample systems' "today": their activity dates are generated around it, and segments computed as of it */
const SAMPLE_NOW = new Date('2026-01-01T00:00:00Z');
/** as INGEST_PAGE_SIZE's default */
const INGEST_PAGE_SIZE = 2000;

export interface ViewDataKey {
  customers: number;
  seed: number;
}

export interface ViewData {
  url: string;
  key: ViewDataKey;
  /** false when an existing database of the same size and seed was reused */
  preparedNow: boolean;
  stagesSeconds: Record<string, number>;
  counts: { sourceRows: number; records: number; activeGoldens: number; mergedGoldens: number };
}

const sec = (ms: number) => +(ms / 1000).toFixed(2);

export function databaseUrl(adminUrl: string, dbName: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

/** the database of this size and seed, made now unless it exists (or `fresh`) */
export async function prepareViewData(
  adminUrl: string,
  dbName: string,
  key: ViewDataKey,
  { fresh = false, log = (_: string) => {} } = {},
): Promise<ViewData> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const url = databaseUrl(adminUrl, dbName);
  try {
    const stamp = JSON.stringify(key);
    const { rows } = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [dbName],
    );
    const stagesSeconds: Record<string, number> = {};
    const preparedNow = fresh || rows[0]?.comment !== stamp;
    if (preparedNow) {
      log(`making ${dbName} (${key.customers} customers, seed ${key.seed})`);
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${dbName}`);
      Object.assign(stagesSeconds, await fill(url, key, log));
      await admin.query(`COMMENT ON DATABASE ${dbName} IS '${stamp}'`);
    } else {
      log(`reusing ${dbName} (${stamp}); --fresh makes it again`);
    }
    return { url, key, preparedNow, stagesSeconds, counts: await counts(url) };
  } finally {
    await admin.end();
  }
}

async function fill(url: string, key: ViewDataKey, log: (msg: string) => void): Promise<Record<string, number>> {
  const stages: Record<string, number> = {};
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const value = await fn();
    stages[stage] = sec(performance.now() - t);
    log(`${stage}: ${stages[stage]} s`);
    return value;
  };
  const sources = new Pool({ connectionString: url, max: 4 });
  const orm = await initOrm(url, { poolMax: 6 });
  const cards = await startCardApiServer({ pool: sources, schema: VIEW_SCHEMAS.cards, port: 0 });
  const connectors = createConnectors({
    core_banking: { databaseUrl: url, schema: VIEW_SCHEMAS.coreBanking },
    cards: { baseUrl: cards.url },
    loans: { databaseUrl: url, schema: VIEW_SCHEMAS.loans },
  });
  try {
    const sample = await timed('generate', async () => generateSample({ customers: key.customers, seed: key.seed, now: SAMPLE_NOW }));
    await timed('writeSources', async () => {
      await createSampleSchemas(sources, VIEW_SCHEMAS);
      await writeSample(sources, VIEW_SCHEMAS, sample);
    });
    // three syncs at once, as three ingest workers run them
    const ingest = new IngestService(orm);
    await timed('ingest', () => Promise.all(SOURCE_SYSTEMS.map((s) => ingest.sync(connectors.get(s)!, { pageSize: INGEST_PAGE_SIZE }))));
    await timed('batchMatch', () => new BatchMatcher(orm, { match: DEFAULT_MATCH_SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY }).run());
    await timed('segment', () => new SegmentationService(orm, new HoldingsGateway(connectors, 60_000), new SegmentRuleService(orm), { clock: () => SAMPLE_NOW }).segmentAll());
    await timed('analyze', () => orm.em.fork().execute('ANALYZE'));
    return stages;
  } finally {
    await Promise.all([...connectors.values()].map((c) => c.close()));
    await cards.close();
    await orm.close();
    await sources.end();
  }
}

async function counts(url: string): Promise<ViewData['counts']> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM ${VIEW_SCHEMAS.coreBanking}.cif_customer) + (SELECT count(*) FROM ${VIEW_SCHEMAS.cards}.cardholder)
                + (SELECT count(*) FROM ${VIEW_SCHEMAS.loans}.borrower) AS source_rows,
              (SELECT count(*) FROM source_record WHERE NOT deleted) AS records,
              (SELECT count(*) FROM golden_customer WHERE status = 'ACTIVE') AS active,
              (SELECT count(*) FROM golden_customer WHERE status = 'MERGED') AS merged`,
    );
    const r = rows[0];
    return { sourceRows: Number(r.source_rows), records: Number(r.records), activeGoldens: Number(r.active), mergedGoldens: Number(r.merged) };
  } finally {
    await client.end();
  }
}

/** `n` ACTIVE golden ids in an order fixed by the seed (the same ids for every phase of a run) */
export async function sampleActiveIds(url: string, n: number, seed: number): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM golden_customer WHERE status = 'ACTIVE' ORDER BY md5(id::text || $1) LIMIT $2`,
      [String(seed), n],
    );
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}
