/**
 * Cards rows: a card processor's cardholders. Names 'Given Family' as the application form had
 * them (romanised, sometimes in characters, sometimes family first), a JSON `profile` kept as
 * text with the date of birth in ISO form, phones in whatever format the channel sent, an
 * address object in English, and an id document only when KYC captured one. 1–2 cards per
 * holder. Pure.
 */
import { formatCardId, formatHolderId, nextKey, type Appearance } from './appearances.js';
import { addDays, dateOf } from './calendar.js';
import { NOISE_RATES, formatPhone, homophoneTypo, plantedErrors, swapDayMonth, transposeDigits, type PlantedError } from './noise.js';
import type { Address, Person, Phone } from './person.js';
import type { Random } from './random.js';
import { changeStamp, dateBetween, money, relationshipStart, romanName, type RenderContext } from './rendering.js';
import type { CardRow, CardsRows, SourcePersonRow } from './rows.js';
import { asciiFold } from './text.js';

const CARDS_RATES = {
  /** Chinese names written in characters in full_name */
  nativeName: 0.1,
  /** Chinese names family first ('Zhang Wei'), on top of the general swapped-order rate */
  chineseFamilyFirst: 0.08,
  upperCaseName: 0.05,
  /** Latin names with their diacritics dropped */
  diacriticsDropped: 0.2,
  /** KYC captured an id document */
  idDocument: 0.4,
  /** a missing field written as null rather than left out */
  explicitNull: 0.3,
  /** an address written in Chinese (Chinese names only) */
  chineseAddress: 0.15,
  closed: 0.03,
} as const;

function fullName(rng: Random, person: Person): string {
  const withTypo = rng.chance(NOISE_RATES.nameTypo);
  if (person.script === 'CJK' && rng.chance(CARDS_RATES.nativeName)) {
    const native = person.name.family + person.name.given;
    return withTypo ? homophoneTypo(rng, native) : native;
  }
  const roman = romanName(rng, person, withTypo);
  const familyFirst = rng.chance(NOISE_RATES.swappedOrder) || (person.script === 'CJK' && rng.chance(CARDS_RATES.chineseFamilyFirst));
  let name = familyFirst ? `${roman.family} ${roman.given}` : `${roman.given} ${roman.family}`;
  if (person.script === 'LATIN' && rng.chance(CARDS_RATES.diacriticsDropped)) name = asciiFold(name);
  return rng.chance(CARDS_RATES.upperCaseName) ? name.toUpperCase() : name;
}

interface CardAddress {
  street: string;
  city: string;
  postalCode: string | null;
  country: string;
}

export function cardAddress(rng: Random, address: Address, chineseName: boolean): CardAddress {
  const local = address.local;
  if (local && chineseName && rng.chance(CARDS_RATES.chineseAddress)) {
    return { street: `${local.district}${local.street}${local.unit ?? ''}`, city: local.city, postalCode: address.postcode, country: 'CN' };
  }
  const street = [address.unit, address.street, address.district ? `${address.district} District` : null].filter(Boolean).join(', ');
  return { street, city: address.city, postalCode: address.postcode, country: address.country };
}

export function cardPhone(rng: Random, phone: Phone, transposed?: { value: boolean }): string {
  const text = formatPhone(rng, phone, 'cards');
  if (!rng.chance(NOISE_RATES.phoneTransposition)) return text;
  const out = transposeDigits(rng, text);
  if (transposed) transposed.value = out !== text;
  return out;
}

/** The profile document of one cardholder, keys in the processor's order. */
function profile(rng: Random, person: Person, phone: Phone, address: Address, planted?: PlantedError[]): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const phoneTransposed = { value: false };
  const missing = (key: string) => {
    if (rng.chance(CARDS_RATES.explicitNull)) doc[key] = null;
  };
  let dob: string | null = person.dob;
  if (rng.chance(NOISE_RATES.dobDayMonthSwap)) dob = swapDayMonth(dob) ?? dob;
  if (rng.chance(NOISE_RATES.missingDob)) missing('dateOfBirth');
  else doc.dateOfBirth = dob;
  if (rng.chance(NOISE_RATES.missingPhone)) missing('phone');
  else doc.phone = cardPhone(rng, phone, phoneTransposed);
  if (person.email === null || rng.chance(NOISE_RATES.missingEmail)) missing('email');
  else doc.email = rng.chance(0.1) ? person.email.toLowerCase().replace(/^./, (c) => c.toUpperCase()) : person.email;
  doc.address = cardAddress(rng, address, person.script === 'CJK');
  if (rng.chance(CARDS_RATES.idDocument) && !rng.chance(NOISE_RATES.missingId)) {
    const id = person.nationalId;
    const number = rng.chance(NOISE_RATES.idTransposition) ? transposeDigits(rng, id.number, 12) : id.number;
    doc.idDocument = { type: id.type === 'PASSPORT' ? 'PASSPORT' : rng.pick(['RESIDENT_ID', 'ID_CARD']), number };
  }
  planted?.push(...plantedErrors({
    malformed: false,
    trueId: person.nationalId,
    idNumber: (doc.idDocument as { number: string } | undefined)?.number ?? null,
    trueDob: person.dob,
    dob: typeof doc.dateOfBirth === 'string' ? doc.dateOfBirth : null,
    phoneMissing: typeof doc.phone !== 'string',
    phoneTransposed: phoneTransposed.value,
    email: typeof doc.email === 'string' ? doc.email : null,
  }));
  return doc;
}

const CARD_PRODUCTS: readonly (readonly [{ product: string; prefixes: readonly string[]; limit: [number, number] }, number])[] = [
  [{ product: 'UNIONPAY_CLASSIC', prefixes: ['6222', '6225'], limit: [5, 30] }, 25],
  [{ product: 'UNIONPAY_GOLD', prefixes: ['6228', '6259'], limit: [20, 100] }, 30],
  [{ product: 'UNIONPAY_PLATINUM', prefixes: ['6226', '6258'], limit: [50, 300] }, 15],
  [{ product: 'VISA_PLATINUM', prefixes: ['4367', '4581'], limit: [50, 300] }, 15],
  [{ product: 'VISA_SIGNATURE', prefixes: ['4392'], limit: [100, 500] }, 5],
  [{ product: 'MASTERCARD_WORLD', prefixes: ['5187', '5248'], limit: [50, 400] }, 10],
];

function cards(rng: Random, ctx: RenderContext, holderId: string, openedFrom: string, holderClosed: boolean): CardRow[] {
  const today = dateOf(ctx.now);
  const rows: CardRow[] = [];
  const count = rng.chance(0.7) ? 1 : 2;
  for (let i = 0; i < count; i++) {
    const kind = rng.weighted(CARD_PRODUCTS);
    const limitCents = rng.int(kind.limit[0], kind.limit[1]) * 100_000;
    const status = holderClosed ? 'CLOSED' : rng.weighted<string>([['ACTIVE', 93], ['BLOCKED', 3], ['CLOSED', 4]]);
    const balance = status === 'CLOSED' || rng.chance(0.1) ? 0 : Math.min(limitCents, Math.round(rng.logNormal(limitCents * 0.15, 1)));
    rows.push({
      card_id: formatCardId(nextKey(rng, ctx.keys, 'card')),
      holder_id: holderId,
      product: kind.product,
      masked_pan: `${rng.pick(kind.prefixes)}********${rng.digits(4)}`,
      currency: kind.product.startsWith('UNIONPAY') || rng.chance(0.85) ? 'CNY' : 'USD',
      credit_limit: money(limitCents),
      balance: money(balance),
      status,
      opened_at: dateBetween(rng, openedFrom, today),
      last_txn_at: status === 'CLOSED' ? null : addDays(today, -rng.int(0, 60)),
    });
  }
  return rows;
}

export function renderCards(rng: Random, appearances: readonly Appearance[], ctx: RenderContext): { rows: CardsRows; truth: SourcePersonRow[] } {
  const rows: CardsRows = { cardholders: [], cards: [] };
  const truth: SourcePersonRow[] = [];
  for (const { person, oldPhone, oldAddress } of appearances) {
    const holderId = formatHolderId(nextKey(rng, ctx.keys, 'holder'));
    const stamp = changeStamp(rng, ctx);
    const closed = rng.chance(CARDS_RATES.closed);
    const phone = oldPhone && person.previousPhone ? person.previousPhone : person.phone;
    const address = oldAddress && person.previousAddress ? person.previousAddress : person.address;
    let name: string | null = fullName(rng, person);
    const planted: PlantedError[] = [];
    const doc = profile(rng, person, phone, address, planted);
    let text = JSON.stringify(doc);
    if (rng.chance(NOISE_RATES.malformed)) {
      planted.unshift('MALFORMED');
      if (rng.chance(0.5)) {
        // cut off mid-document: a proper prefix of a JSON object never parses
        text = text.slice(0, rng.int(8, text.length - 2));
      } else {
        name = '';
        text = JSON.stringify({ name: '', ...doc });
      }
    }
    rows.cardholders.push({ holder_id: holderId, full_name: name, profile: text, status: closed ? 'CLOSED' : 'ACTIVE', updated_at: stamp.toISOString() });
    truth.push({ system: 'cards', source_key: holderId, person_id: person.id, planted: JSON.stringify(planted) });
    rows.cards.push(...cards(rng, ctx, holderId, relationshipStart(rng, person, stamp), closed));
  }
  return { rows, truth };
}

/** The cards name of a person without noise. */
export function cleanCardsName(person: Person): string {
  return `${person.name.givenRoman} ${person.name.familyRoman}`;
}

/** A fresh, well-formed profile for a person (used when a source corrects a broken one). */
export function renderCardProfile(rng: Random, person: Person): Record<string, unknown> {
  return profile(rng, person, person.phone, person.address);
}
