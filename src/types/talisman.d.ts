/** talisman ships CommonJS without type declarations; only the modules the hub uses. */
declare module 'talisman/phonetics/double-metaphone' {
  /** [primary, secondary] codes, each at most 4 characters; expects upper-case ASCII. */
  export default function doubleMetaphone(word: string): [string, string];
}
