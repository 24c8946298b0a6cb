/**
 * Issue I, item 4: errors that leave an ingest job — the connector's `lastError` (shown by
 * `sourceSystems`), the error the queue keeps — name the system and the failure, never the
 * values of the page being written. A database error raised through MikroORM carries the
 * statement with the page's rows inlined; here a page write is cancelled while it waits for a row
 * lock, which is such an error.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { IngestService } from '../../src/ingest/ingest.service';
import { describeError } from '../../src/observability/safe-error';
import { SCHEMAS, startSampleHub, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
let ingest: IngestService;

beforeAll(async () => {
  hub = await startSampleHub('sync_errors', 30);
  ingest = new IngestService(hub.orm);
  await ingest.sync(hub.connectors.get('loans')!, { pageSize: 500 });
});
afterAll(() => hub?.close());

const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);

async function waitFor<T>(find: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a failed page', () => {
  it("leaves no personal value in lastError or in the job's error, only the system, the PostgreSQL code and a value-free message", async () => {
    const changed = await hub.sources.query<{ borrower_id: string }>(
      `UPDATE ${SCHEMAS.loans}.borrower SET first_name = 'Secretgiven', email = 'secret.person' || borrower_id || '@example.com',
              phone = '1399999' || lpad((borrower_id % 10000)::text, 4, '0'), updated_at = now()
        WHERE borrower_id IN (SELECT borrower_id FROM ${SCHEMAS.loans}.borrower ORDER BY borrower_id LIMIT 5)
        RETURNING borrower_id::text`,
    );
    const keys = changed.rows.map((r) => r.borrower_id);
    const blocker = new Client({ connectionString: hub.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM source_record WHERE system = 'loans' AND source_key = $1 FOR UPDATE`, [keys[2]]);
      const sync = ingest.sync(hub.connectors.get('loans')!, { pageSize: 100 }).then(
        () => null,
        (err: Error) => err,
      );
      const pid = await waitFor(async () => {
        const { rows } = await blocker.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        return rows[0]?.pid;
      });
      await blocker.query('SELECT pg_cancel_backend($1)', [pid]);
      const err = await sync;
      expect(err).toBeInstanceOf(Error);

      const [state] = await sql<{ status: string; last_error: string }>(`SELECT status, last_error FROM connector_state WHERE system = 'loans'`);
      expect(state.status).toBe('FAILED');
      expect(state.last_error).toBe('loans: sync failed: PostgreSQL 57014: canceling statement due to user request');
      for (const text of [state.last_error, err!.message, err!.stack ?? '']) {
        for (const value of ['Secretgiven', 'secret.person', '1399999', 'example.com', ...keys.map((k) => `"${k}"`)]) expect(text).not.toContain(value);
      }
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
    // and the next sync recovers
    await ingest.sync(hub.connectors.get('loans')!, { pageSize: 100 });
    const [after] = await sql<{ status: string; last_error: string | null }>(`SELECT status, last_error FROM connector_state WHERE system = 'loans'`);
    expect(after).toEqual({ status: 'IDLE', last_error: null });
  });
});

describe('describeError', () => {
  it.each<[string, string, unknown[], string]>([
    ['a JSON NUL escape', 'SELECT ?::jsonb', [JSON.stringify({ email: 'wei\u0000@example.com', name: 'Zhang - Wei' })], 'PostgreSQL 22P05: unsupported Unicode escape sequence'],
    ['a bad date (value quoted in the message)', 'SELECT ?::date', ['1990-13-45 Zhang Wei'], 'PostgreSQL 22007: invalid input syntax for type date'],
    ['a division by zero next to a value', `SELECT 1/0 WHERE ? = 'x'`, ['Zhang Wei 13812345678'], 'PostgreSQL 22012: data exception'],
  ])('keeps the code and a message without values: %s', async (_label, query, params, expected) => {
    const err = await hub.orm.em.fork().execute(query, params).then(() => null, (e: unknown) => e);
    expect(describeError(err)).toBe(expected);
  });
});
