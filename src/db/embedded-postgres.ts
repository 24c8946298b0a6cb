/**
 * Embedded PostgreSQL for the zero-setup default: PGlite (PostgreSQL compiled to WASM, running
 * in this process) served on a local TCP port, so `pg`, MikroORM and BullMQ connect to it exactly
 * as to a real server and the same code runs on both. Data persists in `dataDir`.
 */
import { mkdirSync } from 'node:fs';
import { SessionAffineQueue } from './session-affine-queue.js';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, port: number, host = '127.0.0.1'): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(dataDir);
  // Several pools share the one PGlite backend (ORM, queue pool, queue LISTEN client); our
  // queue hands the session to one connection per query or transaction (see its module).
  const server = new PGLiteSocketServer({ db, port, host, maxConnections: 64 });
  (server as unknown as { queryQueue: SessionAffineQueue }).queryQueue = new SessionAffineQueue(db);
  await server.start();
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
