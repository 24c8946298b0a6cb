/**
 * Blocking: which record pairs are compared at all. Two records are a candidate pair when they
 * share at least one usable blocking key (src/standardize/blocking-keys.ts); a key is usable
 * when its block (the records carrying it) has at most `maxBlockSize` records. Larger blocks
 * (a shared office phone, the commonest names) would cost quadratic time and say little, so
 * they are skipped and reported.
 *
 * Each pair is emitted once, from the first usable key the two records share, in the order of
 * the keys' 48-bit hashes (`blockOrder`). That rule needs nothing but the two records' keys and
 * the block sizes, so blocks can be split across workers and every pair is still compared by
 * exactly one of them.
 *
 * Keys are hashed rather than kept as strings: a million records carry about ten million keys,
 * more than a JS Map holds comfortably, and sorting strings costs seconds. The occurrences
 * (hash, record) are radix-sorted instead, so equal keys lie together. Two different keys with
 * one hash (about one pair among ten million keys) would form one block: a few extra pairs
 * compared, nothing missed.
 */
import type { MatchRecord } from './match-record.js';
import type { MatchSettings } from './settings.js';

export interface CandidatePairs {
  /** record indexes: pair k is (left[k], right[k]), left[k] < right[k] */
  left: Uint32Array;
  right: Uint32Array;
  count: number;
  /** usable blocks with at least two records */
  blocks: number;
  /** skipped blocks, largest first */
  oversized: { key: string; size: number }[];
}

/** The order of blocks: a 48-bit hash of the key (an integer below 2^48, exact as a number). */
export function blockOrder(key: string): number {
  hashKey(key);
  return hashHi * 65536 + hashLo;
}

/**
 * True when `key` is the first key (in `blockOrder`) that both records carry and may use, i.e.
 * the block that compares them. `usable` says whether a key's block is within the size cap
 * (default: all are).
 */
export function isCanonicalBlock(
  key: string,
  keysA: readonly string[],
  keysB: readonly string[],
  usable: (key: string) => boolean = () => true,
): boolean {
  let first: number | null = null;
  for (const k of keysA) {
    if (!keysB.includes(k) || !usable(k)) continue;
    const order = blockOrder(k);
    if (first === null || order < first) first = order;
  }
  return first !== null && first === blockOrder(key);
}

/**
 * The keys of one record that may be used for blocking: those whose block size (from
 * `blockSizes`, counting the record itself; an unknown key counts as the record alone) is at most
 * `maxBlockSize` — the batch's rule, for the incremental path.
 */
export function usableBlockingKeys(keys: readonly string[], blockSizes: ReadonlyMap<string, number>, maxBlockSize: number): string[] {
  return keys.filter((k) => (blockSizes.get(k) ?? 1) <= maxBlockSize);
}

export function candidatePairs(records: readonly MatchRecord[], settings: Pick<MatchSettings, 'maxBlockSize'>): CandidatePairs {
  const maxBlockSize = settings.maxBlockSize;
  const n = records.length;

  // 1. every key occurrence as (hash hi 32 bits, hash lo 16 bits, record, key's position)
  let total = 0;
  for (const r of records) total += r.blockingKeys.length;
  let hi = new Uint32Array(total);
  let lo = new Uint16Array(total);
  let rec = new Uint32Array(total);
  let pos = new Uint16Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const keys = records[i]!.blockingKeys;
    for (let k = 0; k < keys.length; k++) {
      hashKey(keys[k]!);
      hi[at] = hashHi;
      lo[at] = hashLo;
      rec[at] = i;
      pos[at] = k;
      at++;
    }
  }

  // 2. stable LSD radix sort on the 48-bit hash (three 16-bit digits); records stay ascending
  //    within a key because they went in ascending
  {
    let hi2 = new Uint32Array(total);
    let lo2 = new Uint16Array(total);
    let rec2 = new Uint32Array(total);
    let pos2 = new Uint16Array(total);
    const counts = new Uint32Array(65537);
    for (let pass = 0; pass < 3; pass++) {
      const digit = (x: number) => (pass === 0 ? lo[x]! : pass === 1 ? hi[x]! & 0xffff : hi[x]! >>> 16);
      counts.fill(0);
      for (let x = 0; x < total; x++) counts[digit(x) + 1]!++;
      for (let d = 0; d < 65536; d++) counts[d + 1]! += counts[d]!;
      for (let x = 0; x < total; x++) {
        const to = counts[digit(x)]!++;
        hi2[to] = hi[x]!;
        lo2[to] = lo[x]!;
        rec2[to] = rec[x]!;
        pos2[to] = pos[x]!;
      }
      [hi, hi2] = [hi2, hi];
      [lo, lo2] = [lo2, lo];
      [rec, rec2] = [rec2, rec];
      [pos, pos2] = [pos2, pos];
    }
  }

  // 3. groups of equal hash are blocks; usable ones numbered in hash order
  const blockStart: number[] = [];
  const oversized: { key: string; size: number }[] = [];
  const perRecord = new Uint32Array(n + 1);
  for (let x = 0; x < total; ) {
    let y = x + 1;
    while (y < total && hi[y] === hi[x] && lo[y] === lo[x]) y++;
    const size = distinctRecords(rec, x, y);
    if (size > maxBlockSize) {
      oversized.push({ key: records[rec[x]!]!.blockingKeys[pos[x]!]!, size });
    } else if (size >= 2) {
      blockStart.push(x, y);
      for (let z = x; z < y; z++) if (z === x || rec[z] !== rec[z - 1]) perRecord[rec[z]! + 1]!++;
    }
    x = y;
  }
  oversized.sort((p, q) => q.size - p.size || (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
  const blocks = blockStart.length / 2;

  // 4. each record's usable blocks, ascending (they are visited in block order)
  for (let i = 0; i < n; i++) perRecord[i + 1]! += perRecord[i]!;
  const recordBlocks = new Uint32Array(perRecord[n]!);
  const fill = perRecord.slice(0, n);
  for (let b = 0; b < blocks; b++) {
    const from = blockStart[2 * b]!;
    const to = blockStart[2 * b + 1]!;
    for (let z = from; z < to; z++) if (z === from || rec[z] !== rec[z - 1]) recordBlocks[fill[rec[z]!]!++] = b;
  }

  // 5. pairs of each block, kept only in their canonical (first shared) block
  let left = new Uint32Array(1024);
  let right = new Uint32Array(1024);
  let count = 0;
  for (let b = 0; b < blocks; b++) {
    const from = blockStart[2 * b]!;
    const to = blockStart[2 * b + 1]!;
    for (let x = from; x < to; x++) {
      const i = rec[x]!;
      if (x > from && rec[x - 1] === i) continue;
      const iFrom = perRecord[i]!;
      const iTo = perRecord[i + 1]!;
      for (let y = x + 1; y < to; y++) {
        const j = rec[y]!;
        if (j === rec[y - 1]) continue;
        if (firstShared(recordBlocks, iFrom, iTo, perRecord[j]!, perRecord[j + 1]!) !== b) continue;
        if (count === left.length) {
          left = grow(left);
          right = grow(right);
        }
        left[count] = i; // members are in record order, so i < j
        right[count] = j;
        count++;
      }
    }
  }
  return { left, right, count, blocks, oversized };
}

/** records in a block, a record counted once (a hash shared by two of its keys) */
function distinctRecords(rec: Uint32Array, from: number, to: number): number {
  let size = 0;
  for (let z = from; z < to; z++) if (z === from || rec[z] !== rec[z - 1]) size++;
  return size;
}

/** first block in both ascending lists (they share at least the current one) */
function firstShared(list: Uint32Array, a: number, aEnd: number, b: number, bEnd: number): number {
  while (a < aEnd && b < bEnd) {
    const x = list[a]!;
    const y = list[b]!;
    if (x === y) return x;
    if (x < y) a++;
    else b++;
  }
  return -1;
}

function grow(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

// the last hash, in two parts (no array per key)
let hashHi = 0;
let hashLo = 0;

/** two independent 32-bit string hashes (FNV-1a and a murmur-style mix); 48 bits are used */
function hashKey(key: string): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h2 = Math.imul(h2 ^ (h2 >>> 15), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  hashHi = h1 >>> 0;
  hashLo = h2 >>> 16;
}
