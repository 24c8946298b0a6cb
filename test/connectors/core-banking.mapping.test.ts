import { mapCifCustomer, mapDepositAccount, type CifConsentRow, type CifCustomerRow } from '../../connectors/core-banking/core-banking.mapping.js';

const base: CifCustomerRow = {
  cif_no: 'C0000000001',
  cust_name: 'SMITH, JOHN',
  cust_name_en: null,
  id_type: '02',
  id_no: 'E12345678',
  birth_dt: '1980-02-29',
  gender: 'M',
  mobile_no: '13812345678',
  email: 'john@example.com',
  open_dt: '2010-01-01',
  status: 'A',
  last_maint_ts: '2024-03-01T10:00:00.123456Z',
  addresses: [
    { addr_seq: 1, addr_type: 'HOME', line1: '1 Main St', line2: null, city: 'Beijing', province: 'BJ', postcode: '100000', country: 'CN' },
    { addr_seq: 2, addr_type: 'MAIL', line1: ' ', line2: null, city: null, province: null, postcode: null, country: null },
  ],
};

const MKT: CifConsentRow = { purpose_code: 'MKT', status: 'Y', signed_on: '2023-05-04', channel: 'MB', expires_on: '2025-05-04' };

describe('mapCifCustomer', () => {
  it('maps a Latin-name customer in the source formats', () => {
    const mapped = mapCifCustomer(base);
    expect(mapped).toEqual({
      ok: true,
      customer: {
        sourceKey: 'C0000000001',
        updatedAt: new Date('2024-03-01T10:00:00.123Z'),
        deleted: false,
        name: { full: 'SMITH, JOHN', local: null, order: 'FAMILY_GIVEN' },
        dateOfBirth: '1980-02-29',
        dateOrder: 'YMD',
        nationalId: { type: 'PASSPORT', number: 'E12345678' },
        gender: 'M',
        phones: ['13812345678'],
        emails: ['john@example.com'],
        addresses: [{ lines: ['1 Main St'], city: 'Beijing', province: 'BJ', postcode: '100000', country: 'CN' }],
        consents: [],
        raw: base,
      },
    });
  });

  it.each<[string, Partial<CifCustomerRow>, { full: string | null; local: string | null }]>([
    ['CJK with romanised: romanised is full, CJK is local', { cust_name: '张伟', cust_name_en: 'ZHANG, WEI' }, { full: 'ZHANG, WEI', local: '张伟' }],
    ['CJK alone stays full', { cust_name: '张伟', cust_name_en: null }, { full: '张伟', local: null }],
    ['Latin with an English copy keeps cust_name', { cust_name: 'SMITH, JOHN', cust_name_en: 'SMITH, JOHN' }, { full: 'SMITH, JOHN', local: null }],
    ['only cust_name_en', { cust_name: '  ', cust_name_en: 'ZHANG, WEI' }, { full: 'ZHANG, WEI', local: null }],
  ])('name: %s', (_label, patch, expected) => {
    const mapped = mapCifCustomer({ ...base, ...patch });
    expect(mapped.ok && mapped.customer.name).toEqual({ ...expected, order: 'FAMILY_GIVEN' });
  });

  it.each<[string, Partial<CifCustomerRow>, unknown]>([
    ['01 is a resident id', { id_type: '01', id_no: '110101198001010011' }, { type: 'CN_RESIDENT', number: '110101198001010011' }],
    ['02 is a passport', { id_type: '02', id_no: 'E1' }, { type: 'PASSPORT', number: 'E1' }],
    ['99 is other', { id_type: '99', id_no: 'X1' }, { type: 'OTHER', number: 'X1' }],
    ['no type is other', { id_type: null, id_no: 'X1' }, { type: 'OTHER', number: 'X1' }],
    ['blank number is none', { id_type: '01', id_no: ' ' }, null],
  ])('national id: %s', (_label, patch, expected) => {
    const mapped = mapCifCustomer({ ...base, ...patch });
    expect(mapped.ok && mapped.customer.nationalId).toEqual(expected);
  });

  it('treats status C as deleted, drops blank phone and e-mail, reads unknown gender as null', () => {
    const mapped = mapCifCustomer({ ...base, status: 'C', mobile_no: '', email: '  ', gender: 'X' });
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.customer).toMatchObject({ deleted: true, phones: [], emails: [], gender: null });
  });

  it.each<[string, Partial<CifCustomerRow>, string, string]>([
    ['blank key', { cif_no: '   ' }, 'MISSING_KEY', 'cif_no'],
    ['null key', { cif_no: null }, 'MISSING_KEY', 'cif_no'],
    ['infinite timestamp', { last_maint_ts: 'infinity' }, 'BAD_TIMESTAMP', 'last_maint_ts'],
    ['missing timestamp', { last_maint_ts: null }, 'BAD_TIMESTAMP', 'last_maint_ts'],
    ['zoneless timestamp', { last_maint_ts: '2024-03-01 10:00:00' }, 'BAD_TIMESTAMP', 'last_maint_ts'],
    ['no name at all', { cust_name: ' ', cust_name_en: null }, 'MISSING_NAME', 'cust_name'],
    ['an unknown consent status', { consents: [{ ...MKT, status: 'X' }] }, 'BAD_CONSENT', 'cif_consent.status'],
    ['a consent without a signing date', { consents: [{ ...MKT, signed_on: null }] }, 'BAD_CONSENT', 'cif_consent.signed_on'],
    ['a consent code no one mapped', { consents: [MKT, { ...MKT, purpose_code: 'THP' }] }, 'BAD_CONSENT', 'cif_consent.purpose_code'],
  ])('quarantines %s', (_label, patch, reason, field) => {
    const row = { ...base, ...patch };
    const mapped = mapCifCustomer(row);
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.quarantine.reason).toBe(reason);
    expect(mapped.quarantine.detail).toContain(field);
    expect(mapped.quarantine.raw).toBe(JSON.stringify(row));
    // the detail names the field, never a personal value
    for (const value of ['SMITH', 'JOHN', '13812345678', 'E12345678']) expect(mapped.quarantine.detail).not.toContain(value);
  });

  it.each<[string, Partial<CifConsentRow>, object]>([
    ['Y is a grant, with its expiry', {}, { status: 'GRANTED', givenAt: '2023-05-04', expiresAt: '2025-05-04', channel: 'APP' }],
    ['N is a refusal', { status: 'N', expires_on: null, channel: 'BR' }, { status: 'DENIED', expiresAt: null, channel: 'BRANCH' }],
    ['W is a withdrawal', { status: 'W', channel: 'IB' }, { status: 'REVOKED', channel: 'WEB' }],
    ['an unknown channel keeps its code', { channel: 'ATM' }, { channel: 'ATM' }],
    ['no channel is UNKNOWN', { channel: null }, { channel: 'UNKNOWN' }],
  ])('maps the marketing consent: %s', (_label, patch, expected) => {
    const mapped = mapCifCustomer({ ...base, consents: [{ ...MKT, ...patch }] });
    expect(mapped.ok && mapped.customer.consents).toEqual([
      {
        purpose: 'MARKETING',
        categories: ['IDENTITY', 'CONTACT', 'FINANCIAL', 'PROFILING'],
        status: 'GRANTED',
        givenAt: '2023-05-04',
        expiresAt: '2025-05-04',
        channel: 'APP',
        evidence: 'cif_consent C0000000001/MKT',
        ...expected,
      },
    ]);
  });

  it('keeps the key of a quarantined row when it has one', () => {
    const mapped = mapCifCustomer({ ...base, cust_name: null });
    expect(!mapped.ok && mapped.quarantine.sourceKey).toBe('C0000000001');
  });
});

describe('mapDepositAccount', () => {
  it('maps product and status codes and keeps the exact balance', () => {
    expect(
      mapDepositAccount({
        acct_no: '6200001',
        cif_no: 'C0000000001',
        product_code: 'SAV',
        currency: 'CNY',
        balance: '12345.67',
        opened_dt: '2015-06-01',
        last_txn_dt: null,
        status: 'A',
      }),
    ).toEqual({
      kind: 'DEPOSIT_ACCOUNT',
      sourceKey: 'C0000000001',
      productId: '6200001',
      product: 'SAVINGS',
      currency: 'CNY',
      balance: 12345.67,
      creditLimit: null,
      daysPastDue: null,
      role: null,
      status: 'ACTIVE',
      openedAt: '2015-06-01',
      lastActivityAt: null,
      maskedNumber: null,
    });
  });
});

describe('mapCifCustomer on rows of an unexpected shape (issue I, item 3)', () => {
  it.each<[string, unknown, string | null, string]>([
    ['not an object', null, null, 'the row is not an object'],
    ['a number for a text column', { ...base, gender: 1 }, 'C0000000001', 'gender is not text'],
    ['a number for the key', { ...base, cif_no: 42 }, null, 'cif_no is not text'],
    ['addresses that are not a list', { ...base, addresses: { line1: 'x' } }, 'C0000000001', 'addresses is not an array'],
    ['a null address', { ...base, addresses: [null] }, 'C0000000001', 'addresses holds an entry that is not an object'],
    ['an address line that is not text', { ...base, addresses: [{ ...base.addresses[0], line1: ['1', 'Main St'] }] }, 'C0000000001', 'addresses.line1 is not text'],
    ['consents that are not a list', { ...base, consents: 'MKT' }, 'C0000000001', 'consents is not an array'],
    ['a consent status that is not text', { ...base, consents: [{ ...MKT, status: true }] }, 'C0000000001', 'consents.status is not text'],
  ])('never throws: %s is quarantined as UNPARSABLE_PAYLOAD', (_label, row, sourceKey, detail) => {
    const mapped = mapCifCustomer(row as CifCustomerRow);
    expect(mapped).toEqual({ ok: false, quarantine: { sourceKey, reason: 'UNPARSABLE_PAYLOAD', detail, raw: JSON.stringify(row) } });
  });
});
