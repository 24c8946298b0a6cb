/**
 * Loans rows: a separately bought loan platform. First/last name columns romanised plus the name
 * in characters where known, DOB as free text in whatever format the officer typed (ISO,
 * DD/MM/YYYY, YYYYMMDD, DD-Mon-YY, 1985年3月12日), phones as keyed in, one address line. Each
 * borrower has one loan with a 12-row slice of its repayment schedule; ~15% of loans add a
 * co-borrower, usually from the same household. Pure.
 */
import { nextKey, type Appearance } from './appearances.js';
import { MONTH_ABBREVIATIONS, addDays, addMonths, dateOf, pad, parseIsoDate } from './calendar.js';
import { NOISE_RATES, formatPhone, homophoneTypo, plantedErrors, swapDayMonth, transposeDigits, type PlantedError } from './noise.js';
import type { Address, Person, Phone } from './person.js';
import type { Random } from './random.js';
import { changeStamp, money, romanName, type RenderContext } from './rendering.js';
import type { BorrowerRow, LoanRow, LoansRows, RepaymentRow, SourcePersonRow } from './rows.js';
import { asciiFold } from './text.js';

const LOANS_RATES = {
  /** Chinese names without name_local */
  noLocalName: 0.15,
  /** Latin names with diacritics dropped */
  diacriticsDropped: 0.3,
  /** addresses typed in Chinese (Chinese names only) */
  chineseAddress: 0.3,
  noAddress: 0.03,
  /** resident ids ending in X typed with a lower-case x */
  lowerCaseX: 0.4,
  deleted: 0.015,
  coBorrower: 0.15,
  /** of co-borrowers: taken from the primary borrower's household when it has one in loans */
  householdCoBorrower: 0.7,
  delinquent: 0.1,
} as const;

/** A real date of birth as the officer typed it. */
function formatDobText(rng: Random, dob: string, chinese: boolean): string {
  const { year, month, day } = parseIsoDate(dob);
  const unpadded = rng.chance(0.2);
  const dd = unpadded ? String(day) : pad(day, 2);
  const mm = unpadded ? String(month) : pad(month, 2);
  return rng.weighted<string>([
    [dob, 30],
    [`${dd}/${mm}/${year}`, 25],
    [dob.replaceAll('-', ''), 15],
    [`${pad(day, 2)}-${MONTH_ABBREVIATIONS[month - 1]}-${pad(year % 100, 2)}`, 15],
    [`${year}年${month}月${day}日`, chinese ? 30 : 5],
  ]);
}

/** A date of birth the platform accepted but no parser should: impossible or not a date at all. */
function malformedDobText(rng: Random, dob: string): string {
  const year = dob.slice(0, 4);
  return rng.chance(0.5)
    ? rng.pick([`31/02/${year}`, `30/02/${year}`, `31/04/${year}`, `${year}-13-05`, `00/00/${year}`])
    : rng.pick(['unknown', 'N/A', 'TBC', '--', '?']);
}

export function addressLine(rng: Random, address: Address, chineseName: boolean): string {
  const local = address.local;
  if (local && chineseName && rng.chance(LOANS_RATES.chineseAddress)) {
    const province = local.province === local.city ? '' : local.province;
    return `${province}${local.city}${local.district}${local.street}${local.unit ?? ''}`;
  }
  if (address.country === 'CN') {
    return `${address.unit ? `${address.unit}, ` : ''}${address.street}, ${address.district}, ${address.city} ${address.postcode ?? ''}`.trimEnd();
  }
  const place = [address.city, address.postcode].filter(Boolean).join(' ');
  return `${address.street}${address.unit ? `, ${address.unit}` : ''}, ${place}, ${address.countryName}`;
}

export function loansPhone(rng: Random, phone: Phone, transposed?: { value: boolean }): string {
  const text = formatPhone(rng, phone, 'loans');
  if (!rng.chance(NOISE_RATES.phoneTransposition)) return text;
  const out = transposeDigits(rng, text);
  if (transposed) transposed.value = out !== text;
  return out;
}

function borrowerName(rng: Random, person: Person): Pick<BorrowerRow, 'first_name' | 'last_name' | 'name_local'> {
  const withTypo = rng.chance(NOISE_RATES.nameTypo);
  const localTypo = person.script === 'CJK' && withTypo && rng.chance(0.5);
  const roman = romanName(rng, person, withTypo && !localTypo);
  const fold = person.script === 'LATIN' && rng.chance(LOANS_RATES.diacriticsDropped);
  const first = fold ? asciiFold(roman.given) : roman.given;
  const last = fold ? asciiFold(roman.family) : roman.family;
  const swapped = rng.chance(NOISE_RATES.swappedOrder);
  const native = person.name.family + person.name.given;
  return {
    first_name: swapped ? last : first,
    last_name: swapped ? first : last,
    name_local: person.script === 'CJK' && !rng.chance(LOANS_RATES.noLocalName) ? (localTypo ? homophoneTypo(rng, native) : native) : null,
  };
}

function borrower(rng: Random, borrowerId: number, appearance: Appearance, stamp: Date, planted: PlantedError[] = []): BorrowerRow {
  const { person, oldPhone, oldAddress } = appearance;
  let dobText: string | null = null;
  let dob: string | null = null;
  const malformed = rng.chance(NOISE_RATES.malformed);
  if (malformed) dobText = malformedDobText(rng, person.dob);
  else if (!rng.chance(NOISE_RATES.missingDob)) {
    dob = rng.chance(NOISE_RATES.dobDayMonthSwap) ? swapDayMonth(person.dob) ?? person.dob : person.dob;
    dobText = formatDobText(rng, dob, person.script === 'CJK');
  }
  let nationalId: string | null = null;
  if (!rng.chance(NOISE_RATES.missingId)) {
    nationalId = person.nationalId.number;
    if (rng.chance(NOISE_RATES.idTransposition)) nationalId = transposeDigits(rng, nationalId, 12);
    if (nationalId.endsWith('X') && rng.chance(LOANS_RATES.lowerCaseX)) nationalId = `${nationalId.slice(0, -1)}x`;
  }
  const phone = oldPhone && person.previousPhone ? person.previousPhone : person.phone;
  const address = oldAddress && person.previousAddress ? person.previousAddress : person.address;
  const phoneTransposed = { value: false };
  const row: BorrowerRow = {
    borrower_id: borrowerId,
    ...borrowerName(rng, person),
    dob_text: dobText,
    national_id: nationalId,
    phone: rng.chance(NOISE_RATES.missingPhone) ? null : loansPhone(rng, phone, phoneTransposed),
    email: person.email === null || rng.chance(NOISE_RATES.missingEmail) ? null : person.email,
    addr_text: rng.chance(LOANS_RATES.noAddress) ? null : addressLine(rng, address, person.script === 'CJK'),
    updated_at: stamp.toISOString(),
    is_deleted: rng.chance(LOANS_RATES.deleted),
  };
  planted.push(...plantedErrors({
    malformed, trueId: person.nationalId, idNumber: nationalId, trueDob: person.dob, dob: malformed ? person.dob : dob,
    phoneMissing: row.phone === null, phoneTransposed: phoneTransposed.value, email: row.email,
  }));
  return row;
}

const LOAN_PRODUCTS = {
  MORTGAGE: { weight: 35, median: 1_200_000, sigma: 0.5, min: 200_000, max: 8_000_000, terms: [120, 180, 240, 300, 360], bps: [310, 490] },
  PERSONAL: { weight: 40, median: 50_000, sigma: 0.7, min: 5_000, max: 500_000, terms: [12, 24, 36, 60], bps: [500, 1500] },
  AUTO: { weight: 25, median: 150_000, sigma: 0.4, min: 30_000, max: 800_000, terms: [24, 36, 48, 60], bps: [400, 800] },
} as const;
type LoanProduct = keyof typeof LOAN_PRODUCTS;

/** (1 + r)^n by repeated multiplication: exact IEEE arithmetic, unlike Math.pow across engines. */
function growth(r: number, n: number): number {
  let g = 1;
  for (let i = 0; i < n; i++) g *= 1 + r;
  return g;
}

function loanWithSchedule(rng: Random, ctx: RenderContext, loanId: number, deleted: boolean): { loan: LoanRow; schedule: RepaymentRow[] } {
  const product = rng.weighted((Object.keys(LOAN_PRODUCTS) as LoanProduct[]).map((p) => [p, LOAN_PRODUCTS[p].weight] as const));
  const spec = LOAN_PRODUCTS[product];
  const principal = Math.round(Math.min(spec.max, Math.max(spec.min, rng.logNormal(spec.median, spec.sigma))) / 1000) * 1000;
  const term = rng.pick(spec.terms);
  const bps = rng.int(spec.bps[0], spec.bps[1]);
  const monthly = bps / 10_000 / 12;
  const today = dateOf(ctx.now);
  const elapsed = ctx.stamps === 'at' ? 0 : rng.int(1, Math.min(term - 1, 96));
  const start = addDays(addMonths(today, -elapsed), -rng.int(0, 27));
  const g = growth(monthly, term);
  const payment = (principal * monthly * g) / (g - 1);
  const paidSoFar = Math.min(elapsed, term);
  const ge = growth(monthly, paidSoFar);
  const outstanding = deleted ? 0 : Math.max(0, principal * ge - (payment * (ge - 1)) / monthly);

  let daysPastDue = 0;
  if (!deleted && elapsed > 0 && rng.chance(LOANS_RATES.delinquent)) {
    const band = rng.weighted<[number, number]>([[[1, 29], 50], [[30, 59], 25], [[60, 89], 12], [[90, 180], 13]]);
    daysPastDue = rng.int(band[0], band[1]);
  }
  const loan: LoanRow = {
    loan_id: loanId,
    product,
    currency: 'CNY',
    principal: money(principal * 100),
    outstanding: money(outstanding * 100),
    interest_rate: `0.${String(bps).padStart(4, '0')}`,
    start_date: start,
    maturity_date: addMonths(start, term),
    days_past_due: daysPastDue,
    status: deleted ? 'CLOSED' : daysPastDue > 0 ? 'DELINQUENT' : 'CURRENT',
    // a loan changes no earlier than it starts
    updated_at: new Date(Math.max(changeStamp(rng, ctx).getTime(), Date.parse(`${start}T00:00:00Z`))).toISOString(),
  };

  // twelve installments around today: up to six past, the rest to come
  const first = Math.max(1, Math.min(elapsed - 5, term - 11));
  const overdueSince = addDays(today, -daysPastDue);
  const schedule: RepaymentRow[] = [];
  for (let seq = first; seq < first + 12 && seq <= term; seq++) {
    const due = addMonths(start, seq);
    const paid = due < today && !(daysPastDue > 0 && due >= overdueSince);
    schedule.push({ loan_id: loanId, seq, due_date: due, amount_due: money(payment * 100), amount_paid: paid ? money(payment * 100) : '0.00' });
  }
  return { loan, schedule };
}

export function renderLoans(rng: Random, appearances: readonly Appearance[], ctx: RenderContext): { rows: LoansRows; truth: SourcePersonRow[] } {
  const rows: LoansRows = { borrowers: [], loans: [], parties: [], schedules: [] };
  const truth: SourcePersonRow[] = [];
  const byHousehold = new Map<number, BorrowerRow[]>();
  const personOf = new Map<number, Person>();
  for (const appearance of appearances) {
    const { person } = appearance;
    const planted: PlantedError[] = [];
    const row = borrower(rng, nextKey(rng, ctx.keys, 'borrower'), appearance, changeStamp(rng, ctx), planted);
    rows.borrowers.push(row);
    personOf.set(row.borrower_id, person);
    truth.push({ system: 'loans', source_key: String(row.borrower_id), person_id: person.id, planted: JSON.stringify(planted) });
    if (person.householdId !== null) {
      const members = byHousehold.get(person.householdId) ?? [];
      members.push(row);
      byHousehold.set(person.householdId, members);
    }
    const loanId = nextKey(rng, ctx.keys, 'loan');
    const { loan, schedule } = loanWithSchedule(rng, ctx, loanId, row.is_deleted);
    rows.loans.push(loan);
    rows.schedules.push(...schedule);
    rows.parties.push({ loan_id: loanId, borrower_id: row.borrower_id, role: 'PRIMARY' });
  }
  // co-borrowers: another borrower (another person), from the household when there is one
  const primaries = rows.parties.slice();
  for (const party of primaries) {
    if (!rng.chance(LOANS_RATES.coBorrower) || rows.borrowers.length < 2) continue;
    const person = personOf.get(party.borrower_id)!;
    const household = (person.householdId === null ? [] : byHousehold.get(person.householdId) ?? []).filter((b) => personOf.get(b.borrower_id)!.id !== person.id);
    let co: BorrowerRow | undefined;
    if (household.length > 0 && rng.chance(LOANS_RATES.householdCoBorrower)) co = rng.pick(household);
    else {
      const candidate = rng.pick(rows.borrowers);
      if (personOf.get(candidate.borrower_id)!.id !== person.id) co = candidate;
    }
    if (co) rows.parties.push({ loan_id: party.loan_id, borrower_id: co.borrower_id, role: 'CO_BORROWER' });
  }
  return { rows, truth };
}

/** The loans name of a person without noise. */
export function cleanLoansName(person: Person): Pick<BorrowerRow, 'first_name' | 'last_name' | 'name_local'> {
  return {
    first_name: person.name.givenRoman,
    last_name: person.name.familyRoman,
    name_local: person.script === 'CJK' ? person.name.family + person.name.given : null,
  };
}
