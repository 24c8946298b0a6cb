/**
 * An address becomes a sorted set of comparison tokens, a postcode and a city.
 *
 * - Latin lines: folded to lower-case ASCII, punctuation removed, common abbreviations spelled
 *   out (rd -> road, st -> street, ave -> avenue, ...; pinyin lu -> road, jie -> street) so
 *   '12 Nanjing Rd.' and '12 NANJING ROAD' give the same tokens.
 * - Han lines: cut after each administrative or street unit (省 市 区 县 镇 路 街 号 室 ...), so
 *   '上海市浦东新区世纪大道100号' gives 上海市 / 浦东新区 / 世纪大道 / 100号.
 * - Postcode: upper-case, spaces and hyphens removed; for CN addresses exactly six digits,
 *   elsewhere 3-10 letters or digits; anything else is INVALID (and left out).
 * - City: comparison form; a Han city loses its 市 suffix (上海市 -> 上海).
 */
import type { SourceAddress } from '../../connectors/contract.js';
import { BoundedCache } from './bounded-cache.js';
import { cleanText, foldLatin, hasHan } from './fold.js';
import type { FieldResult } from './flag.js';

const ABBREVIATIONS = new Map(
  Object.entries({
    rd: 'road', st: 'street', str: 'street', ave: 'avenue', av: 'avenue', blvd: 'boulevard',
    dr: 'drive', ln: 'lane', ct: 'court', pl: 'place', sq: 'square', hwy: 'highway', pkwy: 'parkway',
    apt: 'apartment', ste: 'suite', fl: 'floor', flr: 'floor', bldg: 'building', rm: 'room',
    lu: 'road', jie: 'street', dajie: 'avenue', dadao: 'avenue',
  }),
);

/** a Han chunk ends after one of these units; longer units first so 号楼 is not cut after 号 */
const HAN_UNIT = /.+?(?:自治区|自治州|特别行政区|街道|大道|大街|号楼|单元|小区|省|市|区|县|旗|镇|乡|村|路|街|巷|弄|号|栋|幢|座|层|楼|室)/gu;

export interface TokenizedAddress {
  tokens: string[];
  postcode: string | null;
  city: string | null;
}

export function tokenizeAddress(a: SourceAddress): TokenizedAddress {
  const tokens = new Set<string>();
  for (const line of a.lines) {
    const text = cleanText(line);
    const lineTokens = hasHan(text) ? hanTokens(text) : latinTokens(text);
    for (const token of lineTokens) tokens.add(token);
  }
  const postcode = a.postcode ? standardizePostcode(a.postcode, a.country) : null;
  return {
    tokens: [...tokens].sort(),
    postcode: postcode && 'value' in postcode ? postcode.value : null,
    city: standardizeCity(a.city),
  };
}

export function standardizePostcode(text: string, country?: string | null): FieldResult<string> {
  const code = text.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  const pattern = country?.trim().toUpperCase() === 'CN' ? /^\d{6}$/ : /^[A-Z0-9]{3,10}$/;
  return pattern.test(code) ? { value: code } : { flag: 'INVALID' };
}

// Cities are few and repeat on almost every record, so their forms are memoized, bounded.
const cityCache = new BoundedCache<string | null>(10_000);

export function standardizeCity(city: string | null | undefined): string | null {
  return city ? cityCache.getOrCompute(city, foldCity) : null;
}

function foldCity(city: string): string | null {
  const text = cleanText(city);
  if (hasHan(text)) return text.replace(/ /g, '').replace(/(.)市$/u, '$1') || null;
  const folded = foldLatin(text).replace(/[^a-z0-9]+/g, ' ').trim();
  return folded || null;
}

function latinTokens(line: string): string[] {
  return foldLatin(line)
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map((token) => ABBREVIATIONS.get(token) ?? token);
}

/** chunks cut after each unit; what follows the last unit is one more chunk */
function hanTokens(line: string): string[] {
  const compact = foldLatin(line).replace(/[\s,，、]/g, '');
  const chunks = compact.match(HAN_UNIT) ?? [];
  const rest = compact.slice(chunks.join('').length);
  return [...chunks, rest].filter(Boolean);
}
