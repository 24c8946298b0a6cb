import { checkCustomer, nameKey, type LinkedRecordFacts } from '../../src/quality/checks/customer-checks';
import { checkRecordRule, type RecordFacts } from '../../src/quality/checks/record-checks';
import { DEFAULT_RULES, enabledRules, parseRule, RuleError, type QualityRule } from '../../src/quality/checks/rules';
import { checkSourceRule } from '../../src/quality/checks/source-checks';

const TODAY = new Date('2026-01-01T00:00:00Z');
const rules = enabledRules(DEFAULT_RULES.map((r, i) => ({ ...r, id: i + 1 })));
const rule = (code: string): QualityRule => rules.find((r) => r.code === code)!;

// 11010519491231002X is the textbook example of a valid resident id (born 1949-12-31)
const good: RecordFacts = {
  system: 'core_banking',
  hasName: true,
  dateOfBirth: '1949-12-31',
  nationalId: '11010519491231002X',
  nationalIdType: 'CN_RESIDENT',
  gender: 'F',
  phones: ['+8613812345678'],
  emails: ['wei.zhang@example.com'],
  hasAddress: true,
  flags: [],
};
const check = (code: string, over: Partial<RecordFacts>) => checkRecordRule(rule(code), { ...good, ...over }, TODAY);

describe('record checks: each rule on a good and a bad value', () => {
  it('the good record has no finding under any default rule', () => {
    for (const r of rules) expect(checkRecordRule(r, good, TODAY)).toEqual([]);
  });

  it('NATIONAL_ID_VALID reports the standardizer’s code for a rejected id', () => {
    expect(check('NATIONAL_ID_VALID', { nationalId: null, nationalIdType: null, flags: [{ field: 'nationalId', code: 'BAD_CHECKSUM' }] }))
      .toEqual([{ rule: 'NATIONAL_ID_VALID', field: 'nationalId', reason: 'BAD_CHECKSUM' }]);
  });

  it('RESIDENT_ID_BIRTH_DATE: the id’s birth date against the record’s', () => {
    expect(check('RESIDENT_ID_BIRTH_DATE', { dateOfBirth: '1949-12-31' })).toEqual([]);
    expect(check('RESIDENT_ID_BIRTH_DATE', { dateOfBirth: '1949-03-12' })).toEqual([{ rule: 'RESIDENT_ID_BIRTH_DATE', field: 'dateOfBirth', reason: 'DIFFERS_FROM_RESIDENT_ID' }]);
    // a stored id that no longer passes its check digit is reported, not compared
    expect(check('RESIDENT_ID_BIRTH_DATE', { nationalId: '110105194912310021' })).toEqual([{ rule: 'RESIDENT_ID_BIRTH_DATE', field: 'nationalId', reason: 'BAD_CHECKSUM' }]);
    // a passport has no birth date
    expect(check('RESIDENT_ID_BIRTH_DATE', { nationalId: 'E12345678', nationalIdType: 'PASSPORT', dateOfBirth: '1980-01-01' })).toEqual([]);
  });

  it('PHONE_VALID: invalid numbers, and non-mobiles when the rule asks for mobiles', () => {
    expect(check('PHONE_VALID', { phones: ['+8612345'] })).toEqual([{ rule: 'PHONE_VALID', field: 'phone', reason: 'INVALID' }]);
    expect(check('PHONE_VALID', { phones: [], flags: [{ field: 'phone', code: 'INVALID' }] })).toEqual([{ rule: 'PHONE_VALID', field: 'phone', reason: 'INVALID' }]);
    const mobileOnly = parseRule({ id: 99, code: 'MOBILE', kind: 'VALIDITY', check: 'phoneFormat', parameters: { mobileOnly: true }, severity: 'WARNING', enabled: true });
    // a Beijing landline is a valid number but no mobile
    expect(checkRecordRule(mobileOnly, { ...good, phones: ['+861065529988'] }, TODAY)).toEqual([{ rule: 'MOBILE', field: 'phone', reason: 'NOT_MOBILE' }]);
    expect(checkRecordRule(mobileOnly, good, TODAY)).toEqual([]);
  });

  it('EMAIL_VALID: flagged and malformed addresses', () => {
    expect(check('EMAIL_VALID', { emails: ['not an address'] })).toEqual([{ rule: 'EMAIL_VALID', field: 'email', reason: 'INVALID' }]);
    expect(check('EMAIL_VALID', { emails: [], flags: [{ field: 'email', code: 'INVALID' }] })).toEqual([{ rule: 'EMAIL_VALID', field: 'email', reason: 'INVALID' }]);
  });

  it('DATE_OF_BIRTH_RANGE: not in the future, not before 1900', () => {
    expect(check('DATE_OF_BIRTH_RANGE', { dateOfBirth: '2026-01-02' })).toEqual([{ rule: 'DATE_OF_BIRTH_RANGE', field: 'dateOfBirth', reason: 'IN_FUTURE' }]);
    expect(check('DATE_OF_BIRTH_RANGE', { dateOfBirth: '1899-12-31' })).toEqual([{ rule: 'DATE_OF_BIRTH_RANGE', field: 'dateOfBirth', reason: 'BEFORE_EARLIEST' }]);
    expect(check('DATE_OF_BIRTH_RANGE', { dateOfBirth: '2026-01-01' })).toEqual([]);
    expect(check('DATE_OF_BIRTH_RANGE', { dateOfBirth: null, flags: [{ field: 'dateOfBirth', code: 'OUT_OF_RANGE' }] })).toEqual([{ rule: 'DATE_OF_BIRTH_RANGE', field: 'dateOfBirth', reason: 'OUT_OF_RANGE' }]);
    // a birth date read two ways is not a range problem
    expect(check('DATE_OF_BIRTH_RANGE', { flags: [{ field: 'dateOfBirth', code: 'AMBIGUOUS' }] })).toEqual([]);
    const adults = parseRule({ id: 98, code: 'ADULT', kind: 'VALIDITY', check: 'dateRange', parameters: { minAgeYears: 18 }, severity: 'INFO', enabled: true });
    expect(checkRecordRule(adults, { ...good, dateOfBirth: '2008-01-02' }, TODAY)).toEqual([{ rule: 'ADULT', field: 'dateOfBirth', reason: 'TOO_YOUNG' }]);
    expect(checkRecordRule(adults, { ...good, dateOfBirth: '2008-01-01' }, TODAY)).toEqual([]);
  });

  it('REQUIRED_FIELDS per source system: missing is neither a value nor a rejected one', () => {
    expect(check('REQUIRED_FIELDS', { dateOfBirth: null, phones: [] })).toEqual([
      { rule: 'REQUIRED_FIELDS', field: 'dateOfBirth', reason: 'MISSING' },
      { rule: 'REQUIRED_FIELDS', field: 'phone', reason: 'MISSING' },
    ]);
    // a rejected id is the validity rule's finding, not a missing one
    expect(check('REQUIRED_FIELDS', { nationalId: null, flags: [{ field: 'nationalId', code: 'BAD_CHECKSUM' }] })).toEqual([]);
    // cards need no id, but an e-mail
    expect(check('REQUIRED_FIELDS', { system: 'cards', nationalId: null, emails: [] })).toEqual([{ rule: 'REQUIRED_FIELDS', field: 'email', reason: 'MISSING' }]);
    expect(check('REQUIRED_FIELDS', { system: 'unknown_system', nationalId: null })).toEqual([]);
  });

  it('a rule limited to some systems skips the others', () => {
    const coreOnly = parseRule({ id: 97, code: 'CORE_EMAIL', kind: 'VALIDITY', check: 'emailFormat', parameters: { systems: ['core_banking'] }, severity: 'INFO', enabled: true });
    expect(checkRecordRule(coreOnly, { ...good, emails: ['x'] }, TODAY)).toHaveLength(1);
    expect(checkRecordRule(coreOnly, { ...good, system: 'cards', emails: ['x'] }, TODAY)).toEqual([]);
  });
});

describe('customer checks: cross-source consistency', () => {
  const record = (over: Partial<LinkedRecordFacts>): LinkedRecordFacts => ({ system: 'core_banking', dateOfBirth: '1985-03-12', nationalId: 'E1234567', nameKey: nameKey('zhang', 'wei'), ...over });

  it('agreeing records (names across scripts and orders) have no finding; nulls do not disagree', () => {
    expect(checkCustomer(rules, [record({}), record({ system: 'cards', nameKey: nameKey('Wei', 'Zhang'), nationalId: null })])).toEqual([]);
  });

  it('date of birth, id and name differing are findings with counts, never values', () => {
    const findings = checkCustomer(rules, [record({}), record({ system: 'loans', dateOfBirth: '1985-12-03', nationalId: 'E1234576', nameKey: nameKey('chang', 'wei') })]);
    expect(findings).toEqual([
      { rule: 'CROSS_SOURCE_CONSISTENCY', field: 'dateOfBirth', reason: 'DIFFERS_ACROSS_SOURCES', detail: { distinctValues: 2 } },
      { rule: 'CROSS_SOURCE_CONSISTENCY', field: 'nationalId', reason: 'DIFFERS_ACROSS_SOURCES', detail: { distinctValues: 2 } },
      { rule: 'CROSS_SOURCE_CONSISTENCY', field: 'name', reason: 'DIFFERS_ACROSS_SOURCES', detail: { distinctValues: 2 } },
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/1985|E12|chang/);
  });

  it('two records of one system that disagree are a finding within the source', () => {
    expect(checkCustomer(rules, [record({}), record({ dateOfBirth: '1985-03-13' })])[0]).toMatchObject({ field: 'dateOfBirth', reason: 'DIFFERS_WITHIN_SOURCE' });
  });
});

describe('source checks: timeliness', () => {
  const now = new Date('2026-01-02T00:00:00Z');
  it('a source read to its end within the interval is fine; older or never is a finding', () => {
    const r = rule('SOURCE_FRESHNESS');
    expect(checkSourceRule(r, { system: 'cards', caughtUpAt: new Date('2026-01-01T01:00:00Z'), lastRunFailed: false }, now)).toEqual([]);
    expect(checkSourceRule(r, { system: 'cards', caughtUpAt: new Date('2025-12-31T23:00:00Z'), lastRunFailed: true }, now))
      .toEqual([{ rule: 'SOURCE_FRESHNESS', field: null, reason: 'STALE', detail: { maxAgeMinutes: 1440, lastRunFailed: true, ageMinutes: 1500 } }]);
    expect(checkSourceRule(r, { system: 'cards', caughtUpAt: null, lastRunFailed: false }, now)[0]).toMatchObject({ reason: 'NEVER_SYNCED' });
    const perSystem = parseRule({ id: 96, code: 'FRESH', kind: 'TIMELINESS', check: 'sourceFreshness', parameters: { maxAgeMinutes: 1440, bySystem: { cards: 60 } }, severity: 'ERROR', enabled: true });
    expect(checkSourceRule(perSystem, { system: 'cards', caughtUpAt: new Date('2026-01-01T22:00:00Z'), lastRunFailed: false }, now)[0]).toMatchObject({ reason: 'STALE' });
  });
});

describe('rules as data', () => {
  it('refuses an unknown check, a kind that is not the check’s, a bad severity and malformed parameters', () => {
    const base = { id: 1, code: 'X', kind: 'VALIDITY', check: 'emailFormat', parameters: {}, severity: 'INFO', enabled: true };
    expect(() => parseRule({ ...base, check: 'nope' })).toThrow(RuleError);
    expect(() => parseRule({ ...base, kind: 'COMPLETENESS' })).toThrow(RuleError);
    expect(() => parseRule({ ...base, severity: 'LOUD' })).toThrow(RuleError);
    expect(() => parseRule({ ...base, parameters: { unknown: 1 } })).toThrow(RuleError);
    expect(() => parseRule({ ...base, kind: 'COMPLETENESS', check: 'requiredFields', parameters: { bySystem: { cards: ['shoeSize'] } } })).toThrow(/bySystem/);
  });

  it('a disabled rule does not run', () => {
    const off = enabledRules([{ ...DEFAULT_RULES[3]!, id: 4, enabled: false }]);
    expect(off).toEqual([]);
  });
});
