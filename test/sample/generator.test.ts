/**
 * The generator's output on its own (no database): determinism, the overlap of persons across
 * systems, valid resident ids, and the kinds of noise the hub is meant to cope with.
 */
import { createHash } from 'node:crypto';
import { generateSample, NOISE_RATES, type GeneratedSample } from '../../src/sample/generator/index';

const NOW = new Date('2025-06-01T00:00:00Z');

const hash = (sample: GeneratedSample) => createHash('sha256').update(JSON.stringify(sample)).digest('hex');

/** GB 11643-1999 check, written here independently of the generator. */
function validResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

const fraction = (part: number, whole: number) => part / whole;

describe('generateSample', () => {
  const sample = generateSample({ customers: 2000, seed: 11, now: NOW });

  it('gives identical output for the same seed and different output for another', () => {
    const again = generateSample({ customers: 2000, seed: 11, now: NOW });
    expect(hash(again)).toBe(hash(sample));
    expect(hash(generateSample({ customers: 2000, seed: 12, now: NOW }))).not.toBe(hash(sample));
    // a fixed default "now", so leaving it out is reproducible too
    expect(hash(generateSample({ customers: 50, seed: 'x' }))).toBe(hash(generateSample({ customers: 50, seed: 'x' })));
  });

  it('puts about 25% of persons in one system, 45% in two, 30% in three, and ~2% twice in one', () => {
    const systems = new Map<number, Set<string>>();
    const rows = new Map<string, number>();
    for (const t of sample.truth) {
      systems.set(t.person_id, (systems.get(t.person_id) ?? new Set()).add(t.system));
      rows.set(`${t.person_id}/${t.system}`, (rows.get(`${t.person_id}/${t.system}`) ?? 0) + 1);
    }
    expect(systems.size).toBe(2000);
    const bySize = [1, 2, 3].map((n) => [...systems.values()].filter((s) => s.size === n).length / 2000);
    expect(bySize[0]).toBeGreaterThan(0.21);
    expect(bySize[0]).toBeLessThan(0.29);
    expect(bySize[1]).toBeGreaterThan(0.41);
    expect(bySize[1]).toBeLessThan(0.49);
    expect(bySize[2]).toBeGreaterThan(0.26);
    expect(bySize[2]).toBeLessThan(0.34);
    const duplicated = [...rows.values()].filter((n) => n > 1).length / 2000;
    expect(duplicated).toBeGreaterThan(0.01);
    expect(duplicated).toBeLessThan(0.035);
  });

  it('has one truth row per source row, under that row key', () => {
    const keys = [
      ...sample.coreBanking.customers.map((r) => `core_banking/${r.cif_no}`),
      ...sample.cards.cardholders.map((r) => `cards/${r.holder_id}`),
      ...sample.loans.borrowers.map((r) => `loans/${r.borrower_id}`),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(sample.truth.map((t) => `${t.system}/${t.source_key}`).sort()).toEqual(keys.sort());
  });

  it('gives Chinese persons valid 18-digit resident ids that carry their birth date and gender', () => {
    const residents = sample.persons.filter((p) => p.nationalId.type === 'CN_RESIDENT');
    expect(fraction(sample.persons.filter((p) => p.script === 'CJK').length, 2000)).toBeCloseTo(0.65, 1);
    for (const p of sample.persons.filter((x) => x.script === 'CJK')) expect(p.nationalId.type).toBe('CN_RESIDENT');
    for (const p of residents) {
      expect(validResidentId(p.nationalId.number)).toBe(true);
      expect(p.nationalId.number.slice(6, 14)).toBe(p.dob.replaceAll('-', ''));
      expect(Number(p.nationalId.number[16]) % 2).toBe(p.gender === 'M' ? 1 : 0);
    }
    // Latin-name persons carry passports mostly, some resident ids
    const latin = sample.persons.filter((p) => p.script === 'LATIN');
    const latinResidents = latin.filter((p) => p.nationalId.type === 'CN_RESIDENT').length / latin.length;
    expect(latinResidents).toBeGreaterThan(0.05);
    expect(latinResidents).toBeLessThan(0.3);
  });

  it('keeps dates of birth in 1940–2006 and phones in realistic shapes', () => {
    for (const p of sample.persons) {
      expect(p.dob >= '1940-01-01' && p.dob <= '2006-12-31').toBe(true);
      if (p.phone.country === 'CN') expect(p.phone.national).toMatch(/^1[3-9]\d{9}$/);
    }
  });

  it('plants transposed digits in some source ids, so some fail their check digit', () => {
    const ids = sample.coreBanking.customers.filter((r) => r.id_type === '01' && r.id_no).map((r) => r.id_no!);
    const invalid = ids.filter((id) => !validResidentId(id)).length / ids.length;
    expect(invalid).toBeGreaterThan(0.005);
    expect(invalid).toBeLessThan(NOISE_RATES.idTransposition * 2);
  });

  it('renders names in each system own format', () => {
    const core = sample.coreBanking.customers.filter((r) => r.cust_name);
    const latinCore = core.filter((r) => r.cust_name_en === null && !/\p{Script=Han}/u.test(r.cust_name!));
    expect(latinCore.length).toBeGreaterThan(100);
    for (const r of latinCore) expect(r.cust_name).toMatch(/^[A-Z' -]+, [A-Z' -]+$/);
    const cjkCore = core.filter((r) => /\p{Script=Han}/u.test(r.cust_name!));
    expect(cjkCore.filter((r) => r.cust_name_en !== null).every((r) => /^[A-Z' -]+, [A-Z' -]+$/.test(r.cust_name_en!))).toBe(true);
    expect(cjkCore.some((r) => r.cust_name_en === null)).toBe(true);
    // cards: mostly 'Given Family' in Latin script, sometimes characters
    const cardNames = sample.cards.cardholders.map((r) => r.full_name ?? '');
    expect(cardNames.filter((n) => /^\p{Lu}[\p{L}'-]*( [\p{L}'-]+)+$/u.test(n)).length / cardNames.length).toBeGreaterThan(0.8);
    expect(cardNames.some((n) => /^\p{Script=Han}+$/u.test(n))).toBe(true);
    // loans: name_local in characters next to romanised first/last names
    expect(sample.loans.borrowers.some((r) => r.name_local && /\p{Script=Han}/u.test(r.name_local) && /^[A-Za-z]/.test(r.first_name ?? ''))).toBe(true);
  });

  it('has realistic noise: nicknames, romanisation variants, mixed formats, households, shared names', () => {
    const cardNames = new Set(sample.cards.cardholders.map((r) => r.full_name ?? ''));
    const loanNames = sample.loans.borrowers.map((r) => `${r.first_name} ${r.last_name}`);
    const all = [...cardNames, ...loanNames].join('\n');
    expect(all).toMatch(/\b(Bill|Bob|Liz|Kate|Jim|Mike|Tom|Tony|Steve|Chris|Dan|Matt|Jen)\b/);
    expect(all).toMatch(/\b(Cheung|Chang|Chan|Wong|Lee|Lau|Chow|Ng)\b/);
    expect(all).toMatch(/\b[A-Z][a-z]+-[A-Za-z]+\b/); // 'Xiao-Ming'
    const dobFormats = sample.loans.borrowers.map((r) => r.dob_text ?? '');
    for (const format of [/^\d{4}-\d{2}-\d{2}$/, /^\d{1,2}\/\d{1,2}\/\d{4}$/, /^\d{8}$/, /^\d{2}-[A-Z][a-z]{2}-\d{2}$/, /^\d{4}年\d{1,2}月\d{1,2}日$/]) {
      expect(dobFormats.some((d) => format.test(d))).toBe(true);
    }
    const phones = sample.cards.cardholders.map((r) => r.profile).join('\n');
    for (const shape of ['"+86 1', '"(0086)1', /"1\d\d-\d{4}-\d{4}"/]) expect(phones).toMatch(shape);
    const households = sample.persons.filter((p) => p.householdId !== null).length / 2000;
    expect(households).toBeGreaterThan(0.06);
    expect(households).toBeLessThan(0.15);
    const names = new Map<string, number>();
    for (const p of sample.persons.filter((x) => x.script === 'CJK')) names.set(p.name.family + p.name.given, (names.get(p.name.family + p.name.given) ?? 0) + 1);
    expect([...names.values()].some((n) => n >= 3)).toBe(true);
    expect(sample.persons.some((p) => p.name.family.length === 2 && /\p{Script=Han}/u.test(p.name.family))).toBe(true);
  });

  it('plants about 0.3% malformed rows of each kind the hub must quarantine', () => {
    const big = generateSample({ customers: 10_000, seed: 5, now: NOW });
    const rows = big.truth.length;
    const core = big.coreBanking.customers.filter((r) => r.cust_name === '' && r.cust_name_en === null).length;
    const unparsable = big.cards.cardholders.filter((r) => {
      try {
        JSON.parse(r.profile);
        return false;
      } catch {
        return true;
      }
    }).length;
    const nameless = big.cards.cardholders.filter((r) => r.full_name === '' && JSON.parse(r.profile).name === '').length;
    const badDob = big.loans.borrowers.filter((r) => r.dob_text !== null && !/^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}|\d{8}|\d{2}-[A-Z][a-z]{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日)$/.test(r.dob_text)).length;
    const impossible = big.loans.borrowers.filter((r) => /^(31\/02|30\/02|31\/04|00\/00)\//.test(r.dob_text ?? '')).length;
    for (const n of [core, unparsable, nameless]) expect(n).toBeGreaterThan(0);
    expect(impossible).toBeGreaterThan(0);
    expect(badDob).toBeGreaterThan(impossible);
    const share = (core + unparsable + nameless + badDob + impossible) / rows;
    expect(share).toBeGreaterThan(0.0015);
    expect(share).toBeLessThan(0.006);
  });

  it('attaches products: 1–3 accounts, 1–2 cards, one loan per borrower with a 12-row schedule', () => {
    const perCif = new Map<string, number>();
    for (const a of sample.coreBanking.accounts) perCif.set(a.cif_no, (perCif.get(a.cif_no) ?? 0) + 1);
    expect(perCif.size).toBe(sample.coreBanking.customers.length);
    expect([...perCif.values()].every((n) => n >= 1 && n <= 3)).toBe(true);
    const perHolder = new Map<string, number>();
    for (const c of sample.cards.cards) perHolder.set(c.holder_id, (perHolder.get(c.holder_id) ?? 0) + 1);
    expect(perHolder.size).toBe(sample.cards.cardholders.length);
    expect([...perHolder.values()].every((n) => n >= 1 && n <= 2)).toBe(true);
    expect(sample.loans.loans.length).toBe(sample.loans.borrowers.length);
    const primaries = sample.loans.parties.filter((p) => p.role === 'PRIMARY');
    expect(primaries.length).toBe(sample.loans.loans.length);
    const coShare = (sample.loans.parties.length - primaries.length) / sample.loans.loans.length;
    expect(coShare).toBeGreaterThan(0.1);
    expect(coShare).toBeLessThan(0.2);
    const perLoan = new Map<number, number>();
    for (const s of sample.loans.schedules) perLoan.set(s.loan_id, (perLoan.get(s.loan_id) ?? 0) + 1);
    expect([...perLoan.values()].filter((n) => n === 12).length / perLoan.size).toBeGreaterThan(0.95);
    const delinquent = sample.loans.loans.filter((l) => l.status === 'DELINQUENT');
    expect(delinquent.length).toBeGreaterThan(0);
    expect(delinquent.every((l) => l.days_past_due > 0)).toBe(true);
    expect(sample.loans.loans.some((l) => l.days_past_due >= 90)).toBe(true);
  });

  it('gives about 40% of core banking customers a marketing consent, 15% a refusal, 5% a withdrawal, signed by their last change', () => {
    const customers = new Map(sample.coreBanking.customers.map((c) => [c.cif_no, c]));
    const consents = sample.coreBanking.consents;
    expect(new Set(consents.map((c) => c.cif_no)).size).toBe(consents.length); // one statement per customer
    const share = (status: string) => fraction(consents.filter((c) => c.status === status).length, customers.size);
    expect(share('Y')).toBeGreaterThan(0.35);
    expect(share('Y')).toBeLessThan(0.45);
    expect(share('N')).toBeGreaterThan(0.11);
    expect(share('N')).toBeLessThan(0.19);
    expect(share('W')).toBeGreaterThan(0.03);
    expect(share('W')).toBeLessThan(0.08);
    for (const c of consents) {
      const customer = customers.get(c.cif_no)!;
      expect(c.purpose_code).toBe('MKT');
      if (c.signed_on === null) continue; // a malformed statement
      expect(c.signed_on >= customer.open_dt && c.signed_on <= customer.last_maint_ts.slice(0, 10)).toBe(true);
      if (c.expires_on !== null) expect(c.expires_on > c.signed_on).toBe(true);
    }
    expect(consents.some((c) => c.expires_on !== null)).toBe(true);
    const big = generateSample({ customers: 10_000, seed: 5, now: NOW });
    expect(big.coreBanking.consents.some((c) => c.status === 'X' || c.signed_on === null)).toBe(true);
  });

  it('spreads change timestamps over the three years before now', () => {
    const stamps = [...sample.coreBanking.customers.map((r) => r.last_maint_ts), ...sample.cards.cardholders.map((r) => r.updated_at), ...sample.loans.borrowers.map((r) => r.updated_at)];
    const min = stamps.reduce((a, b) => (a < b ? a : b));
    const max = stamps.reduce((a, b) => (a > b ? a : b));
    expect(max <= NOW.toISOString()).toBe(true);
    expect(min >= new Date(NOW.getTime() - 3 * 366 * 86_400_000).toISOString()).toBe(true);
    expect(min < new Date(NOW.getTime() - 2 * 365 * 86_400_000).toISOString()).toBe(true);
  });
});
