/**
 * A total order of record ids, so that every tie in matching is broken by the records
 * themselves and never by their position in an array: the hub and the evaluation load records
 * in whatever order, and the incremental path sees a component without the rest of the data.
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

/**
 * The rank of every record in id order (rank[i] < rank[j] when record i's id sorts first), so
 * that hot loops compare small integers instead of id strings. Duplicate ids are an error: the
 * order would no longer be total.
 */
export function idRanks(ids: readonly string[]): Uint32Array {
  const order = plainNumbers(ids) ?? ids.map((_, i) => i).sort((x, y) => compareIds(ids[x]!, ids[y]!));
  const ranks = new Uint32Array(ids.length);
  for (let r = 0; r < order.length; r++) {
    if (r > 0 && ids[order[r]!] === ids[order[r - 1]!]) throw new Error(`duplicate record id ${ids[order[r]!]}`);
    ranks[order[r]!] = r;
  }
  return ranks;
}

const PLAIN_NUMBER = /^(0|[1-9][0-9]{0,14})$/;

/** when every id is a plain number below 10^15 (the usual case), their order by a numeric sort */
function plainNumbers(ids: readonly string[]): number[] | null {
  const values = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    if (!PLAIN_NUMBER.test(ids[i]!)) return null;
    values[i] = Number(ids[i]);
  }
  return Array.from({ length: ids.length }, (_, i) => i).sort((x, y) => values[x]! - values[y]!);
}
