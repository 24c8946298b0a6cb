/**
 * Embedded PostgreSQL serves several pools over one PGlite session. Concurrent parameterized
 * queries from different connections must each get their own answer (electric-sql/pglite#1046:
 * the socket's own queue let their Parse/Bind messages interleave).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';

const dataDir = mkdtempSync(join(tmpdir(), 'hub-embedded-pg-'));
let pg: EmbeddedPostgres;
let pools: Pool[] = [];

beforeAll(async () => {
  pg = await startEmbeddedPostgres(dataDir, 20000 + Math.floor(Math.random() * 20000));
  pools = [0, 1, 2].map(() => new Pool({ connectionString: pg.url, max: 4 }));
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('answers concurrent extended-protocol queries from many connections each with its own result', async () => {
  const clients = await Promise.all(pools.map((p) => Promise.all([p.connect(), p.connect()])));
  await pools[0].query('CREATE TABLE t_concurrent (n int)');
  const failures: string[] = [];
  await Promise.all(
    clients.flat().map(async (client, c) => {
      try {
        for (let i = 0; i < 100; i++) {
          const arity = 1 + ((c + i) % 5);
          const numbers = Array.from({ length: arity }, (_, k) => c * 1000 + i + k);
          // A long value splits a message across socket reads, and a write makes PGlite sync to
          // disk: the two openings where another connection's messages got in between.
          const padding = c % 2 === 0 ? 'x'.repeat(200_000) : '';
          const terms = numbers.map((_, k) => `$${k + 1}::int`).join(' + ');
          const sql = `WITH w AS (INSERT INTO t_concurrent VALUES ($1) RETURNING n) SELECT ${terms} + length($${arity + 1}) * 0 AS total FROM w`;
          try {
            const { rows } = await client.query(sql, [...numbers, padding]);
            const expected = numbers.reduce((a, b) => a + b, 0);
            if (rows[0].total !== expected) failures.push(`client ${c} query ${i}: ${rows[0].total} instead of ${expected}`);
          } catch (err) {
            failures.push(`client ${c} query ${i}: ${(err as Error).message}`);
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  expect(failures).toEqual([]);
}, 120_000);

it('keeps a transaction to its own connection while others query', async () => {
  const tx = await pools[0].connect();
  try {
    await tx.query('CREATE TABLE IF NOT EXISTS t_affinity (n int)');
    await tx.query('BEGIN');
    await tx.query('INSERT INTO t_affinity VALUES ($1)', [1]);
    const outside = pools[1].query('SELECT count(*)::int AS n FROM t_affinity WHERE n = $1', [1]);
    await tx.query('ROLLBACK');
    // the outside reader waited for the transaction and never saw its uncommitted row
    expect((await outside).rows[0].n).toBe(0);
  } finally {
    tx.release();
  }
});

it('delivers a NOTIFY to the connections that LISTEN on its channel, as a real server does', async () => {
  const [listener, other, producer] = await Promise.all(pools.map((p) => p.connect()));
  const got: string[] = [];
  try {
    listener.on('notification', (m) => got.push(`listener ${m.channel} ${m.payload}`));
    other.on('notification', (m) => got.push(`other ${m.channel} ${m.payload}`));
    producer.on('notification', (m) => got.push(`producer ${m.channel} ${m.payload}`));
    await listener.query('-- like BullMQ\nLISTEN wake_up;');
    await other.query('LISTEN "Other"');
    // parameterized, so it runs as Parse/Bind/Execute/Sync
    await producer.query('SELECT pg_notify($1, $2)', ['wake_up', 'q1']);
    await producer.query(`NOTIFY "Other", 'q2'`);
    for (let i = 0; i < 40 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(got.sort()).toEqual(['listener wake_up q1', 'other Other q2']);
  } finally {
    for (const c of [listener, other, producer]) {
      c.removeAllListeners('notification');
      c.release(true);
    }
  }
});
