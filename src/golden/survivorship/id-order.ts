/**
 * The total order of record and golden ids that every sort and tie-break in src/golden uses, so
 * results never depend on the order the caller hands things over in. It is matching's order
 * (src/matching/ids.ts: numeric ids first, by value), so clusters and ids agree on "smallest".
 */
import { compareIds } from '../../matching/engine/ids.js';

export { compareIds };

/** a sorted copy */
export function sortIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareIds);
}

/** the smallest id; `undefined` for none */
export function minId(ids: Iterable<string>): string | undefined {
  let min: string | undefined;
  for (const id of ids) if (min === undefined || compareIds(id, min) < 0) min = id;
  return min;
}
