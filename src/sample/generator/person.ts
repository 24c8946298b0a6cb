/**
 * The person model: the real people behind the source rows, as the ground truth knows them.
 * Pure: a person depends only on the random stream it is drawn from.
 *
 * About 65% have Chinese names (a few from the very common full names, so that different people
 * share a name), 35% English/European names. Some persons join the household of an earlier one:
 * same family name, and a shared address and/or phone. Some have a previous phone or address
 * that one source system still holds.
 */
import { daysInMonth, isoDate, parseIsoDate } from './calendar.js';
import { makeResidentId } from './cn-resident-id.js';
import { COMMON_FULL_NAMES, CHINESE_SURNAMES, GIVEN_CHARACTERS, type ChineseSurname, type GivenCharacter } from './pools/chinese-names.js';
import { LATIN_GIVEN_NAMES, LATIN_SURNAMES, type LatinGivenName } from './pools/latin-names.js';
import {
  CHINESE_DISTRICTS,
  CHINESE_ROADS,
  CHINESE_ROAD_SUFFIXES,
  CN_EMAIL_DOMAINS,
  CN_MOBILE_PREFIXES,
  FOREIGN_CITIES,
  LATIN_EMAIL_DOMAINS,
  type ChineseDistrict,
  type ForeignCity,
} from './pools/places.js';
import { WeightedPool, type Random } from './random.js';
import { capitalize, emailSafe } from './text.js';

export type Script = 'CJK' | 'LATIN';
export type Gender = 'M' | 'F';

export interface PersonName {
  /** native family name: '张', '欧阳', 'Müller', "O'Brien" */
  family: string;
  /** native given name: '伟', '晓明', 'Jürgen' */
  given: string;
  /** romanised family name as a passport writes it: 'Zhang', 'Ouyang', 'Müller' */
  familyRoman: string;
  /** romanised given name: 'Xiaoming', 'Jürgen' */
  givenRoman: string;
  /** pinyin syllables of a Chinese given name (['Xiao', 'Ming']); null for Latin names */
  givenSyllables: string[] | null;
  /** other romanisations of a Chinese family name ('Cheung', 'Chang'); empty for Latin names */
  familyVariants: string[];
}

export interface Phone {
  /** ISO country of the number */
  country: string;
  /** E.164 calling code without '+': '86', '44' */
  callingCode: string;
  /** national significant number, digits only: '13812345678' */
  national: string;
}

export interface LocalAddress {
  street: string; // '建国路88号'
  unit: string | null; // '3栋1201室'
  district: string; // '朝阳区'
  city: string; // '北京市'
  province: string; // '北京市'
}

export interface Address {
  country: string; // ISO 3166 alpha-2
  countryName: string;
  street: string; // '88 Jianguo Rd', '12 Baker Street', 'Hauptstraße 12'
  unit: string | null; // 'Rm 1201, Bldg 3', 'Flat 4'
  district: string | null; // 'Chaoyang'
  city: string;
  region: string | null; // province or state
  postcode: string | null;
  /** the same address in Chinese, for Chinese addresses */
  local: LocalAddress | null;
}

export interface NationalId {
  type: 'CN_RESIDENT' | 'PASSPORT';
  number: string;
  /** issuing country */
  issuer: string;
}

export interface Person {
  id: number;
  script: Script;
  gender: Gender;
  /** 'YYYY-MM-DD' */
  dob: string;
  name: PersonName;
  nationalId: NationalId;
  phone: Phone;
  /** a number the person had before; one source may still hold it */
  previousPhone: Phone | null;
  email: string | null;
  address: Address;
  /** where the person lived before; one source may still hold it */
  previousAddress: Address | null;
  /** person id of the household's first member; null when the person lives alone */
  householdId: number | null;
}

/** Person-level rates (per person); per-row noise rates are in noise.ts. */
const PERSON_RATES = {
  chinese: 0.65,
  /** of Chinese persons: one of the COMMON_FULL_NAMES */
  commonChineseName: 0.04,
  /** joins the household of an earlier person (so ~10% of persons share phone or address) */
  householdMember: 0.055,
  previousPhone: 0.08,
  previousAddress: 0.08,
  noEmail: 0.1,
  /** of Latin-name persons: a Chinese resident id instead of a passport */
  latinWithResidentId: 0.15,
  /** of Latin-name persons: living abroad (else in China) */
  latinAbroad: 0.3,
  chineseAbroad: 0.03,
} as const;

const SURNAME_POOL = new WeightedPool(CHINESE_SURNAMES, (s) => s.weight);
const LATIN_GIVEN_POOLS = {
  M: new WeightedPool(LATIN_GIVEN_NAMES.filter((n) => n.gender === 'M'), (n) => n.weight),
  F: new WeightedPool(LATIN_GIVEN_NAMES.filter((n) => n.gender === 'F'), (n) => n.weight),
};
const LATIN_SURNAME_POOL = new WeightedPool(LATIN_SURNAMES, (s) => s.weight);
const GIVEN_BY_GENDER = {
  M: GIVEN_CHARACTERS.filter((ch) => ch.gender !== 'F'),
  F: GIVEN_CHARACTERS.filter((ch) => ch.gender !== 'M'),
};
const DISTRICT_POOL = new WeightedPool(CHINESE_DISTRICTS, (x) => x.weight);
const FOREIGN_POOL = new WeightedPool(FOREIGN_CITIES, (x) => x.weight);
const SURNAME_BY_HANZI = new Map(CHINESE_SURNAMES.map((s) => [s.hanzi, s]));
const GIVEN_BY_HANZI = new Map<string, GivenCharacter>(GIVEN_CHARACTERS.map((ch) => [ch.hanzi, ch]));

// ---------------------------------------------------------------------------------------------
// names

function chineseFamily(surname: ChineseSurname): Pick<PersonName, 'family' | 'familyRoman' | 'familyVariants'> {
  return { family: surname.hanzi, familyRoman: surname.pinyin, familyVariants: [...surname.variants] };
}

function chineseGiven(chars: readonly GivenCharacter[]): Pick<PersonName, 'given' | 'givenRoman' | 'givenSyllables'> {
  const syllables = chars.map((ch) => capitalize(ch.pinyin));
  return {
    given: chars.map((ch) => ch.hanzi).join(''),
    givenSyllables: syllables,
    givenRoman: capitalize(syllables.join('').toLowerCase()),
  };
}

function drawChineseGiven(rng: Random, gender: Gender): GivenCharacter[] {
  const pool = GIVEN_BY_GENDER[gender];
  const first = rng.pick(pool);
  if (rng.chance(0.35)) return [first];
  let second = rng.pick(pool);
  while (second.hanzi === first.hanzi) second = rng.pick(pool);
  return [first, second];
}

function drawChineseName(rng: Random, gender: Gender): PersonName {
  if (rng.chance(PERSON_RATES.commonChineseName)) {
    const candidates = COMMON_FULL_NAMES.filter((n) => n.gender === gender);
    const common = rng.pick(candidates);
    const chars = [...common.given].map((h) => GIVEN_BY_HANZI.get(h)!);
    return { ...chineseFamily(SURNAME_BY_HANZI.get(common.family)!), ...chineseGiven(chars) };
  }
  return { ...chineseFamily(SURNAME_POOL.draw(rng)), ...chineseGiven(drawChineseGiven(rng, gender)) };
}

function latinGiven(name: LatinGivenName): Pick<PersonName, 'given' | 'givenRoman' | 'givenSyllables'> {
  return { given: name.name, givenRoman: name.name, givenSyllables: null };
}

function drawLatinName(rng: Random, gender: Gender): PersonName {
  const family = LATIN_SURNAME_POOL.draw(rng).name;
  return { family, familyRoman: family, familyVariants: [], ...latinGiven(LATIN_GIVEN_POOLS[gender].draw(rng)) };
}

/** A new given name for a household member, keeping the family name. */
function drawGivenFor(rng: Random, script: Script, gender: Gender): Pick<PersonName, 'given' | 'givenRoman' | 'givenSyllables'> {
  return script === 'CJK' ? chineseGiven(drawChineseGiven(rng, gender)) : latinGiven(LATIN_GIVEN_POOLS[gender].draw(rng));
}

// ---------------------------------------------------------------------------------------------
// dates, ids, contacts, addresses

const MIN_BIRTH_YEAR = 1940;
const MAX_BIRTH_YEAR = 2006;

function dateInYear(rng: Random, year: number): string {
  const month = rng.int(1, 12);
  return isoDate(year, month, rng.int(1, daysInMonth(year, month)));
}

/** Most customers born 1955–2002, a flat tail over the whole 1940–2006 range. */
function drawDob(rng: Random): string {
  const year = rng.chance(0.85) ? 1955 + Math.floor(((rng.next() + rng.next()) / 2) * 48) : rng.int(MIN_BIRTH_YEAR, MAX_BIRTH_YEAR);
  return dateInYear(rng, year);
}

function clampYear(year: number): number {
  return Math.min(MAX_BIRTH_YEAR, Math.max(MIN_BIRTH_YEAR, year));
}

function residentId(rng: Random, dob: string, gender: Gender, district: ChineseDistrict): NationalId {
  // the 17th digit is odd for men and even for women
  const sequence = rng.int(0, 498) * 2 + (gender === 'M' ? 1 : 2);
  return { type: 'CN_RESIDENT', number: makeResidentId(district.areaCode, dob, sequence), issuer: 'CN' };
}

const PASSPORT_ISSUERS = ['GB', 'US', 'DE', 'FR', 'IT', 'AU', 'CA', 'NL'] as const;

function passport(rng: Random, issuer: string): NationalId {
  const letter = () => String.fromCharCode(65 + rng.int(0, 25));
  const alnum = () => (rng.chance(0.3) ? letter() : String(rng.int(0, 9)));
  let number: string;
  switch (issuer) {
    case 'DE':
      number = `C${Array.from({ length: 8 }, alnum).join('')}`;
      break;
    case 'FR':
      number = `${rng.digits(2)}${letter()}${letter()}${rng.digits(5)}`;
      break;
    case 'IT':
      number = `Y${letter()}${rng.digits(7)}`;
      break;
    case 'HK':
      number = `K${rng.digits(8)}`;
      break;
    case 'SG':
      number = `E${rng.digits(7)}${letter()}`;
      break;
    case 'CA':
    case 'AU':
    case 'NL':
      number = `${letter()}${letter()}${rng.digits(7)}`;
      break;
    default:
      number = rng.digits(9);
  }
  return { type: 'PASSPORT', number, issuer };
}

function drawCnMobile(rng: Random): Phone {
  return { country: 'CN', callingCode: '86', national: rng.pick(CN_MOBILE_PREFIXES) + rng.digits(8) };
}

function drawForeignMobile(rng: Random, city: ForeignCity): Phone {
  return { country: city.country, callingCode: city.callingCode, national: city.mobile.replace(/[^#\d]/g, '').replace(/#/g, () => String(rng.int(0, 9))) };
}

function drawChineseAddress(rng: Random, district: ChineseDistrict = DISTRICT_POOL.draw(rng)): Address {
  const [road, roadEn] = rng.pick(CHINESE_ROADS);
  const [suffix, suffixEn] = rng.weighted(CHINESE_ROAD_SUFFIXES.map(([s, e, w]) => [[s, e] as const, w] as const));
  const number = rng.chance(0.8) ? rng.int(1, 200) : rng.int(201, 999);
  const hasUnit = rng.chance(0.8);
  const building = rng.int(1, 30);
  const room = rng.int(1, 33) * 100 + rng.int(1, 8);
  return {
    country: 'CN',
    countryName: 'China',
    street: `${number} ${roadEn} ${suffixEn}`,
    unit: hasUnit ? `Rm ${room}, Bldg ${building}` : null,
    district: district.districtEn,
    city: district.cityEn,
    region: district.provinceEn,
    postcode: district.postcode,
    local: {
      street: `${road}${suffix}${number}号`,
      unit: hasUnit ? `${building}栋${room}室` : null,
      district: district.district,
      city: district.city,
      province: district.province,
    },
  };
}

function drawForeignAddress(rng: Random, city: ForeignCity): Address {
  const street = rng.pick(city.streets);
  const number = rng.int(1, 250);
  return {
    country: city.country,
    countryName: city.countryName,
    street: city.numberFirst ? `${number} ${street}` : `${street} ${number}`,
    unit: rng.chance(0.3) ? `${city.country === 'GB' ? 'Flat' : 'Apt'} ${rng.int(1, 40)}` : null,
    district: null,
    city: city.city,
    region: city.region,
    postcode: city.postcode(() => rng.int(0, 9), () => String.fromCharCode(65 + rng.int(0, 25))),
    local: null,
  };
}

/** A new address near the old one (same city half the time), as when a person moves. */
export function drawNextAddress(rng: Random, current: Address): Address {
  if (current.country === 'CN') {
    const sameCity = CHINESE_DISTRICTS.filter((x) => x.cityEn === current.city);
    return drawChineseAddress(rng, rng.chance(0.5) && sameCity.length > 0 ? rng.pick(sameCity) : DISTRICT_POOL.draw(rng));
  }
  const city = FOREIGN_CITIES.find((x) => x.city === current.city);
  return rng.chance(0.7) && city ? drawForeignAddress(rng, city) : drawChineseAddress(rng);
}

/** Another number in the same country, as when a person changes phone. */
export function drawNextPhone(rng: Random, current: Phone): Phone {
  const city = FOREIGN_CITIES.find((x) => x.country === current.country);
  return current.country === 'CN' || !city ? drawCnMobile(rng) : drawForeignMobile(rng, city);
}

function drawEmail(rng: Random, script: Script, name: PersonName, dob: string): string {
  const family = emailSafe(name.familyRoman);
  const given = emailSafe(name.givenRoman);
  const year = dob.slice(0, 4);
  if (script === 'CJK') {
    const domain = rng.weighted(CN_EMAIL_DOMAINS);
    if (domain === 'qq.com' && rng.chance(0.6)) return `${rng.int(10_000_000, 2_999_999_999)}@qq.com`;
    const initials = (name.givenSyllables ?? [name.givenRoman]).map((s) => s[0]!.toLowerCase()).join('');
    return rng.weighted<string>([
      [`${family}${given}${rng.int(1, 999)}`, 3],
      [`${given}.${family}`, 2],
      [`${family}${initials}${year}`, 2],
      [`${family}_${given}`, 1],
    ]) + `@${domain}`;
  }
  const domain = rng.weighted(LATIN_EMAIL_DOMAINS);
  return rng.weighted<string>([
    [`${given}.${family}`, 3],
    [`${given[0]}${family}`, 2],
    [`${family}.${given[0]}${year.slice(2)}`, 1],
    [`${given}${family}${rng.int(1, 99)}`, 2],
  ]) + `@${domain}`;
}

// ---------------------------------------------------------------------------------------------
// persons

function drawPerson(rng: Random, id: number): Person {
  const script: Script = rng.chance(PERSON_RATES.chinese) ? 'CJK' : 'LATIN';
  const gender: Gender = rng.chance(0.5) ? 'M' : 'F';
  const dob = drawDob(rng);
  const name = script === 'CJK' ? drawChineseName(rng, gender) : drawLatinName(rng, gender);
  const abroad = rng.chance(script === 'CJK' ? PERSON_RATES.chineseAbroad : PERSON_RATES.latinAbroad);
  const foreignCity = abroad ? FOREIGN_POOL.draw(rng) : null;
  const homeDistrict = DISTRICT_POOL.draw(rng);
  const address = foreignCity ? drawForeignAddress(rng, foreignCity) : drawChineseAddress(rng, homeDistrict);
  // born where registered (usually where they live), else anywhere in China
  const birthDistrict = rng.chance(0.7) ? homeDistrict : DISTRICT_POOL.draw(rng);
  const nationalId =
    script === 'CJK' || rng.chance(PERSON_RATES.latinWithResidentId)
      ? residentId(rng, dob, gender, birthDistrict)
      : passport(rng, foreignCity && foreignCity.country !== 'HK' && foreignCity.country !== 'SG' ? foreignCity.country : rng.pick(PASSPORT_ISSUERS));
  let phone: Phone;
  if (foreignCity && (script === 'CJK' || rng.chance(0.85))) phone = drawForeignMobile(rng, foreignCity);
  else if (script === 'LATIN' && rng.chance(0.1)) phone = drawForeignMobile(rng, FOREIGN_POOL.draw(rng)); // kept a number from home
  else phone = drawCnMobile(rng);
  const email = rng.chance(PERSON_RATES.noEmail) ? null : drawEmail(rng, script, name, dob);
  return {
    id,
    script,
    gender,
    dob,
    name,
    nationalId,
    phone,
    previousPhone: rng.chance(PERSON_RATES.previousPhone) ? drawNextPhone(rng, phone) : null,
    email,
    address,
    previousAddress: rng.chance(PERSON_RATES.previousAddress) ? drawNextAddress(rng, address) : null,
    householdId: null,
  };
}

/** A spouse (similar age) or child (a generation younger) of `anchor`, sharing address and/or phone. */
function drawHouseholdMember(rng: Random, id: number, anchor: Person): Person {
  const base = drawPerson(rng, id);
  const gender: Gender = rng.chance(0.5) ? 'M' : 'F';
  const anchorYear = parseIsoDate(anchor.dob).year;
  const child = anchorYear + 22 <= MAX_BIRTH_YEAR && rng.chance(0.4);
  const year = clampYear(child ? anchorYear + rng.int(22, 36) : anchorYear + rng.int(-6, 6));
  const dob = dateInYear(rng, year);
  const name: PersonName = { ...anchor.name, ...drawGivenFor(rng, anchor.script, gender) };
  const shares = rng.weighted<'address' | 'phone' | 'both'>([['address', 5], ['phone', 2], ['both', 3]]);
  const birthDistrict = anchor.nationalId.type === 'CN_RESIDENT'
    ? CHINESE_DISTRICTS.find((x) => x.areaCode === anchor.nationalId.number.slice(0, 6)) ?? DISTRICT_POOL.draw(rng)
    : DISTRICT_POOL.draw(rng);
  anchor.householdId ??= anchor.id;
  return {
    ...base,
    script: anchor.script,
    gender,
    dob,
    name,
    nationalId: anchor.nationalId.type === 'CN_RESIDENT' || anchor.script === 'CJK' ? residentId(rng, dob, gender, birthDistrict) : passport(rng, anchor.nationalId.issuer),
    phone: shares === 'address' ? base.phone : { ...anchor.phone },
    address: shares === 'phone' ? base.address : structuredClone(anchor.address),
    email: rng.chance(PERSON_RATES.noEmail) ? null : drawEmail(rng, anchor.script, name, dob),
    householdId: anchor.householdId,
  };
}

/** `count` persons with ids from `firstId`, households formed among them. */
export function drawPersons(rng: Random, count: number, firstId: number): Person[] {
  const persons: Person[] = [];
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    if (i > 0 && rng.chance(PERSON_RATES.householdMember)) {
      const anchor = persons[rng.int(Math.max(0, i - 1000), i - 1)]!;
      persons.push(drawHouseholdMember(rng, id, anchor));
    } else {
      persons.push(drawPerson(rng, id));
    }
  }
  return persons;
}
