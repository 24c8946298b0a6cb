import type { SourceAddress } from '../../connectors/contract.js';
import { standardizeCity, standardizePostcode, tokenizeAddress } from '../../src/standardize/index.js';

describe('tokenizeAddress', () => {
  it('expands abbreviations, folds case and punctuation, sorts unique tokens', () => {
    const a: SourceAddress = { lines: ['12 Nanjing Rd.', 'Apt 5, 12 St. Mary Ave'], city: 'Shanghai', postcode: '200001', country: 'CN' };
    expect(tokenizeAddress(a)).toEqual({
      tokens: ['12', '5', 'apartment', 'avenue', 'mary', 'nanjing', 'road', 'street'],
      postcode: '200001',
      city: 'shanghai',
    });
  });

  it('gives the same tokens for abbreviated and spelled-out forms, and for pinyin street words', () => {
    const short = tokenizeAddress({ lines: ['88 JIANGUO RD'] }).tokens;
    expect(tokenizeAddress({ lines: ['88 Jianguo Road'] }).tokens).toEqual(short);
    expect(tokenizeAddress({ lines: ['88 Jianguo Lu'] }).tokens).toEqual(short);
  });

  it('folds diacritics and full-width characters', () => {
    expect(tokenizeAddress({ lines: ['Ｒｕａ São João １２'], city: 'São Paulo' })).toEqual({
      tokens: ['12', 'joao', 'rua', 'sao'],
      postcode: null,
      city: 'sao paulo',
    });
  });

  it('cuts a Han address after each administrative or street unit', () => {
    expect(tokenizeAddress({ lines: ['上海市浦东新区世纪大道100号3号楼1203室'], city: '上海市', postcode: '200120', country: 'CN' })).toEqual({
      tokens: ['100号', '1203室', '3号楼', '上海市', '世纪大道', '浦东新区'],
      postcode: '200120',
      city: '上海',
    });
    expect(tokenizeAddress({ lines: ['广东省 深圳市 南山区 科技园南路１８号 A座'] }).tokens).toEqual(['18号', 'a座', '南山区', '广东省', '深圳市', '科技园南路']);
  });

  it('keeps what follows the last unit as one more token', () => {
    expect(tokenizeAddress({ lines: ['北京市朝阳区建国门外大街甲6号SK大厦'] }).tokens).toEqual(['sk大厦', '北京市', '建国门外大街', '朝阳区', '甲6号']);
  });

  it('leaves out a postcode that is not valid, and an absent city', () => {
    expect(tokenizeAddress({ lines: ['1 Main St'], postcode: '12345', country: 'CN' })).toEqual({ tokens: ['1', 'main', 'street'], postcode: null, city: null });
  });
});

describe('standardizePostcode', () => {
  it.each<[string, string | null | undefined, string]>([
    ['100022', 'CN', '100022'],
    [' 100 022 ', 'cn', '100022'],
    ['１０００２２', 'CN', '100022'],
    ['sw1a 1aa', 'GB', 'SW1A1AA'],
    ['12345-6789', 'US', '123456789'],
    ['999077', undefined, '999077'],
  ])('%j (%s) -> %s', (text, country, code) => {
    expect(standardizePostcode(text, country)).toEqual({ value: code });
  });

  it.each<[string, string | null]>([
    ['10002', 'CN'],
    ['1000222', 'CN'],
    ['A00022', 'CN'],
    ['12', 'US'],
    ['#1234', null],
  ])('%j (%s): INVALID', (text, country) => {
    expect(standardizePostcode(text, country)).toEqual({ flag: 'INVALID' });
  });
});

describe('standardizeCity', () => {
  it.each<[string | null, string | null]>([
    ['BEIJING', 'beijing'],
    ['  Hong   Kong ', 'hong kong'],
    ['Zürich', 'zurich'],
    ['北京市', '北京'],
    ['北京', '北京'],
    ['市', '市'],
    ['', null],
    [null, null],
  ])('%j -> %j', (text, city) => {
    expect(standardizeCity(text)).toBe(city);
  });
});
