/**
 * Term frequencies: an exact match on a common name (Wang, Wei, Smith) is weaker evidence than an
 * exact match on a rare one. The u probability of an exact match on value v is taken as the
 * share of records carrying v, so the exact-match weight log2(m / u) becomes log2(m / p(v)); the
 * adjustment added to the field's average exact weight is log2(u_exact / p(v)).
 *
 * Tables are plain JSON (they live inside the stored model, so incremental matching scores new
 * records exactly as the batch did). Only values seen at least twice are kept, the most frequent
 * first, up to a bound: any value that matches exactly occurs at least twice, so an unknown value
 * counts as two occurrences.
 */
export interface TermFrequencyTable {
  /** records that had a value for the field */
  total: number;
  /** value -> records carrying it (values seen at least twice, most frequent kept) */
  counts: Record<string, number>;
}

export function buildTermFrequencies(values: Iterable<string | null>, maxEntries = 100_000): TermFrequencyTable {
  const counts = new Map<string, number>();
  let total = 0;
  for (const v of values) {
    if (v === null || v === '') continue;
    total++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const kept = [...counts].filter(([, n]) => n >= 2);
  kept.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const table: Record<string, number> = {};
  for (const [v, n] of kept.slice(0, maxEntries)) table[v] = n;
  return { total, counts: table };
}

/** log2(uExact / p(value)): negative for common values, positive for rare ones */
export function termFrequencyAdjustment(table: TermFrequencyTable, value: string | null, uExact: number): number {
  if (value === null || table.total === 0) return 0;
  const count = Object.prototype.hasOwnProperty.call(table.counts, value) ? table.counts[value]! : 2;
  return Math.log2(uExact / (Math.max(count, 2) / Math.max(table.total, 2)));
}
