import {
  birthDateFromResidentId,
  genderFromResidentId,
  residentIdCheckChar,
  standardizeChineseResidentId,
  standardizeNationalId,
  standardizePassport,
} from '../../src/standardize/index.js';

const TODAY = new Date('2026-05-01T00:00:00Z');

describe('standardizeChineseResidentId', () => {
  it.each<[string, string]>([
    ['440304198503121518', '440304198503121518'],
    ['11010519491231002X', '11010519491231002X'],
    ['11010519491231002x', '11010519491231002X'],
    ['110105 19491231 002x', '11010519491231002X'],
    ['440304-19850312-1518', '440304198503121518'],
    ['４４０３０４１９８５０３１２１５１８', '440304198503121518'],
    ['110105200002290013', '110105200002290013'],
  ])('%s -> %s', (text, id) => {
    expect(standardizeChineseResidentId(text, TODAY)).toEqual({ value: id });
  });

  it('converts a 15-digit legacy id: century 19 inserted, check character computed', () => {
    expect(standardizeChineseResidentId('440304850312151', TODAY)).toEqual({ value: '440304198503121518' });
    expect(standardizeChineseResidentId('110105491231002', TODAY)).toEqual({ value: '11010519491231002X' });
  });

  it.each<[string]>([['440304198503121519'], ['110105194912310023'], ['440304198503121510']])(
    '%s has a wrong check character: BAD_CHECKSUM',
    (text) => {
      expect(standardizeChineseResidentId(text, TODAY)).toEqual({ flag: 'BAD_CHECKSUM' });
    },
  );

  it.each<[string]>([['44030419850312151'], ['4403041985031215180'], ['4403048503121'], ['']])('%j: BAD_LENGTH', (text) => {
    expect(standardizeChineseResidentId(text, TODAY)).toEqual({ flag: 'BAD_LENGTH' });
  });

  it.each<[string, string]>([
    ['110105200102290010', 'impossible birth date, valid check character'],
    ['440304198513121518', 'month 13'],
    ['440304850230151', '15-digit with 30 Feb'],
    ['44030419850312X518', 'X not in last place'],
    ['44030419850312151A', 'letter check character'],
    ['440304203001011512', 'birth date in the future'],
    ['440304188001011512', 'birth date before 1900'],
  ])('%s (%s): INVALID', (text) => {
    expect(standardizeChineseResidentId(text, TODAY)).toEqual({ flag: 'INVALID' });
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(residentIdCheckChar('44030419850312151')).toBe('8');
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });
});

describe('facts inside a resident id', () => {
  it('gives the birth date of a valid id of either length, else null', () => {
    expect(birthDateFromResidentId('440304198503121518', TODAY)).toBe('1985-03-12');
    expect(birthDateFromResidentId('440304850312151', TODAY)).toBe('1985-03-12');
    expect(birthDateFromResidentId('440304198503121519', TODAY)).toBeNull();
  });

  it('gives the gender from the 17th digit (odd = M) of a valid id, else null', () => {
    expect(genderFromResidentId('440304198503121518', TODAY)).toBe('M');
    expect(genderFromResidentId('11010519491231002X', TODAY)).toBe('F');
    expect(genderFromResidentId('11010519491231002Y', TODAY)).toBeNull();
  });
});

describe('standardizePassport', () => {
  it.each<[string, string]>([
    ['e12345678', 'E12345678'],
    [' G 1234 5678 ', 'G12345678'],
    ['AB123', 'AB123'],
    ['12345678901234567890', '12345678901234567890'],
  ])('%j -> %s', (text, number) => {
    expect(standardizePassport(text)).toEqual({ value: number });
  });

  it.each<[string]>([['AB12'], ['123456789012345678901'], ['E1234-5678'], ['E1234567#'], ['']])('%j: INVALID', (text) => {
    expect(standardizePassport(text)).toEqual({ flag: 'INVALID' });
  });
});

describe('standardizeNationalId', () => {
  it('applies the rule of the id type', () => {
    expect(standardizeNationalId({ type: 'CN_RESIDENT', number: '440304850312151' }, TODAY)).toEqual({ value: '440304198503121518' });
    expect(standardizeNationalId({ type: 'PASSPORT', number: 'e1234567' }, TODAY)).toEqual({ value: 'E1234567' });
    expect(standardizeNationalId({ type: 'OTHER', number: 'hk-a123456(7)' }, TODAY)).toEqual({ value: 'HKA1234567' });
    expect(standardizeNationalId({ type: 'OTHER', number: '--' }, TODAY)).toEqual({ flag: 'INVALID' });
  });
});
