/**
 * A memo for pure functions with a hard size bound, for calls that are expensive and whose
 * inputs repeat a lot across records (a name's pinyin, a phone number, a phonetic code).
 *
 * Two generations of at most max/2 entries each: new entries go into the young one; when it is
 * full, it becomes the old one and the previous old one is dropped whole. A hit in the old
 * generation moves the entry to the young one, so what is in use survives. Every operation is
 * O(1) (evicting one-by-one from a Map's head degrades on V8, which keeps deleted slots until it
 * rehashes), and never more than `max` entries are held.
 */
export class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly generationSize: number;

  constructor(max: number) {
    this.generationSize = Math.max(1, Math.floor(max / 2));
  }

  getOrCompute(key: string, compute: (key: string) => V): V {
    if (this.young.has(key)) return this.young.get(key) as V;
    const value = this.old.has(key) ? (this.old.get(key) as V) : compute(key);
    this.old.delete(key);
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
    return value;
  }
}
