/**
 * Cards connector: the card processor is reached only through its HTTP JSON API
 * (`src/sample/cards/README.md`). Changes are read page by page with the API's opaque cursor.
 *
 * The API answers `nextCursor: null` on its last page, so there is no cursor for "after the last
 * row". When caught up, the watermark instead remembers the last row's `updatedAt` (exact text as
 * the API sent it) and `holderId`; the next sync asks `updatedSince=<updatedAt>` (inclusive) and
 * drops the leading rows of that same instant up to and including the remembered holder.
 * If that holder is not among them (it changed again), the tied rows are delivered again:
 * a repeat is harmless to the hub's idempotent upsert, a skip would not be.
 *
 * Only a well-formed row is remembered (a real instant and a holder id), and never one stamped
 * after the hub's horizon: an item stamped 2099 would otherwise hide every change made before
 * 2099. Such an item, and everything after it in the page, is delivered again on the next sync.
 */
import { z } from 'zod';
import type { Connector, ConnectorHealth, Holding, PullOptions, PullPage, Watermark } from '../contract.js';
import { neverThrows, parseTimestamp } from '../support/row-checks.js';
import { mapCard, mapCardholder } from './cards.mapping.js';

export interface CardsConfig {
  baseUrl: string;
  /** per request; default 10 000 ms */
  timeoutMs?: number;
}

/** The API's bounds: page size 1–1000, holders per card lookup 500. */
const MAX_PAGE = 1000;
const HOLDERS_PER_REQUEST = 500;
const DEFAULT_TIMEOUT_MS = 10_000;

interface Position {
  cursor: string | null;
  updatedSince: string | null;
  afterHolderId: string | null;
}

const START: Position = { cursor: null, updatedSince: null, afterHolderId: null };

const optionalText = z.string().nullable().optional().transform((v) => v ?? null);
const watermarkSchema = z.object({ cursor: optionalText, updatedSince: optionalText, afterHolderId: optionalText });
const cardholderPageSchema = z.object({ data: z.array(z.unknown()), nextCursor: z.string().nullable() });
const cardsSchema = z.object({
  data: z.array(
    z.object({
      cardId: z.string(),
      holderId: z.string(),
      product: z.string(),
      maskedPan: z.string(),
      currency: z.string(),
      creditLimit: z.number(),
      balance: z.number(),
      status: z.string(),
      openedAt: z.string(),
      lastTxnAt: z.string().nullable(),
    }),
  ),
});

function readWatermark(since: Watermark | null): Position {
  if (since === null) return START;
  const parsed = watermarkSchema.safeParse(since);
  if (!parsed.success) throw new Error('cards: invalid watermark (expected { cursor } or { updatedSince, afterHolderId })');
  return parsed.data;
}

function field(item: unknown, name: 'updatedAt' | 'holderId'): unknown {
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[name] : undefined;
}

/** Drops the rows already delivered before a resume from `updatedSince` (see the file comment). */
function dropDelivered(items: unknown[], from: Position): unknown[] {
  if (from.cursor !== null || from.updatedSince === null) return items;
  for (let i = 0; i < items.length && field(items[i], 'updatedAt') === from.updatedSince; i++) {
    if (field(items[i], 'holderId') === from.afterHolderId) return items.slice(i + 1);
  }
  return items;
}

/** Where to resume after these rows: after the last one with a real instant and a holder id, else where this pull began. */
function afterLastRow(items: unknown[], from: Position): Position {
  for (let i = items.length - 1; i >= 0; i--) {
    const updatedAt = field(items[i], 'updatedAt');
    const holderId = field(items[i], 'holderId');
    if (typeof updatedAt === 'string' && parseTimestamp(updatedAt) !== null && typeof holderId === 'string') {
      return { cursor: null, updatedSince: updatedAt, afterHolderId: holderId };
    }
  }
  return from;
}

/** Index of the first item stamped after the horizon, or -1. */
function firstBeyond(items: unknown[], horizon: Date | undefined): number {
  if (horizon === undefined) return -1;
  return items.findIndex((item) => (parseTimestamp(field(item, 'updatedAt'))?.getTime() ?? -Infinity) > horizon.getTime());
}

const mapItem = neverThrows(mapCardholder, (item: unknown) => field(item, 'holderId'));

export class CardsConnector implements Connector {
  readonly system = 'cards' as const;
  private readonly baseUrl: URL;
  private readonly timeoutMs: number;

  constructor(config: CardsConfig) {
    if (!URL.canParse(config.baseUrl)) throw new Error('cards: baseUrl is not a URL');
    this.baseUrl = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async pullChanges(since: Watermark | null, limit: number, options: PullOptions = {}): Promise<PullPage> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('cards: limit must be a positive integer');
    const from = readWatermark(since);
    const params = new URLSearchParams({ limit: String(Math.min(limit, MAX_PAGE)) });
    if (from.cursor !== null) params.set('cursor', from.cursor);
    else if (from.updatedSince !== null) params.set('updatedSince', from.updatedSince);
    const page = cardholderPageSchema.safeParse(await this.getJson('v1/cardholders', params));
    if (!page.success) throw new Error('cards: unexpected response shape from /v1/cardholders');

    const { data, nextCursor } = page.data;
    const items = dropDelivered(data, from);
    const cut = firstBeyond(items, options.horizon);
    // A row after the horizon: resume after the last row before it, whatever the API's cursor says.
    let next: Position;
    if (cut >= 0) next = afterLastRow(items.slice(0, cut), from);
    else next = nextCursor !== null ? { ...START, cursor: nextCursor } : afterLastRow(data, from);
    return {
      rows: items.map((item) => mapItem(item)),
      next: { ...next },
      done: nextCursor === null || cut >= 0,
    };
  }

  async lookupHoldings(sourceKeys: readonly string[]): Promise<Map<string, Holding[]>> {
    const holdings = new Map<string, Holding[]>(sourceKeys.map((k) => [k, []]));
    const keys = [...new Set(sourceKeys)];
    for (let i = 0; i < keys.length; i += HOLDERS_PER_REQUEST) {
      const params = new URLSearchParams({ holderIds: keys.slice(i, i + HOLDERS_PER_REQUEST).join(',') });
      const cards = cardsSchema.safeParse(await this.getJson('v1/cards', params));
      if (!cards.success) throw new Error('cards: unexpected response shape from /v1/cards');
      for (const card of cards.data.data) holdings.get(card.holderId)?.push(mapCard(card));
    }
    return holdings;
  }

  async health(): Promise<ConnectorHealth> {
    const started = performance.now();
    try {
      const res = await fetch(new URL('health', this.baseUrl), { signal: AbortSignal.timeout(this.timeoutMs) });
      await res.arrayBuffer();
      const latencyMs = performance.now() - started;
      return res.ok ? { ok: true, latencyMs } : { ok: false, latencyMs, detail: `cards: /health answered HTTP ${res.status}` };
    } catch (err) {
      return { ok: false, latencyMs: performance.now() - started, detail: describeFailure('/health', err, this.timeoutMs) };
    }
  }

  /** Nothing to release: every request opens and finishes on its own. */
  async close(): Promise<void> {}

  /** GET and parse JSON; failures name the system, path and status, never the query (it holds keys). */
  private async getJson(path: string, params: URLSearchParams): Promise<unknown> {
    const url = new URL(path, this.baseUrl);
    url.search = params.toString();
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new Error(describeFailure(`/${path}`, err, this.timeoutMs), { cause: err });
    }
    if (!res.ok) {
      await res.arrayBuffer().catch(() => undefined);
      throw new Error(`cards: /${path} answered HTTP ${res.status}`);
    }
    try {
      return await res.json();
    } catch (err) {
      const message = err instanceof DOMException ? describeFailure(`/${path}`, err, this.timeoutMs) : `cards: /${path} answered with a body that is not JSON`;
      throw new Error(message, { cause: err });
    }
  }
}

function describeFailure(path: string, err: unknown, timeoutMs: number): string {
  if (err instanceof DOMException && err.name === 'TimeoutError') return `cards: ${path} timed out after ${timeoutMs} ms`;
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  return `cards: ${path} request failed${cause ? ` (${cause})` : ''}`;
}
