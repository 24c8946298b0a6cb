/**
 * Starts the three sample source systems for the demo, as separate systems the connectors reach
 * by URL: core banking and loans in a PostgreSQL database of their own (not the hub's), cards
 * behind its own HTTP server. Seeds them on first start. A bank replaces all of this by setting
 * the connector URLs.
 */
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { ensureDatabase } from '../db/ensure-database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded-postgres.js';
import { startCardApiServer } from './cards/card-api.server.js';
import { generateSample, writeSample } from './generator/index.js';
import { createSampleSchemas, isSampleSeeded, type SampleSchemas } from './setup.js';

export interface SampleSystemsOptions {
  /** a PostgreSQL database for the sample systems; unset: embedded PostgreSQL in embeddedDataDir */
  databaseUrl?: string;
  embeddedDataDir: string;
  embeddedPort: number;
  cardsPort: number;
  schemas: SampleSchemas;
  customers: number;
  seed: number;
  logger: Logger;
}

export interface SampleSystems {
  databaseUrl: string;
  cardsApiUrl: string;
  close(): Promise<void>;
}

export async function startSampleSystems(o: SampleSystemsOptions): Promise<SampleSystems> {
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = o.databaseUrl;
  if (databaseUrl) {
    await ensureDatabase(databaseUrl);
  } else {
    embedded = await startEmbeddedPostgres(o.embeddedDataDir, o.embeddedPort);
    databaseUrl = embedded.url;
  }
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  try {
    await createSampleSchemas(pool, o.schemas);
    if (!(await isSampleSeeded(pool, o.schemas))) {
      const started = Date.now();
      await writeSample(pool, o.schemas, generateSample({ customers: o.customers, seed: o.seed }));
      o.logger.info({ customers: o.customers, seed: o.seed, ms: Date.now() - started }, 'sample systems seeded');
    }
    const cards = await startCardApiServer({ pool, schema: o.schemas.cards, port: o.cardsPort });
    return {
      databaseUrl,
      cardsApiUrl: cards.url,
      close: async () => {
        await cards.close();
        await pool.end();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await pool.end();
    await embedded?.stop();
    throw err;
  }
}
