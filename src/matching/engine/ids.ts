/**
 * Record ids in matching's hot loops, in the hub's one total order of ids (`compareIds`, kept in
 * src/golden/survivorship/id-order.ts with survivorship, which matching calls: never the reverse).
 */
import { compareIds } from '../../golden/survivorship/id-order.js';

export { compareIds };

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
