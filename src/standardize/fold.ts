/**
 * Text folding shared by names and addresses: NFKC (full-width to half-width), single spaces,
 * and the ASCII comparison form of Latin text (lower-case, diacritics removed, letters that do not
 * decompose spelled out: ß -> ss, ø -> o, æ -> ae). Han characters are recognised, never folded.
 */

const ASCII = /^[\x00-\x7f]*$/;
/** Latin letters beyond ASCII, combining marks, or letters spelled out below (fast path for the rest) */
const NEEDS_FOLDING = /[\u00c0-\u02af\u0300-\u036f\u1e00-\u1eff]/;
const HAN = /\p{Script=Han}/u;
const HAN_ONLY = /^[\p{Script=Han}\s]+$/u;
const LATIN_LETTER = /[^\P{L}\p{Script=Han}]/u;

const SPELLED_OUT: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l',
  đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h',
};
const SPELLED_OUT_RE = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'g');

/** NFKC, typographic apostrophes to ', single spaces, trimmed; null or blank gives '' */
export function cleanText(text: string | null | undefined): string {
  if (text == null) return '';
  return (ASCII.test(text) ? text : text.normalize('NFKC'))
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** only Han characters (and spaces) */
export function isHanOnly(text: string): boolean {
  return HAN_ONLY.test(text);
}

/** has a letter that is not Han (Latin in practice) */
export function hasNonHanLetter(text: string): boolean {
  return LATIN_LETTER.test(text);
}

/** lower-case, diacritics removed, non-decomposing Latin letters spelled out; Han left alone */
export function foldLatin(text: string): string {
  if (!NEEDS_FOLDING.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(SPELLED_OUT_RE, (ch) => SPELLED_OUT[ch])
    .toLowerCase()
    .normalize('NFC');
}
