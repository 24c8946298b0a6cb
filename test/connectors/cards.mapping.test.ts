import { mapCard, mapCardholder, type CardholderItem } from '../../connectors/cards/cards.mapping.js';

const profile = {
  dateOfBirth: '1985-03-12',
  phone: '+86 138-1234-5678',
  email: 'wei@example.com',
  address: { street: '12 Jianguo Rd', city: 'Beijing', postalCode: '100022', country: 'CN' },
  idDocument: { type: 'RESIDENT_ID', number: '11010119850312001X' },
};
const base: CardholderItem = {
  holderId: 'CH00000001',
  name: 'Wei Zhang',
  status: 'ACTIVE',
  updatedAt: '2024-03-01T10:00:00.123456Z',
  profile: JSON.stringify(profile),
};

describe('mapCardholder', () => {
  it('maps a cardholder and its JSON profile', () => {
    expect(mapCardholder(base)).toEqual({
      ok: true,
      customer: {
        sourceKey: 'CH00000001',
        updatedAt: new Date('2024-03-01T10:00:00.123Z'),
        deleted: false,
        name: { full: 'Wei Zhang', order: 'GIVEN_FAMILY' },
        dateOfBirth: '1985-03-12',
        dateOrder: 'YMD',
        nationalId: { type: 'CN_RESIDENT', number: '11010119850312001X' },
        gender: null,
        phones: ['+86 138-1234-5678'],
        emails: ['wei@example.com'],
        addresses: [{ lines: ['12 Jianguo Rd'], city: 'Beijing', postcode: '100022', country: 'CN' }],
        raw: base,
      },
    });
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['passport', { idDocument: { type: 'passport', number: 'E1' } }, { type: 'PASSPORT', number: 'E1' }],
    ['unknown document type', { idDocument: { type: 'DRIVING_LICENCE', number: 'D1' } }, { type: 'OTHER', number: 'D1' }],
    ['no document number', { idDocument: { type: 'PASSPORT' } }, null],
    ['no document', { idDocument: undefined }, null],
  ])('id document: %s', (_label, patch, expected) => {
    const mapped = mapCardholder({ ...base, profile: JSON.stringify({ ...profile, ...patch }) });
    expect(mapped.ok && mapped.customer.nationalId).toEqual(expected);
  });

  it('reads CLOSED as deleted and an empty profile as no contact data', () => {
    const mapped = mapCardholder({ ...base, status: 'CLOSED', profile: '{}' });
    expect(mapped.ok && mapped.customer).toMatchObject({ deleted: true, phones: [], emails: [], addresses: [], dateOfBirth: null });
  });

  it.each<[string, Partial<CardholderItem>, string]>([
    ['missing key', { holderId: undefined }, 'MISSING_KEY'],
    ['blank key', { holderId: ' ' }, 'MISSING_KEY'],
    ['missing timestamp', { updatedAt: null }, 'BAD_TIMESTAMP'],
    ['unparsable timestamp', { updatedAt: '2024-13-45T99:00:00Z' }, 'BAD_TIMESTAMP'],
    ['truncated profile', { profile: '{"dateOfBirth":"1985-03-12","phone":"138' }, 'UNPARSABLE_PAYLOAD'],
    ['profile that is not an object', { profile: '[1,2]' }, 'UNPARSABLE_PAYLOAD'],
    ['profile missing', { profile: undefined }, 'UNPARSABLE_PAYLOAD'],
    ['no name', { name: '' }, 'MISSING_NAME'],
  ])('quarantines %s with the raw item as text', (_label, patch, reason) => {
    const item = { ...base, ...patch };
    const mapped = mapCardholder(item);
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.quarantine).toMatchObject({ reason, raw: JSON.stringify(item) });
    for (const value of ['Wei', 'Zhang', '1985', '138']) expect(mapped.quarantine.detail).not.toContain(value);
  });
});

describe('mapCard', () => {
  it('maps a card to a CARD holding with its masked number', () => {
    expect(
      mapCard({
        cardId: 'K1',
        holderId: 'CH00000001',
        product: 'VISA_PLATINUM',
        maskedPan: '4111********1111',
        currency: 'CNY',
        creditLimit: 50000,
        balance: 1234.56,
        status: 'ACTIVE',
        openedAt: '2019-05-01',
        lastTxnAt: '2024-02-28',
      }),
    ).toEqual({
      kind: 'CARD',
      sourceKey: 'CH00000001',
      productId: 'K1',
      product: 'VISA_PLATINUM',
      currency: 'CNY',
      balance: 1234.56,
      creditLimit: 50000,
      daysPastDue: null,
      role: null,
      status: 'ACTIVE',
      openedAt: '2019-05-01',
      lastActivityAt: '2024-02-28',
      maskedNumber: '4111********1111',
    });
  });
});

describe('mapCardholder on items of an unexpected shape (issue I, item 3)', () => {
  it.each<[string, unknown, string | null, string]>([
    ['null', null, null, 'the item is not a JSON object'],
    ['a number', 7, null, 'the item is not a JSON object'],
    ['an array', [base], null, 'the item is not a JSON object'],
    ['a number for the holder id', { ...base, holderId: 1 }, null, 'holderId is not text'],
    ['an object for the name', { ...base, name: { full: 'Wei Zhang' } }, 'CH00000001', 'name is not text'],
    ['a profile that is an object, not JSON text', { ...base, profile }, 'CH00000001', 'profile is not text'],
    ['an address that is a list', { ...base, profile: JSON.stringify({ ...profile, address: [profile.address] }) }, 'CH00000001', 'profile.address is not an object'],
    ['a street that is a number', { ...base, profile: JSON.stringify({ ...profile, address: { street: 12 } }) }, 'CH00000001', 'profile.address.street is not text or a list of text'],
    ['an id document number that is a number', { ...base, profile: JSON.stringify({ ...profile, idDocument: { type: 'PASSPORT', number: 1 } }) }, 'CH00000001', 'profile.idDocument.number is not text'],
    ['e-mails that are objects', { ...base, profile: JSON.stringify({ ...profile, email: [{ address: 'x' }] }) }, 'CH00000001', 'profile.email is not text or a list of text'],
  ])('never throws: %s is quarantined as UNPARSABLE_PAYLOAD', (_label, item, sourceKey, detail) => {
    expect(mapCardholder(item as CardholderItem)).toEqual({
      ok: false,
      quarantine: { sourceKey, reason: 'UNPARSABLE_PAYLOAD', detail, raw: JSON.stringify(item) },
    });
  });
});
