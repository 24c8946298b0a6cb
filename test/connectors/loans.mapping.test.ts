import { mapBorrower, mapLoanParty, type BorrowerRow } from '../../connectors/loans/loans.mapping.js';

const base: BorrowerRow = {
  borrower_id: '1001',
  first_name: 'Wei',
  last_name: 'Zhang',
  name_local: '张伟',
  dob_text: '12/03/1985',
  national_id: '11010119850312001X',
  phone: '138 1234 5678',
  email: 'wei@example.com',
  addr_text: '12 Jianguo Rd, Chaoyang, Beijing 100022',
  updated_at: '2024-03-01T10:00:00.000001Z',
  is_deleted: false,
};

describe('mapBorrower', () => {
  it('maps a borrower, passing the date of birth through as keyed in', () => {
    expect(mapBorrower(base)).toEqual({
      ok: true,
      customer: {
        sourceKey: '1001',
        updatedAt: new Date('2024-03-01T10:00:00.000Z'),
        deleted: false,
        name: { full: null, given: 'Wei', family: 'Zhang', local: '张伟', order: 'GIVEN_FAMILY' },
        dateOfBirth: '12/03/1985',
        dateOrder: 'DMY',
        nationalId: { type: 'CN_RESIDENT', number: '11010119850312001X' },
        gender: null,
        phones: ['138 1234 5678'],
        emails: ['wei@example.com'],
        addresses: [{ lines: ['12 Jianguo Rd, Chaoyang, Beijing 100022'] }],
        raw: base,
      },
    });
  });

  it.each<[string, Partial<BorrowerRow>, (c: Extract<ReturnType<typeof mapBorrower>, { ok: true }>['customer']) => unknown, unknown]>([
    ['an impossible date is not the connector’s call', { dob_text: '31/02/1985' }, (c) => c.dateOfBirth, '31/02/1985'],
    ['a non-resident id is typed OTHER', { national_id: 'E12345678' }, (c) => c.nationalId, { type: 'OTHER', number: 'E12345678' }],
    ['is_deleted means deleted', { is_deleted: true }, (c) => c.deleted, true],
    ['blank contacts and address are dropped', { phone: ' ', email: '', addr_text: null }, (c) => [c.phones, c.emails, c.addresses], [[], [], []]],
    ['a local name alone is a name', { first_name: null, last_name: '', name_local: '张伟' }, (c) => c.name.local, '张伟'],
  ])('%s', (_label, patch, pick, expected) => {
    const mapped = mapBorrower({ ...base, ...patch });
    expect(mapped.ok).toBe(true);
    if (mapped.ok) expect(pick(mapped.customer)).toEqual(expected);
  });

  it.each<[string, Partial<BorrowerRow>, string]>([
    ['missing key', { borrower_id: null }, 'MISSING_KEY'],
    ['blank key', { borrower_id: '' }, 'MISSING_KEY'],
    ['missing timestamp', { updated_at: null }, 'BAD_TIMESTAMP'],
    ['unparsable timestamp', { updated_at: 'yesterday' }, 'BAD_TIMESTAMP'],
    ['no name at all', { first_name: ' ', last_name: null, name_local: '' }, 'MISSING_NAME'],
  ])('quarantines %s without personal values in the detail', (_label, patch, reason) => {
    const row = { ...base, ...patch };
    const mapped = mapBorrower(row);
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.quarantine).toMatchObject({ reason, raw: JSON.stringify(row) });
    for (const value of ['Wei', 'Zhang', '张伟', '1985', '138']) expect(mapped.quarantine.detail).not.toContain(value);
  });
});

describe('mapLoanParty', () => {
  it('maps outstanding, days past due and the party role', () => {
    expect(
      mapLoanParty({
        borrower_id: '1001',
        role: 'CO_BORROWER',
        loan_id: '9001',
        product: 'MORTGAGE',
        currency: 'CNY',
        outstanding: '850000.50',
        days_past_due: 31,
        status: 'DELINQUENT',
        start_date: '2020-01-15',
        last_paid_date: '2024-02-15',
      }),
    ).toEqual({
      kind: 'LOAN',
      sourceKey: '1001',
      productId: '9001',
      product: 'MORTGAGE',
      currency: 'CNY',
      balance: 850000.5,
      creditLimit: null,
      daysPastDue: 31,
      role: 'CO_BORROWER',
      status: 'DELINQUENT',
      openedAt: '2020-01-15',
      lastActivityAt: '2024-02-15',
      maskedNumber: null,
    });
  });
});

describe('mapBorrower on rows of an unexpected shape (issue I, item 3)', () => {
  it.each<[string, unknown, string | null, string]>([
    ['not an object', null, null, 'the row is not an object'],
    ['an array', [base], null, 'the row is not an object'],
    ['a number for the e-mail', { ...base, email: 12345 }, '1001', 'email is not text'],
    ['an object for a name', { ...base, first_name: { given: 'Wei' } }, '1001', 'first_name is not text'],
    ['text for is_deleted', { ...base, is_deleted: 'yes' }, '1001', 'is_deleted is not a boolean'],
    ['a number for the timestamp', { ...base, updated_at: 1709287200000 }, '1001', 'updated_at is not text'],
  ])('never throws: %s is quarantined as UNPARSABLE_PAYLOAD', (_label, row, sourceKey, detail) => {
    const mapped = mapBorrower(row as BorrowerRow);
    expect(mapped).toEqual({ ok: false, quarantine: { sourceKey, reason: 'UNPARSABLE_PAYLOAD', detail, raw: JSON.stringify(row) } });
  });
});
