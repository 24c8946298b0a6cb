/** Small text helpers shared by the person model and the source renderers. */

const FOLD: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', đ: 'd', Đ: 'D', œ: 'oe', Œ: 'OE' };

/** 'Müller' → 'Muller', 'Łukasz' → 'Lukasz': what a system without Unicode support keeps. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁøØßæÆđĐœŒ]/g, (ch) => FOLD[ch] ?? ch);
}

/** German-style transliteration a clerk might type instead: 'Müller' → 'Mueller'. */
export function germanFold(text: string): string {
  return asciiFold(text.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue'));
}

export function capitalize(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}

/** Lower-case ASCII letters and digits only, for e-mail local parts. */
export function emailSafe(text: string): string {
  return asciiFold(text).toLowerCase().replace(/[^a-z0-9]/g, '');
}
