/** Test helper: pulls a connector page by page until it reports `done`. */
import type { Connector, MappedRow, Watermark } from '../../connectors/index.js';

export interface PullAllResult {
  rows: MappedRow[];
  pages: number;
  watermark: Watermark | null;
}

export const keyOf = (row: MappedRow): string | null => (row.ok ? row.customer.sourceKey : row.quarantine.sourceKey);

export async function pullAll(connector: Connector, since: Watermark | null, limit: number): Promise<PullAllResult> {
  const rows: MappedRow[] = [];
  let watermark = since;
  for (let pages = 1; pages <= 1000; pages++) {
    const page = await connector.pullChanges(watermark, limit);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...page.rows);
    watermark = page.next;
    if (page.done) return { rows, pages, watermark };
  }
  throw new Error('pullAll: the connector never reported done');
}
