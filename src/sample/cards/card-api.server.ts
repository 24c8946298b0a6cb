/**
 * The cards sample system's HTTP JSON API (see ./README.md) over the `cards` schema.
 *
 * Cardholders are paged in keyset order on `(updated_at, holder_id)`. Timestamps leave as UTC ISO
 * text with microseconds (PostgreSQL's precision, not JS `Date`'s), and the cursor carries that
 * exact text, so a page boundary inside a millisecond neither skips nor repeats a row. A cursor
 * means "rows strictly after this one"; `updatedSince` means "rows updated at or after".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Pool } from 'pg';

export interface CardApiServerOptions {
  pool: Pool;
  /** schema created by `cardsDdl` */
  schema: string;
  /** 0 (default): a free port */
  port?: number;
  host?: string;
  /** latency added to every request, to exercise timeouts */
  delayMs?: number;
}

export interface CardApiServer {
  url: string;
  close(): Promise<void>;
}

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1000;
const MAX_HOLDER_IDS = 500;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
// A full ISO timestamp with a zone (a zoneless one would be read in the server's time zone).
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)|-?infinity)$/;
const utcText = (column: string) =>
  `CASE WHEN isfinite(${column}) THEN to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE ${column}::text END`;

class BadRequest extends Error {}

interface CardholderRow {
  holder_id: string;
  full_name: string | null;
  status: string;
  profile: string;
  updated_at: string;
}

interface CardRow {
  card_id: string;
  holder_id: string;
  product: string;
  masked_pan: string;
  currency: string;
  credit_limit: number;
  balance: number;
  status: string;
  opened_at: string;
  last_txn_at: string | null;
}

/** One query parameter as a single string; repeated or nested parameters are refused. */
function param(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRequest(`${name} must be given once`);
  return value;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) throw new BadRequest(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  return limit;
}

function parseTimestamp(value: string, name: string): string {
  if (!ISO_TIMESTAMP.test(value) || (!value.endsWith('infinity') && Number.isNaN(Date.parse(value)))) {
    throw new BadRequest(`${name} must be an ISO 8601 timestamp with a time zone`);
  }
  return value;
}

/** Opaque to clients: base64url of JSON `[updatedAt, holderId]` of the last row returned. */
function encodeCursor(row: CardholderRow): string {
  return Buffer.from(JSON.stringify([row.updated_at, row.holder_id])).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: string; holderId: string } {
  let value: unknown;
  try {
    value = /^[A-Za-z0-9_-]+$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string' || !ISO_TIMESTAMP.test(value[0])) {
    throw new BadRequest('cursor is not valid');
  }
  return { updatedAt: value[0], holderId: value[1] };
}

function toCardholder(row: CardholderRow) {
  return { holderId: row.holder_id, name: row.full_name, status: row.status, updatedAt: row.updated_at, profile: row.profile };
}

function toCard(row: CardRow) {
  return {
    cardId: row.card_id,
    holderId: row.holder_id,
    product: row.product,
    maskedPan: row.masked_pan,
    currency: row.currency,
    creditLimit: row.credit_limit,
    balance: row.balance,
    status: row.status,
    openedAt: row.opened_at,
    lastTxnAt: row.last_txn_at,
  };
}

/** PostgreSQL refuses a timestamp the checks above let through (e.g. 30 February). */
function isBadTimestampError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '22007' || code === '22008';
}

export async function startCardApiServer(options: CardApiServerOptions): Promise<CardApiServer> {
  const { pool, schema, port = 0, host = '127.0.0.1', delayMs = 0 } = options;
  if (!SQL_IDENTIFIER.test(schema)) throw new Error('card API: schema must be a lower-case SQL identifier');
  const s = `"${schema}"`;
  const holderColumns = `SELECT holder_id, full_name, status, profile, ${utcText('updated_at')} AS updated_at FROM ${s}.cardholder`;
  const pageOrder = 'ORDER BY updated_at, holder_id LIMIT $1';
  const sql = {
    first: `${holderColumns} ${pageOrder}`,
    afterCursor: `${holderColumns} WHERE (updated_at, holder_id) > ($2::timestamptz, $3::text) ${pageOrder}`,
    updatedSince: `${holderColumns} WHERE updated_at >= $2::timestamptz ${pageOrder}`,
    cards: `
      SELECT card_id, holder_id, product, masked_pan, currency, credit_limit::float8 AS credit_limit,
             balance::float8 AS balance, status, to_char(opened_at, 'YYYY-MM-DD') AS opened_at,
             to_char(last_txn_at, 'YYYY-MM-DD') AS last_txn_at
      FROM ${s}.card WHERE holder_id = ANY($1::text[]) ORDER BY holder_id, card_id`,
  };
  // Ends the artificial delay of requests still waiting when the server closes.
  const closing = new AbortController();

  const app = express();
  app.disable('x-powered-by');
  if (delayMs > 0) {
    app.use(async (_req: Request, _res: Response, next: NextFunction) => {
      await sleep(delayMs, undefined, { signal: closing.signal });
      next();
    });
  }

  app.get('/health', async (_req, res) => {
    try {
      await pool.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  app.get('/v1/cardholders', async (req, res) => {
    const limit = parseLimit(param(req, 'limit'));
    const cursor = param(req, 'cursor');
    const updatedSince = param(req, 'updatedSince');
    let query: { text: string; values: unknown[] };
    if (cursor !== undefined) {
      const after = decodeCursor(cursor);
      query = { text: sql.afterCursor, values: [limit + 1, after.updatedAt, after.holderId] };
    } else if (updatedSince !== undefined) {
      query = { text: sql.updatedSince, values: [limit + 1, parseTimestamp(updatedSince, 'updatedSince')] };
    } else {
      query = { text: sql.first, values: [limit + 1] };
    }
    let rows: CardholderRow[];
    try {
      rows = (await pool.query<CardholderRow>(query)).rows;
    } catch (err) {
      if (isBadTimestampError(err)) throw new BadRequest(cursor !== undefined ? 'cursor is not valid' : 'updatedSince is not a valid timestamp');
      throw err;
    }
    // One row more than asked tells whether there is a next page.
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1]!) : null;
    res.json({ data: page.map(toCardholder), nextCursor });
  });

  app.get('/v1/cards', async (req, res) => {
    const ids = [...new Set((param(req, 'holderIds') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== ''))];
    if (ids.length === 0) throw new BadRequest('holderIds is required');
    if (ids.length > MAX_HOLDER_IDS) throw new BadRequest(`holderIds accepts at most ${MAX_HOLDER_IDS} ids`);
    const { rows } = await pool.query<CardRow>(sql.cards, [ids]);
    res.json({ data: rows.map(toCard) });
  });

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found' });
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent || res.destroyed) return;
    if (err instanceof BadRequest) res.status(400).json({ error: err.message });
    else res.status(500).json({ error: 'internal error' });
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
