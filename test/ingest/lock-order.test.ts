/**
 * Issue I, item 10: ingest locks the `source_record` rows of a page in id order before updating
 * them — the order matching keeps too — so it never deadlocks with another writer of those rows.
 * A page PostgreSQL still rolls back for a deadlock is written again, with a warning in the log
 * that names no value.
 */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { initOrm } from '../../src/orm';
import { IngestService } from '../../src/ingest/ingest.service';
import { SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
let orm: MikroORM;
const warn = jest.fn();
let ingest: IngestService;
let a: { id: string; key: string };
let b: { id: string; key: string };

beforeAll(async () => {
  hub = await startSampleHub('lock_order', 30);
  // Ingest's connections look for a deadlock after 10 s of waiting, the other writer's after 60 s:
  // when there is a cycle, ingest is the one PostgreSQL rolls back.
  await hub.orm.em.fork().execute(`ALTER DATABASE ${hub.db.name} SET deadlock_timeout = '10s'`);
  orm = await initOrm(hub.db.url, { poolMax: 2 });
  ingest = new IngestService(orm, { logger: { warn } });
  await ingest.sync(hub.connectors.get('loans')!, { pageSize: 500 });
  const rows = await orm.em.fork().execute<{ id: string; key: string }[]>(
    `SELECT id::text AS id, source_key AS key FROM source_record WHERE system = 'loans' ORDER BY id LIMIT 2`,
  );
  [a, b] = rows;
});
afterAll(async () => {
  await orm?.close();
  await hub?.close();
});

/** Changes both rows at the source, B (the higher id) first, so that the page carries B before A. */
async function changeBothBFirst(name: string): Promise<void> {
  const set = (key: string) =>
    hub.sources.query(`UPDATE ${SCHEMAS.loans}.borrower SET first_name = $2, updated_at = clock_timestamp() WHERE borrower_id = $1`, [key, name]);
  await set(b.key);
  await set(a.key);
}

async function otherWriter(): Promise<Client> {
  const client = new Client({ connectionString: hub.db.url });
  await client.connect();
  await client.query(`SET deadlock_timeout = '60s'`);
  await client.query('BEGIN');
  return client;
}

const lockRow = (client: Client, id: string) => client.query(`SELECT 1 FROM source_record WHERE id = $1 FOR UPDATE`, [id]);

/** Resolves once some other session of the test database waits for a lock. */
async function someoneWaits(client: Client): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const { rows } = await client.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (rows.length > 0) return;
    if (Date.now() > until) throw new Error('timed out waiting for a lock wait');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const givenNames = () =>
  orm.em.fork().execute<{ key: string; first_name: string }[]>(
    `SELECT source_key AS key, raw->>'first_name' AS first_name FROM source_record WHERE id IN (?, ?) ORDER BY id`,
    [a.id, b.id],
  );

describe('source_record row locks', () => {
  it('are taken in id order: a writer locking A then B (id order) meets no deadlock with a page carrying B before A', async () => {
    warn.mockClear();
    await changeBothBFirst('Firstround');
    const other = await otherWriter();
    try {
      await lockRow(other, a.id);
      const sync = ingest.sync(hub.connectors.get('loans')!, { pageSize: 50 });
      await someoneWaits(other);
      await lockRow(other, b.id); // ingest holds nothing while it waits for A
      await other.query('COMMIT');
      await expect(sync).resolves.toMatchObject({ rowsSeen: 2, rowsChanged: 2 });
    } finally {
      await other.end();
    }
    expect(await givenNames()).toEqual([
      { key: a.key, first_name: 'Firstround' },
      { key: b.key, first_name: 'Firstround' },
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a page rolled back for a deadlock is written again, with a warning that names no value', async () => {
    warn.mockClear();
    await changeBothBFirst('Secondround');
    const other = await otherWriter();
    try {
      await lockRow(other, b.id); // against the order: this writer makes the cycle
      const sync = ingest.sync(hub.connectors.get('loans')!, { pageSize: 50 });
      await someoneWaits(other); // ingest holds A and waits for B
      await lockRow(other, a.id); // returns once PostgreSQL has rolled ingest's page back
      await other.query('COMMIT');
      await expect(sync).resolves.toMatchObject({ rowsSeen: 2, rowsChanged: 2 });
    } finally {
      await other.end();
    }
    expect(await givenNames()).toEqual([
      { key: a.key, first_name: 'Secondround' },
      { key: b.key, first_name: 'Secondround' },
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields, message] = warn.mock.calls[0];
    expect(fields).toEqual({ event: 'ingest_page_retried', system: 'loans', sqlState: '40P01', attempt: 1, rows: 2 });
    expect(message).toMatch(/deadlock/);
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/Secondround|Firstround/);
  });
});
