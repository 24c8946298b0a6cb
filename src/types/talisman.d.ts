/** talisman ships CommonJS without type declarations; only the modules the hub uses. */
declare module 'talisman/phonetics/double-metaphone' {
  /** [primary, secondary] codes, each at most 4 characters; expects upper-case ASCII. */
  export default function doubleMetaphone(word: string): [string, string];
}
declare module 'talisman/metrics/jaro-winkler' {
  /** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1 over at most 4 characters, boost above 0.7). */
  export default function jaroWinkler(a: string, b: string): number;
}
