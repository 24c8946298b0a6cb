/**
 * Core banking rows: a legacy CIF. Latin names upper-case ASCII 'FAMILY, GIVEN' (diacritics
 * dropped or spelt out, Müller → MULLER / MUELLER), Chinese names in characters with an optional
 * upper-case romanisation 'ZHANG, WEI', addresses in Chinese as the branch keyed them, DOB a real
 * date, 1–3 deposit accounts per customer. Pure.
 */
import { formatAccountNo, formatCifNo, nextKey, type Appearance } from './appearances.js';
import { addDays, dateOf } from './calendar.js';
import { NOISE_RATES, formatPhone, homophoneTypo, plantedErrors, swapDayMonth, transposeDigits, typo } from './noise.js';
import { drawNextAddress, type Address, type Person } from './person.js';
import type { Random } from './random.js';
import { changeStamp, dateBetween, money, relationshipStart, romanName, type RenderContext } from './rendering.js';
import type { CifAddressRow, CoreBankingRows, DepositAccountRow, SourcePersonRow } from './rows.js';
import { asciiFold, germanFold } from './text.js';

const CORE_BANKING_RATES = {
  /** Chinese names without the romanised cust_name_en */
  noRomanisedName: 0.15,
  closed: 0.025,
  noAddress: 0.04,
  /** a second address (MAIL or WORK) */
  secondAddress: 0.25,
  upperCaseEmail: 0.1,
} as const;

function upperAscii(text: string, rng: Random): string {
  return (/[äöüÄÖÜ]/.test(text) && rng.chance(0.3) ? germanFold(text) : asciiFold(text)).toUpperCase();
}

function customerName(rng: Random, person: Person): { cust_name: string; cust_name_en: string | null } {
  const withTypo = rng.chance(NOISE_RATES.nameTypo);
  const swapped = rng.chance(NOISE_RATES.swappedOrder);
  if (person.script === 'CJK') {
    const nativeTypo = withTypo && rng.chance(0.7);
    const roman = romanName(rng, person, withTypo && !nativeTypo);
    const native = person.name.family + person.name.given;
    const parts = swapped ? [roman.given, roman.family] : [roman.family, roman.given];
    return {
      cust_name: nativeTypo ? homophoneTypo(rng, native) : native,
      cust_name_en: rng.chance(CORE_BANKING_RATES.noRomanisedName) ? null : upperAscii(parts.join(', '), rng),
    };
  }
  const roman = romanName(rng, person, withTypo);
  const parts = swapped ? [roman.given, roman.family] : [roman.family, roman.given];
  return { cust_name: upperAscii(parts.join(', '), rng), cust_name_en: null };
}

export function addressRow(rng: Random, cifNo: string, seq: number, type: string, address: Address, latinCustomer: boolean): CifAddressRow {
  const local = address.local;
  if (local && rng.chance(latinCustomer ? 0.6 : 0.9)) {
    return {
      cif_no: cifNo, addr_seq: seq, addr_type: type,
      line1: `${local.district}${local.street}`, line2: local.unit,
      city: local.city, province: local.province, postcode: address.postcode, country: 'CN',
    };
  }
  return {
    cif_no: cifNo, addr_seq: seq, addr_type: type,
    line1: address.district ? `${address.street}, ${address.district}` : address.street, line2: address.unit,
    city: address.city, province: address.region, postcode: address.postcode, country: address.country,
  };
}

const PRODUCTS: readonly (readonly [string, number])[] = [['SAV', 55], ['CUR', 25], ['TD', 20]];
const MEDIAN_BALANCE: Readonly<Record<string, number>> = { SAV: 20_000, CUR: 8_000, TD: 100_000 };

function accounts(rng: Random, ctx: RenderContext, cifNo: string, person: Person, openDt: string, closed: boolean): DepositAccountRow[] {
  const count = rng.weighted<number>([[1, 50], [2, 35], [3, 15]]);
  const today = dateOf(ctx.now);
  const rows: DepositAccountRow[] = [];
  for (let i = 0; i < count; i++) {
    const product = rng.weighted(PRODUCTS);
    const currency = person.script === 'LATIN'
      ? rng.weighted<string>([['CNY', 60], ['USD', 20], ['EUR', 12], ['HKD', 8]])
      : rng.weighted<string>([['CNY', 90], ['USD', 6], ['HKD', 2], ['EUR', 2]]);
    const accountClosed = closed || rng.chance(0.04);
    const cents = Math.min(5_000_000_000, Math.round(rng.logNormal(MEDIAN_BALANCE[product]!, product === 'TD' ? 1 : 1.4) * 100));
    rows.push({
      acct_no: formatAccountNo(nextKey(rng, ctx.keys, 'account')),
      cif_no: cifNo,
      product_code: product,
      currency,
      balance: money(accountClosed ? 0 : cents),
      opened_dt: dateBetween(rng, openDt, today),
      last_txn_dt: accountClosed || (product === 'TD' && rng.chance(0.5)) ? null : addDays(today, -rng.int(0, 120)),
      status: accountClosed ? 'C' : 'A',
    });
  }
  return rows;
}

export function renderCoreBanking(rng: Random, appearances: readonly Appearance[], ctx: RenderContext): { rows: CoreBankingRows; truth: SourcePersonRow[] } {
  // consents come from their own stream (core-banking-consents.ts)
  const rows: CoreBankingRows = { customers: [], addresses: [], accounts: [], consents: [] };
  const truth: SourcePersonRow[] = [];
  for (const { person, oldPhone, oldAddress } of appearances) {
    const cifNo = formatCifNo(nextKey(rng, ctx.keys, 'cif'));
    const stamp = changeStamp(rng, ctx);
    const openDt = relationshipStart(rng, person, stamp);
    const closed = rng.chance(CORE_BANKING_RATES.closed);
    const malformed = rng.chance(NOISE_RATES.malformed);
    const name = malformed ? { cust_name: '', cust_name_en: null } : customerName(rng, person);

    const id = person.nationalId;
    const hasId = !rng.chance(NOISE_RATES.missingId);
    const idNo = rng.chance(NOISE_RATES.idTransposition) ? transposeDigits(rng, id.number, 12) : id.number;
    const idType = id.type === 'CN_RESIDENT' ? '01' : rng.chance(0.05) ? '99' : '02';

    let birth: string | null = rng.chance(NOISE_RATES.missingDob) ? null : person.dob;
    if (birth && rng.chance(NOISE_RATES.dobDayMonthSwap)) birth = swapDayMonth(birth) ?? birth;

    const phone = oldPhone && person.previousPhone ? person.previousPhone : person.phone;
    let mobile: string | null = rng.chance(NOISE_RATES.missingPhone) ? null : formatPhone(rng, phone, 'core-banking');
    const keyed = mobile;
    if (mobile && rng.chance(NOISE_RATES.phoneTransposition)) mobile = transposeDigits(rng, mobile);

    let email = person.email === null || rng.chance(NOISE_RATES.missingEmail) ? null : person.email;
    if (email && rng.chance(CORE_BANKING_RATES.upperCaseEmail)) email = email.toUpperCase();
    else if (email && rng.chance(NOISE_RATES.nameTypo / 2)) email = typo(rng, email);

    rows.customers.push({
      cif_no: cifNo,
      ...name,
      id_type: hasId ? idType : null,
      id_no: hasId ? idNo : null,
      birth_dt: birth,
      gender: rng.chance(0.02) ? null : person.gender,
      mobile_no: mobile,
      email,
      open_dt: openDt,
      status: closed ? 'C' : 'A',
      last_maint_ts: stamp.toISOString(),
    });
    const planted = plantedErrors({
      malformed, trueId: id, idNumber: hasId ? idNo : null, trueDob: person.dob, dob: birth,
      phoneMissing: mobile === null, phoneTransposed: mobile !== keyed, email,
    });
    truth.push({ system: 'core_banking', source_key: cifNo, person_id: person.id, planted: JSON.stringify(planted) });

    if (!rng.chance(CORE_BANKING_RATES.noAddress)) {
      const home = oldAddress && person.previousAddress ? person.previousAddress : person.address;
      rows.addresses.push(addressRow(rng, cifNo, 1, 'HOME', home, person.script === 'LATIN'));
      if (rng.chance(CORE_BANKING_RATES.secondAddress)) {
        const type = rng.chance(0.5) ? 'MAIL' : 'WORK';
        const second = type === 'MAIL' ? home : drawNextAddress(rng, person.address);
        rows.addresses.push(addressRow(rng, cifNo, 2, type, second, person.script === 'LATIN'));
      }
    }
    rows.accounts.push(...accounts(rng, ctx, cifNo, person, openDt, closed));
  }
  return { rows, truth };
}

/** The core banking name of a person without noise (what a corrected record holds). */
export function cleanCoreBankingName(person: Person): { cust_name: string; cust_name_en: string | null } {
  if (person.script === 'CJK') {
    return { cust_name: person.name.family + person.name.given, cust_name_en: asciiFold(`${person.name.familyRoman}, ${person.name.givenRoman}`).toUpperCase() };
  }
  return { cust_name: asciiFold(`${person.name.familyRoman}, ${person.name.givenRoman}`).toUpperCase(), cust_name_en: null };
}
