import { standardizePhone } from '../../src/standardize/index.js';

describe('standardizePhone', () => {
  it.each<[string, string]>([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['+8613812345678', '+8613812345678'],
    ['0086 13812345678', '+8613812345678'],
    ['008613812345678', '+8613812345678'],
    ['(0086)13812345678', '+8613812345678'],
    ['(+86) 138-1234-5678', '+8613812345678'],
    ['１３８１２３４５６７８', '+8613812345678'],
    ['+86-10-6552-9988', '+861065529988'],
    ['010-65529988', '+861065529988'],
    ['(010) 6552 9988', '+861065529988'],
    ['+852 9123 4567', '+85291234567'],
    ['+1 (212) 555-0100', '+12125550100'],
  ])('%j -> %s', (text, e164) => {
    expect(standardizePhone(text)).toEqual({ value: e164 });
  });

  it('reads numbers without a country code in the given region', () => {
    expect(standardizePhone('9123 4567', 'HK')).toEqual({ value: '+85291234567' });
    expect(standardizePhone('9123 4567')).toEqual({ flag: 'INVALID' });
    expect(standardizePhone('+86 138 1234 5678', 'HK')).toEqual({ value: '+8613812345678' });
  });

  it.each<[string]>([['12345'], ['1381234567'], ['138123456789'], ['12345678901'], ['10086'], ['n/a'], [''], ['+86'], ['000000000']])(
    '%j: INVALID',
    (text) => {
      expect(standardizePhone(text)).toEqual({ flag: 'INVALID' });
    },
  );

  it('gives the same answer from its cache as on first sight', () => {
    const first = standardizePhone('139 0000 1111');
    expect(standardizePhone('139 0000 1111')).toEqual(first);
    expect(first).toEqual({ value: '+8613900001111' });
  });
});
