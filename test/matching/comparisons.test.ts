import { comparisonVector, FIELDS, prepareRecord, type MatchRecord } from '../../src/matching/engine/index';
import { record } from './records';

const field = (name: string) => FIELDS.findIndex((f) => f.name === name);

/** the level name a field reached for a pair ('null' when a side has no value) */
function level(name: string, a: Partial<MatchRecord>, b: Partial<MatchRecord>): string {
  const f = field(name);
  const l = comparisonVector(prepareRecord(record(1, a)), prepareRecord(record(2, b)))[f]!;
  return l === 0 ? 'null' : FIELDS[f]!.levels[l - 1]!;
}

describe('given name', () => {
  it.each<[string, string | null, string | null, string]>([
    ['same name', 'william', 'william', 'exact'],
    ['a nickname of it', 'william', 'bill', 'nickname'],
    ['two nicknames of one name', 'bill', 'will', 'nickname'],
    ['one letter wrong', 'jonathan', 'jonathon', 'jw>=0.94'],
    ['two letters wrong', 'matthew', 'mathews', 'jw>=0.88'],
    ['a weaker likeness', 'jeffrey', 'geoffrey', 'jw>=0.80'],
    ['an initial', 'j', 'john', 'initial'],
    ['a different name', 'william', 'mary', 'different'],
    ['one side missing', 'william', null, 'null'],
  ])('%s: %s vs %s -> %s', (_label, a, b, expected) => {
    expect(level('givenName', { givenName: a, familyName: 'smith' }, { givenName: b, familyName: 'smith' })).toBe(expected);
  });
});

describe('family name', () => {
  it.each<[string, string, string]>([
    ['zhang', 'zhang', 'exact'],
    ['zhang', 'cheung', 'romanisation'],
    ['chen', 'chan', 'romanisation'],
    ['wang', 'wong', 'romanisation'],
    ['smith', 'smyth', 'jw>=0.88'],
    ['zhang', 'smith', 'different'],
  ])('%s vs %s -> %s', (a, b, expected) => {
    expect(level('familyName', { givenName: 'wei', familyName: a }, { givenName: 'wei', familyName: b })).toBe(expected);
  });

  it('recognises given and family swapped, and scores both names as agreeing', () => {
    const a = { givenName: 'wei', familyName: 'zhang' };
    const b = { givenName: 'zhang', familyName: 'wei' };
    expect(level('givenName', a, b)).toBe('exact');
    expect(level('familyName', a, b)).toBe('exact');
    // crossed with a typo: the better crossed comparison is the family term
    expect(level('givenName', a, { givenName: 'zhnag', familyName: 'wei' })).toBe('jw>=0.94');
    expect(level('familyName', a, { givenName: 'zhnag', familyName: 'wei' })).toBe('exact');
    // a crossing that is not clearly better than the direct comparison is not taken
    expect(level('givenName', a, { givenName: 'wei', familyName: 'wang' })).toBe('exact');
  });

  it('gives the same vector in both directions, swapped or not', () => {
    const pairs: [Partial<MatchRecord>, Partial<MatchRecord>][] = [
      [{ givenName: 'wei', familyName: 'zhang' }, { givenName: 'zhnag', familyName: 'wei' }],
      [{ givenName: 'anna', familyName: 'smith' }, { givenName: 'smith', familyName: 'anna' }],
      [{ givenName: 'bill', familyName: 'jones' }, { givenName: 'william', familyName: 'jones' }],
    ];
    for (const [a, b] of pairs) {
      const ab = comparisonVector(prepareRecord(record(1, a)), prepareRecord(record(2, b)));
      const ba = comparisonVector(prepareRecord(record(2, b)), prepareRecord(record(1, a)));
      expect(ab).toEqual(ba);
    }
  });
});

describe('date of birth', () => {
  it.each<[string, string | null, string]>([
    ['1985-03-12', '1985-03-12', 'exact'],
    ['1985-03-12', '1985-12-03', 'day-month-swapped'],
    ['1985-03-12', '1985-03-13', 'one-digit'],
    ['1985-03-12', '1958-03-12', 'one-digit'], // adjacent digits swapped
    ['1985-03-12', '1985-03-28', 'year-month'],
    ['1985-03-12', '1990-07-01', 'different'],
    ['1985-03-12', null, 'null'],
  ])('%s vs %s -> %s', (a, b, expected) => {
    expect(level('dateOfBirth', { dateOfBirth: a }, { dateOfBirth: b })).toBe(expected);
  });
});

describe('national id', () => {
  it.each<[string, string | null, string]>([
    ['110101198001010011', '110101198001010011', 'exact'],
    ['110101198001010011', '110101198001010012', 'one-edit'], // one character wrong
    ['110101198001010011', '110101198001001011', 'one-edit'], // two adjacent swapped
    ['6408579', '640857', 'one-edit'], // one dropped
    ['6408579', '6480597', 'different'],
    ['6408579', null, 'null'],
  ])('%s vs %s -> %s', (a, b, expected) => {
    expect(level('nationalId', { nationalId: a }, { nationalId: b })).toBe(expected);
  });
});

describe('phones and e-mails', () => {
  it.each<[string[], string[], string]>([
    [['+8613812345678', '+861065529988'], ['+861065529988'], 'exact'],
    [['+8613812345678'], ['+8613812345687'], 'one-edit'],
    [['+8613812345678'], ['+8613900001111'], 'different'],
    [['+8613812345678'], [], 'null'],
  ])('phones %j vs %j -> %s', (a, b, expected) => {
    expect(level('phone', { phones: a }, { phones: b })).toBe(expected);
  });

  it.each<[string[], string[], string]>([
    [['a@x.cn', 'wei.zhang@example.com'], ['wei.zhang@example.com'], 'exact'],
    [['wei.zhang@example.com'], ['wei.zhang@example.con'], 'one-edit'],
    [['wei.zhang@example.com'], ['wei.zhang@other.org'], 'different'],
    [[], ['wei.zhang@example.com'], 'null'],
  ])('e-mails %j vs %j -> %s', (a, b, expected) => {
    expect(level('email', { emails: a }, { emails: b })).toBe(expected);
  });
});

describe('address', () => {
  const home = { addressTokens: ['12', 'nanjing', 'road'], postcode: '200001', city: 'shanghai' };
  it.each<[string, Partial<MatchRecord>, string]>([
    ['same street, postcode and city', home, 'street+place'],
    ['same street, other postcode', { ...home, postcode: '200002' }, 'street'],
    ['street partly the same', { ...home, addressTokens: ['12', 'lane', 'nanjing', 'road', 'west'] }, 'street-partly'],
    ['other street, same postcode and city', { ...home, addressTokens: ['7', 'huaihai', 'road'] }, 'postcode+city'],
    ['other street, same city', { ...home, addressTokens: ['7', 'huaihai', 'road'], postcode: '200031' }, 'postcode-or-city'],
    ['elsewhere', { addressTokens: ['1', 'main', 'street'], postcode: '10001', city: 'new york' }, 'different'],
    ['nothing to compare', {}, 'null'],
    ['a Han city against its pinyin', { addressTokens: ['南京路', '12号'], postcode: '200001', city: '上海' }, 'postcode+city'],
  ])('%s -> %s', (_label, other, expected) => {
    expect(level('address', home, other)).toBe(expected);
  });

  it('does not compare street tokens across scripts', () => {
    expect(level('address', { addressTokens: ['12号', '南京路'] }, { addressTokens: ['12', 'nanjing', 'road'] })).toBe('null');
  });
});

describe('gender', () => {
  it('agrees, disagrees, or says nothing', () => {
    expect(level('gender', { gender: 'F' }, { gender: 'F' })).toBe('agree');
    expect(level('gender', { gender: 'F' }, { gender: 'M' })).toBe('disagree');
    expect(level('gender', { gender: 'F' }, { gender: null })).toBe('null');
  });
});
