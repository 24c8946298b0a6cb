import type { SourceCustomer } from '../../connectors/contract.js';
import { standardizeCustomer } from '../../src/standardize/index.js';

const TODAY = new Date('2026-05-01T00:00:00Z');

function customer(overrides: Partial<SourceCustomer>): SourceCustomer {
  return {
    sourceKey: 'k1',
    updatedAt: TODAY,
    deleted: false,
    name: { full: 'ZHANG, WEI', order: 'FAMILY_GIVEN' },
    phones: [],
    emails: [],
    addresses: [],
    raw: {},
    ...overrides,
  };
}

describe('standardizeCustomer', () => {
  it('standardizes a core-banking style record', () => {
    expect(
      standardizeCustomer(
        customer({
          name: { full: 'ZHANG, WEI', local: '张伟', order: 'FAMILY_GIVEN' },
          dateOfBirth: '1985-03-12',
          nationalId: { type: 'CN_RESIDENT', number: '440304850312151' },
          phones: ['138 1234 5678', '+86 138 1234 5678', '(0086)13900001111'],
          emails: [' Wei.Zhang@Example.COM', 'wei.zhang@example.com'],
          addresses: [
            { lines: ['北京市朝阳区建国路88号'], city: '北京市', postcode: '100022', country: 'CN' },
            { lines: ['somewhere else'] },
          ],
        }),
        TODAY,
      ),
    ).toEqual({
      givenName: '伟',
      familyName: '张',
      fullName: '张伟',
      nameScript: 'CJK',
      givenNamePinyin: 'wei',
      familyNamePinyin: 'zhang',
      dateOfBirth: '1985-03-12',
      nationalId: '440304198503121518',
      nationalIdType: 'CN_RESIDENT',
      gender: 'M',
      phones: ['+8613812345678', '+8613900001111'],
      emails: ['wei.zhang@example.com'],
      addressTokens: ['88号', '北京市', '建国路', '朝阳区'],
      postcode: '100022',
      city: '北京',
      flags: [],
    });
  });

  it('standardizes a cards style record with a DMY date', () => {
    expect(
      standardizeCustomer(
        customer({
          name: { full: 'José Müller', order: 'GIVEN_FAMILY' },
          dateOfBirth: '12/03/85',
          dateOrder: 'DMY',
          gender: 'M',
          phones: ['+41 44 668 18 00'],
          emails: ['jose@example.ch'],
          addresses: [{ lines: ['Bahnhofstr. 1'], city: 'Zürich', postcode: '8001', country: 'CH' }],
        }),
        TODAY,
      ),
    ).toMatchObject({
      givenName: 'jose',
      familyName: 'muller',
      fullName: 'José Müller',
      nameScript: 'LATIN',
      givenNamePinyin: 'jose',
      familyNamePinyin: 'muller',
      dateOfBirth: '1985-03-12',
      nationalId: null,
      nationalIdType: null,
      gender: 'M',
      phones: ['+41446681800'],
      postcode: '8001',
      city: 'zurich',
      flags: [],
    });
  });

  it('flags every invalid value once and leaves the value out', () => {
    const s = standardizeCustomer(
      customer({
        name: { full: '12345', order: 'GIVEN_FAMILY' },
        dateOfBirth: '1985-02-30',
        nationalId: { type: 'CN_RESIDENT', number: '440304198503121519' },
        phones: ['12345', '13812345678', 'n/a'],
        emails: ['not-an-email', 'ok@example.com'],
        addresses: [{ lines: ['1 Main St'], postcode: '1234', country: 'CN' }],
      }),
      TODAY,
    );
    expect(s).toMatchObject({
      givenName: null,
      familyName: null,
      fullName: null,
      dateOfBirth: null,
      nationalId: null,
      nationalIdType: null,
      gender: null,
      phones: ['+8613812345678'],
      emails: ['ok@example.com'],
      postcode: null,
    });
    expect(s.flags).toEqual([
      { field: 'name', code: 'INVALID' },
      { field: 'dateOfBirth', code: 'IMPOSSIBLE_DATE' },
      { field: 'nationalId', code: 'BAD_CHECKSUM' },
      { field: 'phone', code: 'INVALID' },
      { field: 'phone', code: 'INVALID' },
      { field: 'email', code: 'INVALID' },
      { field: 'address', code: 'INVALID' },
    ]);
  });

  describe('date of birth against the resident id', () => {
    const id = { type: 'CN_RESIDENT' as const, number: '440304198503121518' };

    it('keeps the source date and flags AMBIGUOUS when they disagree', () => {
      const s = standardizeCustomer(customer({ dateOfBirth: '1985-12-03', nationalId: id }), TODAY);
      expect(s.dateOfBirth).toBe('1985-12-03');
      expect(s.nationalId).toBe('440304198503121518');
      expect(s.flags).toEqual([{ field: 'dateOfBirth', code: 'AMBIGUOUS' }]);
    });

    it('does not flag when they agree', () => {
      expect(standardizeCustomer(customer({ dateOfBirth: '12/03/1985', dateOrder: 'DMY', nationalId: id }), TODAY).flags).toEqual([]);
    });

    it('does not take the date from the id when the source has none', () => {
      const s = standardizeCustomer(customer({ nationalId: id }), TODAY);
      expect(s.dateOfBirth).toBeNull();
      expect(s.flags).toEqual([]);
    });

    it('does not compare with an id that failed its checksum', () => {
      const s = standardizeCustomer(customer({ dateOfBirth: '1990-01-01', nationalId: { ...id, number: '440304198503121519' } }), TODAY);
      expect(s.flags).toEqual([{ field: 'nationalId', code: 'BAD_CHECKSUM' }]);
    });
  });

  describe('gender', () => {
    const female = { type: 'CN_RESIDENT' as const, number: '11010519491231002X' };

    it('comes from the source when given', () => {
      expect(standardizeCustomer(customer({ gender: 'M', nationalId: female }), TODAY).gender).toBe('M');
    });

    it('comes from a valid resident id otherwise', () => {
      expect(standardizeCustomer(customer({ nationalId: female }), TODAY).gender).toBe('F');
      expect(standardizeCustomer(customer({ nationalId: { type: 'PASSPORT', number: 'E12345678' } }), TODAY).gender).toBeNull();
    });
  });

  it('reads a source without a date order as year-first and flags an undecidable d/m date', () => {
    expect(standardizeCustomer(customer({ dateOfBirth: '05/03/1985' }), TODAY)).toMatchObject({
      dateOfBirth: null,
      flags: [{ field: 'dateOfBirth', code: 'AMBIGUOUS' }],
    });
  });

  it('reads local phone numbers in the address country', () => {
    const s = standardizeCustomer(customer({ phones: ['9123 4567'], addresses: [{ lines: ['1 Queen’s Road Central'], country: 'HK' }] }), TODAY);
    expect(s.phones).toEqual(['+85291234567']);
  });

  it('uses the first address that has content, and flags one that yields nothing', () => {
    expect(standardizeCustomer(customer({ addresses: [{ lines: ['', ' '] }, { lines: ['2 Bay Rd'] }] }), TODAY).addressTokens).toEqual(['2', 'bay', 'road']);
    expect(standardizeCustomer(customer({ addresses: [{ lines: ['---'] }] }), TODAY).flags).toEqual([{ field: 'address', code: 'UNPARSABLE' }]);
  });

  it('treats blank values as absent, not invalid', () => {
    const s = standardizeCustomer(
      customer({ dateOfBirth: ' ', nationalId: { type: 'PASSPORT', number: '' }, phones: [''], emails: ['  '], addresses: [{ lines: [] }] }),
      TODAY,
    );
    expect(s).toMatchObject({ dateOfBirth: null, nationalId: null, phones: [], emails: [], addressTokens: [], flags: [] });
  });
});
