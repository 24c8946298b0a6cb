/**
 * The total order of record and golden ids that every sort and tie-break uses, in src/golden and
 * in src/matching (engine/ids.ts ranks records by it): ties are broken by the records themselves,
 * never by their position in an array, since the hub and the evaluation load records in whatever
 * order and the incremental path sees a component without the rest of the data; and clusters and
 * golden ids agree on "smallest". It lives here because matching calls golden, never the reverse.
 *
 * All-digit ids (the hub's bigint source_record ids, row numbers) come first in numeric order;
 * any other ids follow in plain string order. Mixing the two rules pairwise would not be
 * transitive ('9' < '10' numerically, '10' < '9a' as strings, '9a' > '9'), hence the two groups.
 */
const DIGITS = /^[0-9]+$/;

export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const da = DIGITS.test(a);
  const db = DIGITS.test(b);
  if (da !== db) return da ? -1 : 1;
  if (da) {
    // numeric order without Number(): ids may exceed 2^53
    const na = stripZeros(a);
    const nb = stripZeros(b);
    if (na.length !== nb.length) return na.length - nb.length;
    if (na !== nb) return na < nb ? -1 : 1;
    // same number written with different leading zeros: still a total order
  }
  return a < b ? -1 : 1;
}

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}

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
