/**
 * A hub database with the three sample systems beside it, for tests that follow rows from the
 * sources into the hub: a fresh database per test file holding the hub tables (public) and the
 * sample schemas, seeded by the real generator, with the cards API on a random port and the
 * three real connectors.
 */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { createConnectors } from '../../connectors/index';
import type { Connector, SourceSystem } from '../../connectors/contract';
import { initOrm } from '../../src/orm';
import { startCardApiServer } from '../../src/sample/cards/card-api.server';
import { generateSample, writeSample } from '../../src/sample/generator/index';
import { createSampleSchemas, type SampleSchemas } from '../../src/sample/setup';
import { createTestDatabase, type TestDatabase } from './database';

export const SCHEMAS: SampleSchemas = { coreBanking: 'core_banking', cards: 'cards', loans: 'loans', truth: 'sample_truth' };

export interface SampleHub {
  db: TestDatabase;
  orm: MikroORM;
  sources: Pool;
  cardsApiUrl: string;
  connectors: Map<SourceSystem, Connector>;
  /** rows per system in the sources, as the source systems count them */
  sourceRowCounts(): Promise<Record<SourceSystem, number>>;
  close(): Promise<void>;
}

export async function startSampleHub(label: string, customers: number, seed = 7): Promise<SampleHub> {
  const db = await createTestDatabase(label);
  const sources = new Pool({ connectionString: db.url, max: 4 });
  await createSampleSchemas(sources, SCHEMAS);
  await writeSample(sources, SCHEMAS, generateSample({ customers, seed, now: new Date('2026-01-01T00:00:00Z') }));
  const cards = await startCardApiServer({ pool: sources, schema: SCHEMAS.cards, port: 0 });
  const orm = await initOrm(db.url, { poolMax: 4 });
  const connectors = createConnectors({
    core_banking: { databaseUrl: db.url, schema: SCHEMAS.coreBanking },
    cards: { baseUrl: cards.url },
    loans: { databaseUrl: db.url, schema: SCHEMAS.loans },
  });
  return {
    db,
    orm,
    sources,
    cardsApiUrl: cards.url,
    connectors,
    sourceRowCounts: async () => {
      const q = async (sql: string) => Number((await sources.query(sql)).rows[0].n);
      return {
        core_banking: await q(`SELECT count(*) AS n FROM ${SCHEMAS.coreBanking}.cif_customer`),
        cards: await q(`SELECT count(*) AS n FROM ${SCHEMAS.cards}.cardholder`),
        loans: await q(`SELECT count(*) AS n FROM ${SCHEMAS.loans}.borrower`),
      };
    },
    close: async () => {
      await Promise.all([...connectors.values()].map((c) => c.close()));
      await cards.close();
      await orm.close();
      await sources.end();
      await db.drop();
    },
  };
}

/** Rows of the hub per system: stored records and open quarantine entries (distinct keys). */
export async function hubCounts(orm: MikroORM, system: SourceSystem) {
  const [r] = await orm.em.fork().execute<{ records: number; quarantined: number; quarantined_keys: number }[]>(
    `SELECT (SELECT count(*) FROM source_record WHERE system = ?)::int AS records,
            (SELECT count(*) FROM quarantined_row WHERE system = ? AND resolved_at IS NULL)::int AS quarantined,
            (SELECT count(DISTINCT coalesce(source_key, raw_hash)) FROM quarantined_row
               WHERE system = ? AND resolved_at IS NULL
                 AND (source_key IS NULL OR source_key NOT IN (SELECT source_key FROM source_record WHERE system = ?)))::int AS quarantined_keys`,
    [system, system, system, system],
  );
  return r;
}
