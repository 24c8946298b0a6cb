/**
 * A person's name, as a source gives it, becomes given and family name in comparison form,
 * a display form, the script, and a pinyin form of each part for cross-script matching.
 *
 * - Separate given/family fields win over `full`; a CJK `local` name wins over both (the
 *   romanised form is then only the source's transliteration of it).
 * - In `full`, a comma always means "FAMILY, GIVEN"; otherwise `order` decides for Latin names,
 *   while Han names are family-first: one Han surname character, or two when the name starts
 *   with a compound surname (欧阳, 司马, 诸葛, 上官, ...) and is at least three characters long.
 * - Comparison form: Latin lower-case ASCII (José -> jose, Müller -> muller), single spaces,
 *   apostrophes and hyphens kept, titles (Mr, Dr) and suffixes (Jr, III) dropped, middle names
 *   kept with the given name; Han kept as Han without spaces.
 * - Pinyin form: toneless, lower-case, nothing but a-z (张 -> zhang, 欧阳 -> ouyang, 小明 ->
 *   xiaoming; ü written yu as in passports: 吕 -> lyu); the family part read in pinyin-pro's
 *   surname mode (曾 -> zeng, 单 -> shan). For Latin names, the comparison form without spaces,
 *   apostrophes and hyphens (O'Brien -> obrien).
 * - A name with no letters at all is INVALID; a name that is absent altogether is all nulls.
 */
import { pinyin } from 'pinyin-pro';
import type { SourceCustomer } from '../../connectors/contract.js';
import { BoundedCache } from './bounded-cache.js';
import { cleanText, foldLatin, hasHan, hasNonHanLetter, isHanOnly } from './fold.js';
import type { FlagCode } from './flag.js';

export type NameScript = 'LATIN' | 'CJK' | 'MIXED';

export interface StandardizedName {
  given: string | null;
  family: string | null;
  full: string | null;
  script: NameScript | null;
  givenPinyin: string | null;
  familyPinyin: string | null;
}

/**
 * Two-character Chinese surnames, simplified and traditional. Rare ones that read more often as
 * a common surname plus a given-name character (单于, 宗政, 乐正, 段干, 第五) are left out.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '歐陽', '司马', '司馬', '诸葛', '諸葛', '上官', '东方', '東方', '皇甫', '尉迟', '尉遲',
  '公孙', '公孫', '长孙', '長孫', '慕容', '宇文', '司徒', '司空', '夏侯', '轩辕', '軒轅', '令狐',
  '钟离', '鍾離', '端木', '独孤', '獨孤', '南宫', '南宮', '西门', '西門', '百里', '呼延', '万俟',
  '萬俟', '澹台', '澹臺', '公冶', '太史', '申屠', '闻人', '聞人', '赫连', '赫連', '濮阳', '濮陽',
  '仲孙', '仲孫', '拓跋', '鲜于', '鮮于', '闾丘', '閭丘', '亓官', '左丘', '东郭', '東郭', '梁丘',
  '羊舌', '微生', '公羊', '公良', '漆雕', '巫马', '巫馬', '颛孙', '顓孫', '司寇', '东门', '東門',
  '谷梁', '穀梁', '子车', '子車',
]);

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'mme']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

interface NameParts {
  given: string;
  family: string;
}

const EMPTY: StandardizedName = { given: null, family: null, full: null, script: null, givenPinyin: null, familyPinyin: null };

// The same names come back all the time (re-reads of unchanged rows, the same person in every
// source, common names), and a name costs several microseconds of Unicode normalisation, regular
// expressions and pinyin lookup, so results are memoized per distinct input, bounded.
const nameCache = new BoundedCache<StandardizedName | { flag: FlagCode }>(50_000);

export function standardizeName(name: SourceCustomer['name']): StandardizedName | { flag: FlagCode } {
  const key = [name.order, name.full, name.given, name.family, name.local].join('\u0000');
  // a copy, so a caller that edits its result cannot change what the next caller gets
  return { ...nameCache.getOrCompute(key, () => computeName(name)) };
}

function computeName(name: SourceCustomer['name']): StandardizedName | { flag: FlagCode } {
  const parts = pickParts(name);
  if (parts === null) return { ...EMPTY };
  if (!/\p{L}/u.test(parts.given + parts.family)) return { flag: 'INVALID' };

  const given = comparisonForm(parts.given);
  const family = comparisonForm(parts.family);
  if (given === null && family === null) return { flag: 'INVALID' };
  return {
    given,
    family,
    full: displayForm(parts),
    script: scriptOf(parts.given + parts.family),
    givenPinyin: given === null ? null : pinyinForm(given, false),
    familyPinyin: family === null ? null : pinyinForm(family, true),
  };
}

/** the CJK local name, else the given/family fields, else full, else a non-CJK local name */
function pickParts(name: SourceCustomer['name']): NameParts | null {
  const local = cleanText(name.local);
  if (hasHan(local)) return splitFull(local, name.order);
  const given = cleanText(name.given);
  const family = cleanText(name.family);
  if (given || family) return { given: dropAffixes(given), family: dropAffixes(family) };
  const full = cleanText(name.full);
  if (full) return splitFull(full, name.order);
  return local ? splitFull(local, name.order) : null;
}

function splitFull(full: string, order: SourceCustomer['name']['order']): NameParts {
  const comma = full.indexOf(',');
  if (comma >= 0) {
    return { family: dropAffixes(full.slice(0, comma)), given: dropAffixes(full.slice(comma + 1).replace(/,/g, ' ')) };
  }
  if (isHanOnly(full)) return splitHan(full);
  const tokens = affixesDropped(full.replace(/[·•・‧]/g, ' ').split(' ').filter(Boolean));
  if (tokens.length === 1) return { given: '', family: tokens[0] };
  return order === 'FAMILY_GIVEN'
    ? { family: tokens[0], given: tokens.slice(1).join(' ') }
    : { family: tokens[tokens.length - 1], given: tokens.slice(0, -1).join(' ') };
}

/** family first: after a space when there is one, else one character or a compound surname */
function splitHan(full: string): NameParts {
  const space = full.indexOf(' ');
  if (space > 0) return { family: full.slice(0, space), given: full.slice(space + 1).replace(/ /g, '') };
  const chars = Array.from(full);
  const familyLength = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  return { family: chars.slice(0, familyLength).join(''), given: chars.slice(familyLength).join('') };
}

function dropAffixes(text: string): string {
  return affixesDropped(text.split(' ').filter(Boolean)).join(' ');
}

/** titles at either end and generational suffixes at the end, as long as a name remains */
function affixesDropped(tokens: string[]): string[] {
  const key = (token: string) => token.toLowerCase().replace(/\.$/, '');
  const kept = [...tokens];
  while (kept.length > 1 && TITLES.has(key(kept[0]))) kept.shift();
  while (kept.length > 1 && (TITLES.has(key(kept[kept.length - 1])) || SUFFIXES.has(key(kept[kept.length - 1])))) kept.pop();
  return kept;
}

/** Latin folded to lower-case ASCII letters, ' and -; Han kept; null when nothing is left */
function comparisonForm(part: string): string | null {
  if (isHanOnly(part)) return part.replace(/ /g, '') || null;
  const words = foldLatin(part)
    .replace(/[^a-z'\-\s\p{Script=Han}]/gu, ' ')
    .split(' ')
    .map((word) => word.replace(/^['-]+|['-]+$/g, ''))
    .filter(Boolean);
  return words.length > 0 ? words.join(' ') : null;
}

function scriptOf(text: string): NameScript {
  if (!hasHan(text)) return 'LATIN';
  return hasNonHanLetter(text) ? 'MIXED' : 'CJK';
}

/** 'Wei Zhang', 'John Paul Smith', '张伟', '欧阳娜娜': source spelling, Latin words in title case */
function displayForm(parts: NameParts): string | null {
  if (isHanOnly(parts.given + parts.family)) return (parts.family + parts.given).replace(/ /g, '') || null;
  const shown = [parts.given, parts.family].filter(Boolean).map(titleCase).join(' ');
  return shown || null;
}

/** words written all upper or all lower become Title-Case (also after - and '); mixed case is kept */
function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word) =>
      word !== word.toUpperCase() && word !== word.toLowerCase()
        ? word
        : word.toLowerCase().replace(/(^|[-'])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase()),
    )
    .join(' ');
}

// pinyin-pro segments and looks up a dictionary on every call (a few microseconds), and name
// parts repeat far more than whole names (surnames above all), so pinyin forms are memoized
// per distinct part too, bounded.
const pinyinCache = new BoundedCache<string>(50_000);

function pinyinForm(comparison: string, isFamily: boolean): string | null {
  const key = `${isFamily ? 'f' : 'g'}|${comparison}`;
  const form = pinyinCache.getOrCompute(key, () => {
    const latin = hasHan(comparison)
      ? pinyin(comparison, { toneType: 'none', type: 'array', surname: isFamily ? 'all' : 'off', nonZh: 'consecutive' }).join('')
      : comparison;
    return foldLatin(latin.replace(/ü/g, 'yu')).replace(/[^a-z]/g, '');
  });
  return form || null;
}
