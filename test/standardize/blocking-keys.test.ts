import type { SourceCustomer } from '../../connectors/contract.js';
import { blockingKeys, phoneticCode, standardizeCustomer, type StandardizedCustomer } from '../../src/standardize/index.js';

const TODAY = new Date('2026-05-01T00:00:00Z');

function customer(overrides: Partial<SourceCustomer>): SourceCustomer {
  return {
    sourceKey: 'k1',
    updatedAt: TODAY,
    deleted: false,
    name: { full: null, order: 'GIVEN_FAMILY' },
    phones: [],
    emails: [],
    addresses: [],
    raw: {},
    ...overrides,
  };
}

const empty: StandardizedCustomer = {
  givenName: null,
  familyName: null,
  fullName: null,
  nameScript: null,
  givenNamePinyin: null,
  familyNamePinyin: null,
  dateOfBirth: null,
  nationalId: null,
  nationalIdType: null,
  gender: null,
  phones: [],
  emails: [],
  addressTokens: [],
  postcode: null,
  city: null,
  flags: [],
};

describe('blockingKeys', () => {
  it('gives every key a complete record supports, unique and sorted', () => {
    const s = standardizeCustomer(
      customer({
        name: { full: '张伟', order: 'FAMILY_GIVEN' },
        dateOfBirth: '1985-03-12',
        nationalId: { type: 'CN_RESIDENT', number: '440304198503121518' },
        phones: ['138 1234 5678', '+86 138 1234 5678', '+86-10-6552-9988'],
        emails: ['Wei.Zhang@Example.com'],
        addresses: [{ lines: ['建国路88号'], postcode: '100022', country: 'CN' }],
      }),
      TODAY,
    );
    // wei -> A, zhang -> JNK
    expect(blockingKeys(s)).toEqual([
      'dn:1985-03-12:A',
      'dn:1985-03-12:JNK',
      'dp:1985-03-12:100022',
      'em:wei.zhang@example.com',
      'nid:440304198503121518',
      'nn:A:JNK',
      'ny:A:JNK:1985',
      'ph:+861065529988',
      'ph:+8613812345678',
      'pn:A:100022',
      'pn:JNK:100022',
    ]);
  });

  it('puts 张 and Zhang, 欧阳 and OUYANG under the same phonetic family keys', () => {
    const keysOf = (name: SourceCustomer['name']) =>
      blockingKeys(standardizeCustomer(customer({ name, dateOfBirth: '1985-03-12', addresses: [{ lines: [], postcode: '100022' }] }), TODAY));
    expect(keysOf({ full: '张伟', order: 'FAMILY_GIVEN' })).toEqual(keysOf({ full: 'ZHANG, WEI', order: 'FAMILY_GIVEN' }));
    expect(keysOf({ full: '欧阳娜娜', order: 'FAMILY_GIVEN' })).toEqual(keysOf({ full: 'Nana Ouyang', order: 'GIVEN_FAMILY' }));
    expect(keysOf({ full: 'Wei Zhang', local: '张伟', order: 'GIVEN_FAMILY' })).toEqual(keysOf({ given: 'Wei', family: 'Zhang', order: 'GIVEN_FAMILY' }));
  });

  it('gives the Latin family name its Double Metaphone primary code', () => {
    const s: StandardizedCustomer = { ...empty, familyName: 'smith', familyNamePinyin: 'smith', givenNamePinyin: 'john', dateOfBirth: '1970-01-02', postcode: 'SW1A1AA' };
    expect(blockingKeys(s)).toEqual([
      'dn:1970-01-02:JN',
      'dn:1970-01-02:SM0',
      'dp:1970-01-02:SW1A1AA',
      'nn:JN:SM0',
      'ny:JN:SM0:1970',
      'pn:JN:SW1A1AA',
      'pn:SM0:SW1A1AA',
    ]);
  });

  it('gives the same name keys when given and family name are swapped', () => {
    const s: StandardizedCustomer = { ...empty, givenNamePinyin: 'john', familyNamePinyin: 'smith', dateOfBirth: '1970-01-02', postcode: 'SW1A1AA' };
    expect(blockingKeys({ ...s, givenNamePinyin: 'smith', familyNamePinyin: 'john' })).toEqual(blockingKeys(s));
  });

  it('keeps the keys of one name part when the other is misspelt, and the date keys when the name changes', () => {
    const s: StandardizedCustomer = { ...empty, givenNamePinyin: 'john', familyNamePinyin: 'smith', dateOfBirth: '1970-01-02', postcode: 'SW1A1AA' };
    const shared = (t: StandardizedCustomer) => blockingKeys(t).filter((k) => blockingKeys(s).includes(k));
    expect(shared({ ...s, familyNamePinyin: 'xmiht' })).toEqual(['dn:1970-01-02:JN', 'dp:1970-01-02:SW1A1AA', 'pn:JN:SW1A1AA']);
    expect(shared({ ...s, givenNamePinyin: 'mary', familyNamePinyin: 'jones' })).toEqual(['dp:1970-01-02:SW1A1AA']);
    expect(shared({ ...s, dateOfBirth: '1970-12-31' })).toEqual(['nn:JN:SM0', 'ny:JN:SM0:1970', 'pn:JN:SW1A1AA', 'pn:SM0:SW1A1AA']);
  });

  it('leaves out keys whose fields are missing', () => {
    expect(blockingKeys(empty)).toEqual([]);
    expect(blockingKeys({ ...empty, familyNamePinyin: 'zhang' })).toEqual([]);
    expect(blockingKeys({ ...empty, familyNamePinyin: 'zhang', postcode: '100022' })).toEqual(['pn:JNK:100022']);
    expect(blockingKeys({ ...empty, dateOfBirth: '1985-03-12' })).toEqual([]);
    expect(blockingKeys({ ...empty, phones: ['+8613812345678'], emails: ['a@b.cn'] })).toEqual(['em:a@b.cn', 'ph:+8613812345678']);
  });
});

describe('phoneticCode', () => {
  it.each<[string, string | null]>([
    ['zhang', 'JNK'],
    ['ZHANG', 'JNK'],
    ['smith', 'SM0'],
    ['ouyang', 'ANK'],
    ["o'brien", 'APRN'],
    ['', null],
    ['张', null],
  ])('%j -> %j', (name, code) => {
    expect(phoneticCode(name)).toBe(code);
  });
});
