/**
 * The policy decision for one field, pure: each decision of the table against each state of the
 * customer's consent, no purpose declared, categories nothing is listed for, and the most
 * restrictive outcome over a field of several categories.
 */
import { DataCategory } from '../../src/policy/categories';
import { decideCategory, decideField, needsConsent, type ConsentState, type PolicyDecision, type PolicyFor } from '../../src/policy/decision';

const NOW = new Date('2026-03-01T12:00:00Z');
const { IDENTITY, GOVERNMENT_ID, CONTACT, FINANCIAL, PROFILING } = DataCategory;

const granted = (categories: DataCategory[], expiresAt: Date | null = null): ConsentState => ({ status: 'GRANTED', categories, expiresAt });
const policy = (entries: [DataCategory, PolicyDecision][]): PolicyFor => new Map(entries);

describe('decideCategory', () => {
  const consents: [string, ConsentState | null][] = [
    ['no consent on record', null],
    ['granted for the category', granted([CONTACT])],
    ['granted for other categories only', granted([IDENTITY])],
    ['revoked', { status: 'REVOKED', categories: [CONTACT], expiresAt: null }],
    ['denied', { status: 'DENIED', categories: [CONTACT], expiresAt: null }],
    ['expired', granted([CONTACT], new Date(NOW.getTime() - 1000))],
    ['expiring exactly now', granted([CONTACT], NOW)],
    ['expiring later', granted([CONTACT], new Date(NOW.getTime() + 86_400_000))],
  ];

  it.each(consents)('ALLOW does not depend on consent (%s)', (_, consent) => {
    expect(decideCategory('ALLOW', CONTACT, consent, NOW)).toEqual({ kind: 'ALLOW' });
  });

  it.each(consents)('MASK does not depend on consent (%s)', (_, consent) => {
    expect(decideCategory('MASK', CONTACT, consent, NOW)).toEqual({ kind: 'MASK' });
  });

  it.each(consents)('DENY withholds whatever the consent (%s)', (_, consent) => {
    expect(decideCategory('DENY', CONTACT, consent, NOW)).toEqual({ kind: 'WITHHOLD', reason: 'POLICY_DENY' });
  });

  it.each(consents)('a category nothing is listed for is denied (%s)', (_, consent) => {
    expect(decideCategory(undefined, CONTACT, consent, NOW)).toEqual({ kind: 'WITHHOLD', reason: 'POLICY_DENY' });
  });

  it.each<[string, ConsentState | null, ReturnType<typeof decideCategory>]>([
    ['no consent on record', null, { kind: 'WITHHOLD', reason: 'NO_CONSENT' }],
    ['granted for the category', granted([CONTACT]), { kind: 'ALLOW' }],
    ['granted for other categories only', granted([IDENTITY, FINANCIAL]), { kind: 'WITHHOLD', reason: 'NO_CONSENT' }],
    ['revoked', { status: 'REVOKED', categories: [CONTACT], expiresAt: null }, { kind: 'WITHHOLD', reason: 'NO_CONSENT' }],
    ['denied', { status: 'DENIED', categories: [CONTACT], expiresAt: null }, { kind: 'WITHHOLD', reason: 'NO_CONSENT' }],
    ['expired', granted([CONTACT], new Date(NOW.getTime() - 1000)), { kind: 'WITHHOLD', reason: 'CONSENT_EXPIRED' }],
    ['expiring exactly now', granted([CONTACT], NOW), { kind: 'WITHHOLD', reason: 'CONSENT_EXPIRED' }],
    ['expiring later', granted([CONTACT], new Date(NOW.getTime() + 86_400_000)), { kind: 'ALLOW' }],
  ])('REQUIRE_CONSENT with consent %s', (_, consent, expected) => {
    expect(decideCategory('REQUIRE_CONSENT', CONTACT, consent, NOW)).toEqual(expected);
  });
});

describe('decideField', () => {
  it('withholds everything when no purpose was declared (no policy), even what every policy allows', () => {
    for (const categories of [[IDENTITY], [CONTACT, FINANCIAL], []] as DataCategory[][]) {
      expect(decideField(null, categories, granted([IDENTITY, CONTACT, FINANCIAL]), NOW)).toEqual({ kind: 'WITHHOLD', reason: 'POLICY_DENY' });
    }
  });

  it('withholds a field whose categories the table does not list for the caller (default deny)', () => {
    expect(decideField(policy([[IDENTITY, 'ALLOW']]), [CONTACT], null, NOW)).toEqual({ kind: 'WITHHOLD', reason: 'POLICY_DENY' });
    expect(decideField(policy([]), [IDENTITY], null, NOW)).toEqual({ kind: 'WITHHOLD', reason: 'POLICY_DENY' });
  });

  it('takes the most restrictive outcome over a field of several categories', () => {
    const p = policy([
      [IDENTITY, 'ALLOW'],
      [GOVERNMENT_ID, 'MASK'],
      [CONTACT, 'REQUIRE_CONSENT'],
      [FINANCIAL, 'DENY'],
    ]);
    expect(decideField(p, [IDENTITY], null, NOW)).toEqual({ kind: 'ALLOW' });
    expect(decideField(p, [IDENTITY, GOVERNMENT_ID], null, NOW)).toEqual({ kind: 'MASK' });
    expect(decideField(p, [GOVERNMENT_ID, IDENTITY], null, NOW)).toEqual({ kind: 'MASK' });
    // consent given: CONTACT is allowed, the masked id still masks the whole field
    expect(decideField(p, [IDENTITY, GOVERNMENT_ID, CONTACT], granted([CONTACT]), NOW)).toEqual({ kind: 'MASK' });
    expect(decideField(p, [IDENTITY, GOVERNMENT_ID, CONTACT], null, NOW)).toEqual({ kind: 'WITHHOLD', reason: 'NO_CONSENT' });
    expect(decideField(p, [IDENTITY, CONTACT], granted([CONTACT], new Date(NOW.getTime() - 1)), NOW)).toEqual({ kind: 'WITHHOLD', reason: 'CONSENT_EXPIRED' });
    expect(decideField(p, [IDENTITY, FINANCIAL], granted([IDENTITY, FINANCIAL]), NOW)).toEqual({ kind: 'WITHHOLD', reason: 'POLICY_DENY' });
    // a listed category beside an unlisted one: the unlisted one denies
    expect(decideField(p, [IDENTITY, PROFILING], null, NOW)).toEqual({ kind: 'WITHHOLD', reason: 'POLICY_DENY' });
  });

  it('needs consent for every REQUIRE_CONSENT category of the field, not just one', () => {
    const marketing = policy([
      [IDENTITY, 'REQUIRE_CONSENT'],
      [CONTACT, 'REQUIRE_CONSENT'],
    ]);
    expect(decideField(marketing, [IDENTITY, CONTACT], granted([IDENTITY]), NOW)).toEqual({ kind: 'WITHHOLD', reason: 'NO_CONSENT' });
    expect(decideField(marketing, [IDENTITY, CONTACT], granted([IDENTITY, CONTACT]), NOW)).toEqual({ kind: 'ALLOW' });
  });
});

describe('the consent statement a field relied on', () => {
  const p = policy([
    [IDENTITY, 'ALLOW'],
    [GOVERNMENT_ID, 'MASK'],
    [CONTACT, 'REQUIRE_CONSENT'],
  ]);
  const consent: ConsentState = { ...granted([CONTACT]), ref: 'hub:42' };

  it('is named when consent let the field through, in full or masked', () => {
    expect(decideField(p, [CONTACT], consent, NOW)).toEqual({ kind: 'ALLOW', consentRef: 'hub:42' });
    expect(decideField(p, [IDENTITY, CONTACT], consent, NOW)).toEqual({ kind: 'ALLOW', consentRef: 'hub:42' });
    expect(decideField(p, [GOVERNMENT_ID, CONTACT], consent, NOW)).toEqual({ kind: 'MASK', consentRef: 'hub:42' });
  });

  it('is not named when the field did not need consent, or was withheld', () => {
    expect(decideField(p, [IDENTITY], consent, NOW)).toEqual({ kind: 'ALLOW' });
    expect(decideField(p, [CONTACT], { ...consent, status: 'REVOKED' }, NOW)).toEqual({ kind: 'WITHHOLD', reason: 'NO_CONSENT' });
    expect(decideField(p, [CONTACT], { ...consent, expiresAt: NOW }, NOW)).toEqual({ kind: 'WITHHOLD', reason: 'CONSENT_EXPIRED' });
  });
});

describe('needsConsent', () => {
  it('is true only when a category of the field requires consent under the caller’s policy', () => {
    const p = policy([
      [IDENTITY, 'REQUIRE_CONSENT'],
      [CONTACT, 'ALLOW'],
    ]);
    expect(needsConsent(p, [IDENTITY])).toBe(true);
    expect(needsConsent(p, [CONTACT, IDENTITY])).toBe(true);
    expect(needsConsent(p, [CONTACT])).toBe(false);
    expect(needsConsent(null, [IDENTITY])).toBe(false);
  });
});
