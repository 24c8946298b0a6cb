import {
  DEFAULT_SURVIVORSHIP_POLICY,
  diffAttributes,
  emptyAttributes,
  survive,
  type FieldPolicy,
  type Provenance,
  type SurvivorRecord,
  type SurvivorshipPolicy,
} from '../../src/golden/survivorship/index.js';

const NOW = new Date('2026-01-15T08:00:00Z');

let nextKey = 0;
function rec(recordId: string, system: string, sourceUpdatedAt: string, fields: Partial<SurvivorRecord> = {}): SurvivorRecord {
  return {
    recordId,
    system,
    sourceKey: `${system}-${++nextKey}`,
    sourceUpdatedAt,
    ...emptyAttributes(),
    ...fields,
  };
}

/** the default policy with some fields replaced */
function policyWith(fields: Partial<SurvivorshipPolicy>): SurvivorshipPolicy {
  return { ...DEFAULT_SURVIVORSHIP_POLICY, ...fields };
}

const single = (p: Provenance | Provenance[] | undefined): Provenance => {
  if (p === undefined || Array.isArray(p)) throw new Error(`expected one provenance, got ${JSON.stringify(p)}`);
  return p;
};
const many = (p: Provenance | Provenance[] | undefined): Provenance[] => {
  if (!Array.isArray(p)) throw new Error(`expected a provenance list, got ${JSON.stringify(p)}`);
  return p;
};

const zhangLatin = { givenName: 'wei', familyName: 'zhang', fullName: 'Wei Zhang', nameScript: 'LATIN' };
const zhangHan = { givenName: '伟', familyName: '张', fullName: '张伟', nameScript: 'CJK' };

describe('survive: null never wins', () => {
  it('takes the value of a less trusted source over a trusted source that has none', () => {
    const records = [
      rec('1', 'core_banking', '2025-01-01T00:00:00Z', { nationalId: null, dateOfBirth: '   ' }),
      rec('2', 'cards', '2024-01-01T00:00:00Z', { nationalId: 'E1234567', nationalIdType: 'PASSPORT', dateOfBirth: '1985-03-12' }),
    ];
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.nationalId).toBe('E1234567');
    expect(attributes.dateOfBirth).toBe('1985-03-12');
    expect(single(provenance.nationalId)).toMatchObject({ recordId: '2', rule: 'ONLY_VALUE' });
  });

  it('leaves a field nobody has null or empty, without provenance', () => {
    const { attributes, provenance } = survive([rec('1', 'cards', '2025-01-01T00:00:00Z', { phones: ['', '  '] })], DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes).toEqual(emptyAttributes());
    expect(provenance).toEqual({});
  });

  it('does not count a script or an id type without the value itself', () => {
    const records = [
      rec('1', 'core_banking', '2025-06-01T00:00:00Z', { nameScript: 'CJK', nationalIdType: 'CN_RESIDENT' }),
      rec('2', 'cards', '2020-01-01T00:00:00Z', { ...zhangLatin, nationalId: 'E1234567', nationalIdType: 'PASSPORT' }),
    ];
    const { attributes } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes).toMatchObject({ ...zhangLatin, nationalId: 'E1234567', nationalIdType: 'PASSPORT' });
  });

  it('never lets a more recent empty address win', () => {
    const records = [
      rec('1', 'loans', '2025-06-01T00:00:00Z', { addressTokens: [], postcode: null, city: '' }),
      rec('2', 'core_banking', '2020-01-01T00:00:00Z', { addressTokens: ['1', 'road', 'nanjing'], postcode: '200001', city: 'shanghai' }),
    ];
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.city).toBe('shanghai');
    expect(single(provenance.address).recordId).toBe('2');
  });
});

describe('survive: each rule deciding on its own', () => {
  const only = (field: keyof SurvivorshipPolicy, fieldPolicy: FieldPolicy) => policyWith({ [field]: fieldPolicy });

  it('SOURCE_TRUST: the most trusted system wins, whatever the others say', () => {
    const records = [
      rec('1', 'cards', '2025-01-01T00:00:00Z', { dateOfBirth: '1985-12-03' }),
      rec('2', 'cards', '2025-01-01T00:00:00Z', { dateOfBirth: '1985-12-03' }),
      rec('3', 'loans', '2020-01-01T00:00:00Z', { dateOfBirth: '1985-03-12' }),
    ];
    const policy = only('dateOfBirth', { rules: ['SOURCE_TRUST'], trust: { loans: 5, cards: 1 } });
    const { attributes, provenance } = survive(records, policy, NOW);
    expect(attributes.dateOfBirth).toBe('1985-03-12');
    expect(single(provenance.dateOfBirth)).toMatchObject({ recordId: '3', rule: 'SOURCE_TRUST' });
  });

  it('MOST_FREQUENT: the value most records agree on wins over a trusted outlier', () => {
    const records = [
      rec('1', 'core_banking', '2025-01-01T00:00:00Z', { dateOfBirth: '1985-12-03' }),
      rec('2', 'cards', '2020-01-01T00:00:00Z', { dateOfBirth: '1985-03-12' }),
      rec('3', 'loans', '2021-01-01T00:00:00Z', { dateOfBirth: '1985-03-12' }),
    ];
    const { attributes, provenance } = survive(records, only('dateOfBirth', { rules: ['MOST_FREQUENT'] }), NOW);
    expect(attributes.dateOfBirth).toBe('1985-03-12');
    expect(single(provenance.dateOfBirth)).toMatchObject({ rule: 'MOST_FREQUENT' });
  });

  it('MOST_RECENT: the record the source changed last wins, time zones read correctly', () => {
    const records = [
      rec('1', 'core_banking', '2025-03-01T10:00:00+08:00', { phones: ['+8613800000001'] }), // 02:00Z
      rec('2', 'cards', '2025-03-01T03:00:00Z', { phones: ['+8613800000002'] }),
    ];
    const policy = only('phones', { rules: ['MOST_RECENT'], multi: false });
    const { attributes, provenance } = survive(records, policy, NOW);
    expect(attributes.phones).toEqual(['+8613800000002']);
    expect(single(provenance.phones)).toMatchObject({ recordId: '2', rule: 'MOST_RECENT' });
  });

  it('MOST_COMPLETE: the address with the most parts wins', () => {
    const records = [
      rec('1', 'core_banking', '2025-01-01T00:00:00Z', { addressTokens: ['nanjing', 'road'], city: 'shanghai' }),
      rec('2', 'loans', '2020-01-01T00:00:00Z', { addressTokens: ['1', 'nanjing', 'road'], postcode: '200001', city: 'shanghai' }),
    ];
    const { attributes, provenance } = survive(records, only('address', { rules: ['MOST_COMPLETE'] }), NOW);
    expect(attributes).toMatchObject({ addressTokens: ['1', 'nanjing', 'road'], postcode: '200001', city: 'shanghai' });
    expect(single(provenance.address)).toMatchObject({ recordId: '2', rule: 'MOST_COMPLETE' });
  });

  it('PREFERRED_SCRIPT: the name in the preferred script wins', () => {
    const records = [rec('1', 'cards', '2025-01-01T00:00:00Z', zhangLatin), rec('2', 'loans', '2020-01-01T00:00:00Z', zhangHan)];
    const latinFirst = only('name', { rules: ['PREFERRED_SCRIPT'], scripts: ['LATIN', 'CJK'] });
    expect(survive(records, latinFirst, NOW).attributes.fullName).toBe('Wei Zhang');
    const cjkFirst = only('name', { rules: ['PREFERRED_SCRIPT'], scripts: ['CJK', 'LATIN'] });
    const { attributes, provenance } = survive(records, cjkFirst, NOW);
    expect(attributes.fullName).toBe('张伟');
    expect(single(provenance.name)).toMatchObject({ recordId: '2', rule: 'PREFERRED_SCRIPT' });
  });

  it('TIE_BREAK: when no rule decides, the smallest record id wins (numerically) and says so', () => {
    const records = [
      rec('10', 'cards', '2025-01-01T00:00:00Z', { gender: 'M' }),
      rec('9', 'cards', '2025-01-01T00:00:00Z', { gender: 'F' }),
    ];
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.gender).toBe('F');
    expect(single(provenance.gender)).toMatchObject({ recordId: '9', rule: 'TIE_BREAK' });
  });
});

describe('survive: rule order', () => {
  const records = [
    rec('1', 'core_banking', '2020-01-01T00:00:00Z', { nationalId: '110101198503120011', nationalIdType: 'CN_RESIDENT' }),
    rec('2', 'cards', '2025-01-01T00:00:00Z', { nationalId: '110101198503120038', nationalIdType: 'CN_RESIDENT' }),
    rec('3', 'loans', '2024-01-01T00:00:00Z', { nationalId: '110101198503120038', nationalIdType: 'CN_RESIDENT' }),
  ];
  const trust = { core_banking: 3, loans: 2, cards: 1 };

  it('applies the rules in the order given', () => {
    const trustFirst = survive(records, policyWith({ nationalId: { rules: ['SOURCE_TRUST', 'MOST_FREQUENT'], trust } }), NOW);
    expect(trustFirst.attributes.nationalId).toBe('110101198503120011');
    expect(single(trustFirst.provenance.nationalId)).toMatchObject({ recordId: '1', rule: 'SOURCE_TRUST' });

    const frequentFirst = survive(records, policyWith({ nationalId: { rules: ['MOST_FREQUENT', 'SOURCE_TRUST'], trust } }), NOW);
    expect(frequentFirst.attributes.nationalId).toBe('110101198503120038');
    expect(single(frequentFirst.provenance.nationalId)).toMatchObject({ rule: 'MOST_FREQUENT' });
  });

  it('records the first rule after which one value is left, not one that only narrowed', () => {
    const dobs = [
      rec('1', 'cards', '2025-01-01T00:00:00Z', { dateOfBirth: '1985-12-03' }),
      rec('2', 'cards', '2025-01-01T00:00:00Z', { dateOfBirth: '1985-12-03' }),
      rec('3', 'core_banking', '2020-01-01T00:00:00Z', { dateOfBirth: '1985-03-12' }),
      rec('4', 'loans', '2021-01-01T00:00:00Z', { dateOfBirth: '1985-03-12' }),
      rec('5', 'loans', '2022-01-01T00:00:00Z', { dateOfBirth: '1986-03-12' }),
    ];
    // MOST_FREQUENT narrows to two values (2 records each), SOURCE_TRUST decides
    const { attributes, provenance } = survive(dobs, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.dateOfBirth).toBe('1985-03-12');
    expect(single(provenance.dateOfBirth)).toMatchObject({ recordId: '3', rule: 'SOURCE_TRUST' });
  });

  it('names the best witness of the surviving value: later rules still rank the records holding it', () => {
    // both loans and core banking say the same: the provenance is the more trusted core record
    const dobs = [
      rec('1', 'loans', '2025-01-01T00:00:00Z', { dateOfBirth: '1985-03-12' }),
      rec('2', 'core_banking', '2020-01-01T00:00:00Z', { dateOfBirth: '1985-03-12' }),
      rec('3', 'cards', '2025-01-01T00:00:00Z', { dateOfBirth: '1985-12-03' }),
    ];
    const { provenance } = survive(dobs, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(single(provenance.dateOfBirth)).toMatchObject({ recordId: '2', system: 'core_banking', rule: 'MOST_FREQUENT' });
  });
});

describe('survive: trust per source and field', () => {
  it('trusts core banking for identity and the card processor for contacts in the default policy', () => {
    const sameTime = '2025-01-01T00:00:00Z';
    const records = [
      rec('1', 'cards', sameTime, { nationalId: 'E7654321', nationalIdType: 'PASSPORT', phones: ['+8613900000002'], emails: ['w.zhang@mail.example'] }),
      rec('2', 'core_banking', sameTime, { nationalId: 'E1234567', nationalIdType: 'PASSPORT', phones: ['+8613900000001'], emails: ['zhangwei@bank.example'] }),
    ];
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.nationalId).toBe('E1234567');
    expect(single(provenance.nationalId)).toMatchObject({ system: 'core_banking', rule: 'SOURCE_TRUST' });
    expect(attributes.phones).toEqual(['+8613900000002', '+8613900000001']);
    expect(attributes.emails).toEqual(['w.zhang@mail.example', 'zhangwei@bank.example']);
    expect(many(provenance.phones).map((p) => [p.system, p.rule])).toEqual([
      ['cards', 'SOURCE_TRUST'],
      ['core_banking', 'SOURCE_TRUST'],
    ]);
  });

  it('uses each field its own trust table, and counts a system it does not list as 0', () => {
    const policy = policyWith({
      name: { rules: ['SOURCE_TRUST'], trust: { cards: 9 } },
      gender: { rules: ['SOURCE_TRUST'], trust: { core_banking: 9 } },
    });
    const records = [
      rec('1', 'cards', '2025-01-01T00:00:00Z', { ...zhangLatin, gender: 'F' }),
      rec('2', 'core_banking', '2025-01-01T00:00:00Z', { ...zhangHan, gender: 'M' }),
      rec('3', 'branch_crm', '2025-01-01T00:00:00Z', { givenName: 'x', familyName: 'y', fullName: 'X Y', gender: 'F' }),
    ];
    const { attributes } = survive(records, policy, NOW);
    expect(attributes.fullName).toBe('Wei Zhang');
    expect(attributes.gender).toBe('M');
  });
});

describe('survive: multi-valued fields', () => {
  const records = [
    rec('1', 'core_banking', '2023-01-01T00:00:00Z', { phones: ['+8613800000001', '+8613800000002'] }),
    rec('2', 'cards', '2025-01-01T00:00:00Z', { phones: ['+8613800000003', '+8613800000001'] }),
    rec('3', 'loans', '2024-01-01T00:00:00Z', { phones: ['+8613800000004'] }),
  ];

  it('keeps every distinct value once, most recent first, each with its own provenance', () => {
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    // 1 and 3 are both in the 2025 cards record; 1 is also in core banking, so frequency decides
    expect(attributes.phones).toEqual(['+8613800000001', '+8613800000003', '+8613800000004', '+8613800000002']);
    const at = NOW.toISOString();
    expect(many(provenance.phones)).toEqual([
      // held by records 1 and 2: the witness is the most recent holder
      { recordId: '2', system: 'cards', sourceKey: records[1].sourceKey, rule: 'MOST_FREQUENT', sourceUpdatedAt: '2025-01-01T00:00:00Z', survivedAt: at },
      { recordId: '2', system: 'cards', sourceKey: records[1].sourceKey, rule: 'MOST_FREQUENT', sourceUpdatedAt: '2025-01-01T00:00:00Z', survivedAt: at },
      { recordId: '3', system: 'loans', sourceKey: records[2].sourceKey, rule: 'MOST_RECENT', sourceUpdatedAt: '2024-01-01T00:00:00Z', survivedAt: at },
      { recordId: '1', system: 'core_banking', sourceKey: records[0].sourceKey, rule: 'MOST_RECENT', sourceUpdatedAt: '2023-01-01T00:00:00Z', survivedAt: at },
    ]);
  });

  it("keeps a source's own order between values no rule tells apart", () => {
    const one = [rec('1', 'cards', '2025-01-01T00:00:00Z', { emails: ['zz@primary.example', 'aa@secondary.example'] })];
    const { attributes, provenance } = survive(one, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.emails).toEqual(['zz@primary.example', 'aa@secondary.example']);
    expect(many(provenance.emails).map((p) => p.rule)).toEqual(['TIE_BREAK', 'TIE_BREAK']);
  });

  it('orders by frequency when that rule comes first', () => {
    const policy = policyWith({ phones: { rules: ['MOST_FREQUENT', 'MOST_RECENT'], multi: true } });
    const { attributes, provenance } = survive(records, policy, NOW);
    expect(attributes.phones[0]).toBe('+8613800000001');
    expect(many(provenance.phones)[0].rule).toBe('MOST_FREQUENT');
  });

  it('says ONLY_VALUE for a single value, however many records hold it', () => {
    const same = [
      rec('1', 'cards', '2025-01-01T00:00:00Z', { emails: ['a@b.example'] }),
      rec('2', 'loans', '2024-01-01T00:00:00Z', { emails: ['a@b.example'] }),
    ];
    const { attributes, provenance } = survive(same, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.emails).toEqual(['a@b.example']);
    expect(many(provenance.emails)).toEqual([expect.objectContaining({ recordId: '1', rule: 'ONLY_VALUE' })]);
  });
});

describe('survive: fields that survive together', () => {
  it('takes the whole name from one record, never given from one and family from another', () => {
    const records = [
      rec('1', 'core_banking', '2025-01-01T00:00:00Z', { givenName: 'wei', familyName: null, fullName: 'Wei', nameScript: 'LATIN' }),
      rec('2', 'cards', '2020-01-01T00:00:00Z', { givenName: null, familyName: 'zhang', fullName: 'Zhang', nameScript: 'LATIN' }),
    ];
    const policy = policyWith({ name: { rules: ['SOURCE_TRUST'], trust: { core_banking: 3, cards: 1 } } });
    const { attributes } = survive(records, policy, NOW);
    expect(attributes).toMatchObject({ givenName: 'wei', familyName: null, fullName: 'Wei', nameScript: 'LATIN' });
  });

  it('takes the address from one record: a newer partial address does not borrow the older postcode', () => {
    const records = [
      rec('1', 'core_banking', '2020-01-01T00:00:00Z', { addressTokens: ['1', 'nanjing', 'road'], postcode: '200001', city: 'shanghai' }),
      rec('2', 'cards', '2025-01-01T00:00:00Z', { addressTokens: ['88', 'century', 'avenue'], postcode: null, city: 'shanghai' }),
    ];
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes).toMatchObject({ addressTokens: ['88', 'century', 'avenue'], postcode: null, city: 'shanghai' });
    expect(single(provenance.address)).toMatchObject({ recordId: '2', rule: 'MOST_RECENT' });
  });

  it('keeps the national id type with its number', () => {
    const records = [
      rec('1', 'core_banking', '2020-01-01T00:00:00Z', { nationalId: 'E1234567', nationalIdType: 'PASSPORT' }),
      rec('2', 'cards', '2025-01-01T00:00:00Z', { nationalId: '110101198503120011', nationalIdType: 'CN_RESIDENT' }),
    ];
    const { attributes } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect([attributes.nationalId, attributes.nationalIdType]).toEqual(['E1234567', 'PASSPORT']);
  });

  it('treats the same name in another form as another value when counting', () => {
    const records = [
      rec('1', 'cards', '2025-01-01T00:00:00Z', zhangLatin),
      rec('2', 'loans', '2024-01-01T00:00:00Z', zhangLatin),
      rec('3', 'core_banking', '2020-01-01T00:00:00Z', { givenName: 'wei', familyName: 'zhang', fullName: 'WEI ZHANG', nameScript: 'LATIN' }),
    ];
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.fullName).toBe('Wei Zhang');
    expect(single(provenance.name)).toMatchObject({ recordId: '2', rule: 'MOST_FREQUENT' });
  });
});

describe('survive: the default policy on a whole customer', () => {
  const records = [
    rec('101', 'core_banking', '2019-05-01T00:00:00Z', {
      ...zhangHan,
      dateOfBirth: '1985-03-12',
      nationalId: '110101198503120011',
      nationalIdType: 'CN_RESIDENT',
      gender: 'M',
      phones: ['+8613800000001'],
      addressTokens: ['1号', '南京路', '黄浦区'],
      postcode: '200001',
      city: '上海',
    }),
    rec('205', 'cards', '2025-02-01T00:00:00Z', {
      ...zhangLatin,
      dateOfBirth: '1985-12-03',
      phones: ['+8613900000009'],
      emails: ['wei.zhang@mail.example'],
      addressTokens: ['1', 'huangpu', 'nanjing', 'road'],
      postcode: '200001',
      city: 'shanghai',
    }),
    rec('330', 'loans', '2023-07-01T00:00:00Z', {
      ...zhangLatin,
      dateOfBirth: '1985-03-12',
      nationalId: '110101198503120011',
      nationalIdType: 'CN_RESIDENT',
      phones: ['+8613800000001'],
    }),
  ];

  it('prefers the name in characters over the more frequent romanisation', () => {
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes).toMatchObject(zhangHan);
    expect(single(provenance.name)).toMatchObject({ recordId: '101', rule: 'PREFERRED_SCRIPT' });
  });

  it('builds the expected golden record with provenance for every field', () => {
    const { attributes, provenance } = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes).toEqual({
      ...zhangHan,
      dateOfBirth: '1985-03-12',
      nationalId: '110101198503120011',
      nationalIdType: 'CN_RESIDENT',
      gender: 'M',
      phones: ['+8613900000009', '+8613800000001'],
      emails: ['wei.zhang@mail.example'],
      addressTokens: ['1', 'huangpu', 'nanjing', 'road'],
      postcode: '200001',
      city: 'shanghai',
    });
    const summary = Object.fromEntries(
      Object.entries(provenance).map(([field, p]) => [field, Array.isArray(p) ? p.map((x) => `${x.recordId}:${x.rule}`) : `${p!.recordId}:${p!.rule}`]),
    );
    expect(summary).toEqual({
      name: '101:PREFERRED_SCRIPT',
      dateOfBirth: '101:MOST_FREQUENT',
      nationalId: '101:ONLY_VALUE',
      gender: '101:ONLY_VALUE',
      phones: ['205:MOST_RECENT', '330:MOST_RECENT'],
      emails: ['205:ONLY_VALUE'],
      address: '205:MOST_RECENT',
    });
    expect(single(provenance.dateOfBirth)).toEqual({
      recordId: '101',
      system: 'core_banking',
      sourceKey: records[0].sourceKey,
      rule: 'MOST_FREQUENT',
      sourceUpdatedAt: '2019-05-01T00:00:00Z',
      survivedAt: '2026-01-15T08:00:00.000Z',
    });
  });

  it('gives identical output whatever the order of the records', () => {
    const reference = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    for (const order of [[2, 1, 0], [1, 0, 2], [0, 2, 1]]) {
      expect(survive(order.map((i) => records[i]), DEFAULT_SURVIVORSHIP_POLICY, NOW)).toEqual(reference);
    }
  });

  it('keeps a Latin-only customer on the most frequent form', () => {
    const latin = [
      rec('1', 'core_banking', '2020-01-01T00:00:00Z', { givenName: 'jon', familyName: 'smith', fullName: 'Jon Smith', nameScript: 'LATIN' }),
      rec('2', 'cards', '2025-01-01T00:00:00Z', { givenName: 'john', familyName: 'smith', fullName: 'John Smith', nameScript: 'LATIN' }),
      rec('3', 'loans', '2024-01-01T00:00:00Z', { givenName: 'john', familyName: 'smith', fullName: 'John Smith', nameScript: 'LATIN' }),
    ];
    const { attributes, provenance } = survive(latin, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect(attributes.fullName).toBe('John Smith');
    expect(single(provenance.name)).toMatchObject({ rule: 'MOST_FREQUENT', system: 'loans' });
  });
});

describe('survive: bad input', () => {
  it('rejects a policy it cannot apply', () => {
    const r = [rec('1', 'cards', '2025-01-01T00:00:00Z')];
    expect(() => survive(r, policyWith({ name: { rules: ['MOST_FREQUENT'], multi: true } }), NOW)).toThrow(/multi applies to list fields/);
    expect(() => survive(r, policyWith({ gender: { rules: ['PREFERRED_SCRIPT'] } }), NOW)).toThrow(/PREFERRED_SCRIPT applies to name only/);
    expect(() => survive(r, policyWith({ gender: { rules: [] } }), NOW)).toThrow(/gender has no rules/);
    const { address: _dropped, ...partial } = DEFAULT_SURVIVORSHIP_POLICY;
    expect(() => survive(r, partial as SurvivorshipPolicy, NOW)).toThrow(/no entry for address/);
  });

  it('rejects the same record twice, which would count double', () => {
    const r = rec('1', 'cards', '2025-01-01T00:00:00Z', { gender: 'F' });
    expect(() => survive([r, r], DEFAULT_SURVIVORSHIP_POLICY, NOW)).toThrow(/record 1 is given twice/);
  });
});

describe('diffAttributes', () => {
  const before = { ...emptyAttributes(), ...zhangLatin, dateOfBirth: '1985-03-12', phones: ['+8613800000001', '+8613800000002'] };

  it('returns only the fields that changed, with their attributes before and after', () => {
    const after = { ...before, ...zhangHan, phones: ['+8613800000001', '+8613800000002'] };
    expect(diffAttributes(before, after)).toEqual([
      { field: 'name', before: zhangLatin, after: zhangHan },
    ]);
  });

  it('counts a reordered list as a change (the first phone is the one apps call)', () => {
    const after = { ...before, phones: ['+8613800000002', '+8613800000001'] };
    expect(diffAttributes(before, after).map((c) => c.field)).toEqual(['phones']);
  });

  it('returns nothing for equal records and every valued field for a new golden', () => {
    expect(diffAttributes(before, { ...before })).toEqual([]);
    expect(diffAttributes(null, before).map((c) => c.field)).toEqual(['name', 'dateOfBirth', 'phones']);
    expect(diffAttributes(null, before)[1]).toEqual({ field: 'dateOfBirth', before: { dateOfBirth: null }, after: { dateOfBirth: '1985-03-12' } });
  });

  it('reads attributes missing from a stored record as null or empty', () => {
    const stored: Partial<typeof before> = { givenName: 'wei', familyName: 'zhang', fullName: 'Wei Zhang', nameScript: 'LATIN', dateOfBirth: '1985-03-12' };
    expect(diffAttributes(stored, { ...emptyAttributes(), ...stored })).toEqual([]);
  });
});

describe('survive: steward overrides', () => {
  const records = [
    rec('1', 'core_banking', '2025-01-01T00:00:00Z', { dateOfBirth: '1980-01-01', emails: ['a@example.com'], ...zhangHan }),
    rec('2', 'cards', '2025-06-01T00:00:00Z', { dateOfBirth: '1980-01-01', emails: ['b@example.com'] }),
  ];
  const steward = { actor: 'steward-1', reason: 'id card seen', setAt: '2026-01-10T00:00:00.000Z' };

  it('an overridden field takes the steward’s value whatever the records say, with the steward’s provenance', () => {
    const out = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW, { dateOfBirth: { value: { dateOfBirth: '1979-12-31' }, ...steward } });
    expect(out.attributes.dateOfBirth).toBe('1979-12-31');
    expect(single(out.provenance.dateOfBirth)).toEqual({
      recordId: '', system: '', sourceKey: '', rule: 'STEWARD_OVERRIDE', sourceUpdatedAt: steward.setAt, survivedAt: NOW.toISOString(), actor: 'steward-1', reason: 'id card seen',
    });
    // the other fields survive as without it
    const plain = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW);
    expect({ ...out.attributes, dateOfBirth: null }).toEqual({ ...plain.attributes, dateOfBirth: null });
    expect(out.provenance.emails).toEqual(plain.provenance.emails);
  });

  it('takes only the field’s attributes, empty where not given; a list field gets one provenance per value', () => {
    const out = survive(records, DEFAULT_SURVIVORSHIP_POLICY, NOW, {
      name: { value: { fullName: 'Zhang Wei', dateOfBirth: '2000-01-01' } as never, ...steward },
      emails: { value: { emails: ['x@example.com', 'y@example.com'] }, ...steward },
    });
    expect(out.attributes).toMatchObject({ givenName: null, familyName: null, fullName: 'Zhang Wei', nameScript: null, dateOfBirth: '1980-01-01', emails: ['x@example.com', 'y@example.com'] });
    expect(many(out.provenance.emails).map((p) => p.rule)).toEqual(['STEWARD_OVERRIDE', 'STEWARD_OVERRIDE']);
  });
});
