/**
 * Bypass suite of the policy gate (issue D, item 3), through HTTP against a running server on a
 * matched sample hub with the seeded policy table (no override). One victim customer's real
 * values are read from the database and the sources first; every test then tries one way to
 * read a withheld field and asserts that none of the withheld values appears anywhere in the
 * raw response body, that the rest of the response is intact, and that `extensions.withheld`
 * names the path with its reason.
 *
 * Seeded policy (Migration20261123170000), by IDENTITY, GOVERNMENT_ID, CONTACT, FINANCIAL, PROFILING:
 *   APP/SERVICE A M A A A · APP/MARKETING C D C C C · APP/RISK A A M A A
 *   STEWARD/SERVICE A A A D D · STEWARD/SUBJECT_RIGHTS A A A A A · ADMIN/SERVICE M M M D A
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { signToken, type Role } from '../../src/api/auth';
import { startApi, type RunningApi } from '../../src/server/server';
import { ormOptions } from '../../src/orm';
import { DataCategory } from '../../src/policy/categories';
import { SegmentRuleService } from '../../src/segments/segment-rule.service';
import { HoldingsGateway } from '../../src/holdings/holdings.gateway';
import { SegmentationService } from '../../src/segments/segmentation.service';
import type { SourceSystem } from '../../connectors/contract';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';
import { hubApi, hubServices } from '../support/hub-services';

const keys = { secret: 'test-secret-test-secret-test-secret!', issuer: 'customer-hub' };
const ALL_PURPOSES = ['SERVICE', 'MARKETING', 'RISK', 'SUBJECT_RIGHTS'];
const token = (role: Role, purposes = ALL_PURPOSES, scopes: string[] = []) => signToken(keys, { subject: `bypass-${role}`, role, purposes, scopes });

let hub: SampleHub;
let api: RunningApi;
let orm: MikroORM;

interface Victim {
  id: string;
  /** a source record of the victim, for customerBySourceKey and sourceRecord */
  record: { system: SourceSystem; key: string; gqlSystem: string };
  nationalId: string;
  phones: string[];
  emails: string[];
  fullName: string;
  dateOfBirth: string;
  /** withheld values by category, as they would appear in a JSON body */
  secrets: Record<'IDENTITY' | 'GOVERNMENT_ID' | 'CONTACT' | 'FINANCIAL', string[]>;
}
let victim: Victim;

type Body = { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[]; extensions?: { withheld?: { path: string; field: string; reason: string }[] } };

/** one GraphQL request as raw text, so assertions see exactly what went over the wire */
async function post(
  body: unknown,
  { role = 'APP', purpose, tokenPurposes, scopes }: { role?: Role; purpose?: string; tokenPurposes?: string[]; scopes?: string[] } = {},
): Promise<{ status: number; text: string; body: Body }> {
  const res = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token(role, tokenPurposes, scopes)}`,
      ...(purpose ? { 'x-purpose': purpose } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Body };
}

const gql = (query: string, opts: Parameters<typeof post>[1] & { variables?: Record<string, unknown>; operationName?: string } = {}) =>
  post({ query, variables: opts.variables, operationName: opts.operationName }, opts);

const sql = <T>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);

/** none of the values of these categories appears anywhere in the raw response */
function expectNoSecrets(text: string, categories: (keyof Victim['secrets'])[]): void {
  for (const category of categories) {
    for (const secret of victim.secrets[category]) {
      // a readable failure: which value of which category leaked
      expect({ category, leaked: text.includes(secret) ? secret : null }).toEqual({ category, leaked: null });
    }
  }
}

const withheldOf = (body: Body) => body.extensions?.withheld ?? [];
function expectWithheld(body: Body, path: string, field: string, reason: string): void {
  expect(withheldOf(body)).toContainEqual({ path, field, reason });
}

const PERSONAL_SELECTION = `name { given family full script } dateOfBirth gender nationalId { number type } phones emails address { tokens postcode city }`;

beforeAll(async () => {
  hub = await startMatchedHub('policy_bypass', 150);
  // segments from holdings, as the job stores them (sample dates are around 2026-01-01)
  await new SegmentationService(hub.orm, new HoldingsGateway(hub.connectors, 60_000), new SegmentRuleService(hub.orm), { clock: () => new Date('2026-01-01T00:00:00Z') }).segmentAll();
  orm = await MikroORM.init(ormOptions(hub.db.url, 4));
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: false,
    ...hubApi(hubServices(orm, hub.connectors)),
  });
  victim = await pickVictim();
}, 240_000);

afterAll(async () => {
  await api?.close();
  await orm?.close();
  await hub?.close();
});

/**
 * An active customer with a resident id, a phone, an e-mail, a date of birth, a full name and
 * at least one deposit account: the values are read from the golden attributes and the source
 * systems, not from the API under test.
 */
async function pickVictim(): Promise<Victim> {
  const candidates = await sql<{ id: string; attributes: any }>(
    `SELECT g.id, g.attributes FROM golden_customer g
     WHERE g.status = 'ACTIVE' AND g.attributes->>'nationalIdType' = 'CN_RESIDENT'
       AND jsonb_array_length(g.attributes->'phones') > 0 AND jsonb_array_length(g.attributes->'emails') > 0
       AND g.attributes->>'dateOfBirth' IS NOT NULL AND g.attributes->>'fullName' IS NOT NULL
       AND EXISTS (SELECT 1 FROM source_record s WHERE s.golden_id = g.id AND s.system = 'core_banking' AND NOT s.deleted)
       -- no marketing consent yet, not even one kept in core banking
       AND NOT EXISTS (SELECT 1 FROM consent_current c WHERE c.golden_id = g.id AND c.status = 'GRANTED')
     ORDER BY g.record_count DESC, g.id`,
  );
  for (const c of candidates) {
    const records = await sql<{ system: SourceSystem; source_key: string; national_id: string | null; phones: string[]; emails: string[]; full_name: string | null }>(
      `SELECT system, source_key, national_id, phones, emails, full_name FROM source_record WHERE golden_id = ? AND NOT deleted ORDER BY system, source_key`,
      [c.id],
    );
    const holdings = [];
    for (const system of ['core_banking', 'cards', 'loans'] as const) {
      const keysIn = records.filter((r) => r.system === system).map((r) => r.source_key);
      if (keysIn.length === 0) continue;
      const live = await hub.connectors.get(system)!.lookupHoldings(keysIn);
      holdings.push(...keysIn.flatMap((k) => live.get(k) ?? []));
    }
    if (!holdings.some((h) => h.kind === 'DEPOSIT_ACCOUNT')) continue;
    const a = c.attributes;
    // every spelling a record of theirs holds, not only the survived one
    const nationalIds = [a.nationalId, ...records.map((r) => r.national_id)].filter((v): v is string => !!v && v.length >= 15);
    const phones = [...new Set<string>([...a.phones, ...records.flatMap((r) => r.phones ?? [])])];
    const emails = [...new Set<string>([...a.emails, ...records.flatMap((r) => r.emails ?? [])])];
    const names = [...new Set<string>([a.fullName, ...records.map((r) => r.full_name)].filter((n): n is string => !!n && Array.from(n).length >= 2))];
    const [segments] = await sql<{ segment_explanation: any }>(`SELECT segment_explanation FROM golden_customer WHERE id = ?`, [c.id]);
    const facts = (segments.segment_explanation?.reasons ?? []).flatMap((r: any) => Object.entries(r.facts ?? {}));
    const money = (n: unknown) => typeof n === 'number' && Math.abs(n) >= 100 ? [String(n)] : [];
    const record = records.find((r) => r.system === 'core_banking')!;
    return {
      id: c.id,
      record: { system: record.system, key: record.source_key, gqlSystem: record.system.toUpperCase() },
      nationalId: a.nationalId,
      phones: a.phones,
      emails: a.emails,
      fullName: a.fullName,
      dateOfBirth: a.dateOfBirth,
      secrets: {
        IDENTITY: [...names, a.dateOfBirth],
        GOVERNMENT_ID: [...new Set(nationalIds)],
        // E.164 and the local digits a caller would dial
        CONTACT: [...phones, ...phones.map((p) => p.replace(/^\+86/, '').replace(/^\+/, '')), ...emails],
        FINANCIAL: [
          ...holdings.map((h) => h.productId),
          ...holdings.flatMap((h) => money(h.balance)),
          ...facts.filter(([name]: [string]) => name === 'totalBalance' || name === 'totalDebt').flatMap(([, v]: [string, unknown]) => money(v)),
        ],
      },
    };
  }
  throw new Error('no customer in the sample with a resident id, phone, e-mail and a deposit account');
}

const CUSTOMER = `query Victim($id: String!) { customer(id: $id) { id status version recordCount ${PERSONAL_SELECTION} } }`;

describe('the victim', () => {
  it('has every kind of secret, and the seeded policy is in force (STEWARD/SUBJECT_RIGHTS reads them all)', async () => {
    for (const values of Object.values(victim.secrets)) expect(values.length).toBeGreaterThan(0);
    // the secrets are really what the API holds: the one purpose allowed everything returns them
    const res = await gql(`query($id: String!) { customer(id: $id) { ${PERSONAL_SELECTION} holdings { deposits { productId balance } } } }`, {
      role: 'STEWARD',
      purpose: 'SUBJECT_RIGHTS',
      variables: { id: victim.id },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.text).toContain(victim.nationalId);
    expect(res.text).toContain(victim.phones[0]);
    expect(res.text).toContain(victim.emails[0]);
    expect(res.body.data.customer.name.full).toBe(victim.fullName);
    expect(res.body.data.customer.holdings.deposits.length).toBeGreaterThan(0);
    expect(withheldOf(res.body)).toEqual([]);
  });
});

describe('plain fields', () => {
  it('APP/SERVICE: the id number is masked, the rest intact', async () => {
    const res = await gql(CUSTOMER, { purpose: 'SERVICE', variables: { id: victim.id } });
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['GOVERNMENT_ID']);
    const c = res.body.data.customer;
    // only the two order digits: no region, birth date, gender digit or check character
    expect(c.nationalId.number).toBe(`${'*'.repeat(14)}${victim.nationalId.slice(14, 16)}**`);
    expect(c).toMatchObject({ id: victim.id, status: 'ACTIVE', phones: victim.phones, emails: victim.emails, dateOfBirth: victim.dateOfBirth });
    expect(c.name.full).toBe(victim.fullName);
  });

  it('APP/RISK: phones and e-mails are masked (138****5678), identity intact', async () => {
    const res = await gql(CUSTOMER, { purpose: 'RISK', variables: { id: victim.id } });
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['CONTACT']);
    const c = res.body.data.customer;
    expect(c.phones).toHaveLength(victim.phones.length);
    for (const p of c.phones) expect(p).toMatch(/\*{3,}/);
    for (const e of c.emails) expect(e).toMatch(/^.\*\*\*@/);
    expect(c.nationalId.number).toBe(victim.nationalId);
  });

  it('ADMIN/SERVICE: identity, id and contacts masked or withheld (gender has no masked form)', async () => {
    const res = await gql(CUSTOMER, { role: 'ADMIN', purpose: 'SERVICE', variables: { id: victim.id } });
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    const c = res.body.data.customer;
    expect(c.dateOfBirth).toBe(`${victim.dateOfBirth.slice(0, 4)}-**-**`);
    expect(c.gender).toBeNull();
    expectWithheld(res.body, 'customer.gender', 'Customer.gender', 'POLICY_DENY');
    expect(c).toMatchObject({ id: victim.id, status: 'ACTIVE' });
  });

  it('APP/MARKETING without consent: every personal field withheld with NO_CONSENT, the id with POLICY_DENY', async () => {
    const res = await gql(CUSTOMER, { purpose: 'MARKETING', variables: { id: victim.id } });
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
    const c = res.body.data.customer;
    expect(c).toMatchObject({ id: victim.id, status: 'ACTIVE', name: null, dateOfBirth: null, nationalId: null, phones: null, emails: null });
    for (const f of ['name', 'dateOfBirth', 'gender', 'phones', 'emails', 'address']) expectWithheld(res.body, `customer.${f}`, `Customer.${f}`, 'NO_CONSENT');
    expectWithheld(res.body, 'customer.nationalId', 'Customer.nationalId', 'POLICY_DENY');
  });
});

describe('aliases and fragments', () => {
  it('aliases of a withheld field, and an aliased nested object, are withheld under each alias', async () => {
    const res = await gql(
      `query($id: String!) {
         a: customer(id: $id) { x: nationalId { n: number } y: nationalId { number } p1: phones p2: phones mail: emails who: name { full } }
         b: customer(id: $id) { id idNo: nationalId { number } }
       }`,
      { purpose: 'MARKETING', variables: { id: victim.id } },
    );
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    expect(res.body.data.b.id).toBe(victim.id);
    expectWithheld(res.body, 'a.x', 'Customer.nationalId', 'POLICY_DENY');
    expectWithheld(res.body, 'a.y', 'Customer.nationalId', 'POLICY_DENY');
    expectWithheld(res.body, 'a.p1', 'Customer.phones', 'NO_CONSENT');
    expectWithheld(res.body, 'a.p2', 'Customer.phones', 'NO_CONSENT');
    expectWithheld(res.body, 'a.mail', 'Customer.emails', 'NO_CONSENT');
    expectWithheld(res.body, 'a.who', 'Customer.name', 'NO_CONSENT');
    expectWithheld(res.body, 'b.idNo', 'Customer.nationalId', 'POLICY_DENY');
  });

  it('inline fragments, a named fragment spread twice and nested fragments', async () => {
    const res = await gql(
      `fragment Contact on Customer { phones emails }
       fragment Person on Customer { ...Contact name { ...FullName } nationalId { number } }
       fragment FullName on PersonName { full given family }
       query($id: String!) {
         customer(id: $id) {
           id
           ...Person
           ...Person
           ... on Customer { dateOfBirth ... on Customer { again: phones } }
           holdings { ... on Holdings { deposits { productId balance } } }
         }
       }`,
      { role: 'STEWARD', purpose: 'SERVICE', variables: { id: victim.id } },
    );
    // STEWARD/SERVICE reads identity and contacts, not finances: only the holdings are withheld
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['FINANCIAL']);
    expect(res.body.data.customer.holdings).toBeNull();
    expect(res.body.data.customer.phones).toEqual(victim.phones);
    expectWithheld(res.body, 'customer.holdings', 'Customer.holdings', 'POLICY_DENY');

    const marketing = await gql(
      `fragment Contact on Customer { phones emails }
       fragment Person on Customer { ...Contact name { full } nationalId { number } }
       query($id: String!) { customer(id: $id) { id ...Person ...Person ... on Customer { dateOfBirth again: phones } } }`,
      { purpose: 'MARKETING', variables: { id: victim.id } },
    );
    expect(marketing.body.errors).toBeUndefined();
    expectNoSecrets(marketing.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    expect(marketing.body.data.customer.id).toBe(victim.id);
    expectWithheld(marketing.body, 'customer.again', 'Customer.phones', 'NO_CONSENT');
    expectWithheld(marketing.body, 'customer.dateOfBirth', 'Customer.dateOfBirth', 'NO_CONSENT');
  });
});

describe('lists, other entry points and redirects', () => {
  it('the customers list: every node of the connection goes through the gate', async () => {
    let after: string | null = null;
    let seen = 0;
    let found = false;
    do {
      const res: Awaited<ReturnType<typeof gql>> = await gql(
        `query($after: String) { customers(first: 100, after: $after) { edges { cursor node { id ${PERSONAL_SELECTION} } } pageInfo { hasNextPage endCursor } } }`,
        { purpose: 'MARKETING', variables: { after } },
      );
      expect(res.body.errors).toBeUndefined();
      expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
      const edges = res.body.data.customers.edges;
      const i = edges.findIndex((e: any) => e.node.id === victim.id);
      if (i >= 0) {
        found = true;
        expectWithheld(res.body, `customers.edges.${i}.node.phones`, 'Customer.phones', 'NO_CONSENT');
        expectWithheld(res.body, `customers.edges.${i}.node.nationalId`, 'Customer.nationalId', 'POLICY_DENY');
      }
      seen += edges.length;
      after = res.body.data.customers.pageInfo.hasNextPage ? res.body.data.customers.pageInfo.endCursor : null;
    } while (after);
    expect(found).toBe(true);
    expect(seen).toBeGreaterThan(1);
  });

  it('customerBySourceKey: whose record a key is, is IDENTITY: an unconsented customer is not found, as a missing key is', async () => {
    const query = `query($s: SourceSystem!, $k: String!) { customerBySourceKey(system: $s, key: $k) { id ${PERSONAL_SELECTION} } }`;
    const res = await gql(query, { purpose: 'MARKETING', variables: { s: victim.record.gqlSystem, k: victim.record.key } });
    const missing = await gql(query, { purpose: 'MARKETING', variables: { s: victim.record.gqlSystem, k: 'NO-SUCH-KEY' } });
    expect(res.body.data).toBeNull();
    expect(res.text).not.toContain(victim.id);
    expect(res.body.errors).toEqual(missing.body.errors);
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    // ADMIN/SERVICE reads IDENTITY masked only: no lookup by key at all
    const admin = await gql(query, { role: 'ADMIN', purpose: 'SERVICE', variables: { s: victim.record.gqlSystem, k: victim.record.key } });
    expect(admin.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEARCH_NOT_ALLOWED' });
    expect(admin.text).not.toContain(victim.id);
    // APP/SERVICE may read IDENTITY in full: found
    const app = await gql(query, { purpose: 'SERVICE', variables: { s: victim.record.gqlSystem, k: victim.record.key } });
    expect(app.body.data.customerBySourceKey.id).toBe(victim.id);
  });

  it('a merged-away id redirects to the victim and is gated the same', async () => {
    const absorbed = '00000000-0000-4000-8000-0000000000b1';
    await sql(`INSERT INTO golden_customer (id, status, merged_into) VALUES (?, 'MERGED', ?) ON CONFLICT DO NOTHING`, [absorbed, victim.id]);
    const res = await gql(`query($id: String!) { customer(id: $id) { id redirectedFrom ${PERSONAL_SELECTION} } }`, { purpose: 'MARKETING', variables: { id: absorbed } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customer).toMatchObject({ id: victim.id, redirectedFrom: absorbed, phones: null });
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    expectWithheld(res.body, 'customer.phones', 'Customer.phones', 'NO_CONSENT');
  });
});

describe('nested paths and sub-objects', () => {
  it('holdings under FINANCIAL DENY (STEWARD/SERVICE): no product id or balance of any part', async () => {
    const res = await gql(
      `query($id: String!) { customer(id: $id) { id
         holdings { deposits { productId balance sourceKey } cards { productId balance creditLimit } loans { productId balance } }
         h2: holdings { deposits { productId } } } }`,
      { role: 'STEWARD', purpose: 'SERVICE', variables: { id: victim.id } },
    );
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['FINANCIAL']);
    expect(res.body.data.customer).toEqual({ id: victim.id, holdings: null, h2: null });
    expectWithheld(res.body, 'customer.holdings', 'Customer.holdings', 'POLICY_DENY');
    expectWithheld(res.body, 'customer.h2', 'Customer.holdings', 'POLICY_DENY');
  });

  it('holdings under ADMIN/SERVICE (FINANCIAL DENY)', async () => {
    const res = await gql(`query($id: String!) { customer(id: $id) { id holdings { deposits { productId balance } } } }`, {
      role: 'ADMIN',
      purpose: 'SERVICE',
      variables: { id: victim.id },
    });
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['FINANCIAL']);
    expectWithheld(res.body, 'customer.holdings', 'Customer.holdings', 'POLICY_DENY');
  });

  it('segments where profiling is allowed but finances are not (ADMIN/SERVICE): the explanation must not quote balances', async () => {
    const res = await gql(`query($id: String!) { customer(id: $id) { id segments { valueTier riskGrade lifecycleStage explanation { segment value facts } } } }`, {
      role: 'ADMIN',
      purpose: 'SERVICE',
      variables: { id: victim.id },
    });
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['FINANCIAL']);
    // the segments themselves are allowed (PROFILING ALLOW for ADMIN/SERVICE), their figures are FINANCIAL
    const segments = res.body.data.customer.segments;
    expect(segments.valueTier).toEqual(expect.any(String));
    expect(segments.explanation.length).toBeGreaterThan(0);
    segments.explanation.forEach((reason: any, i: number) => {
      expect(reason.facts).toBeNull();
      expectWithheld(res.body, `customer.segments.explanation.${i}.facts`, 'SegmentReason.facts', 'POLICY_DENY');
    });
    // where finances may be read (APP/SERVICE) the facts are there
    const service = await gql(`query($id: String!) { customer(id: $id) { segments { explanation { facts } } } }`, { purpose: 'SERVICE', variables: { id: victim.id } });
    expect(service.body.data.customer.segments.explanation[0].facts).toEqual(expect.any(Object));
  });

  it('history { before after } and links { explanation } quote attribute values: withheld where any of their categories is not fully allowed', async () => {
    const q = `query($id: String!) { customer(id: $id) { id history { type before after details } links { explanation probability } } }`;
    // APP/SERVICE masks the id number, APP/RISK masks contacts, ADMIN masks everything: a JSON snapshot has no masked form
    for (const [role, purpose, leaked] of [
      ['APP', 'SERVICE', ['GOVERNMENT_ID']],
      ['APP', 'RISK', ['CONTACT']],
      ['ADMIN', 'SERVICE', ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']],
      ['APP', 'MARKETING', ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']],
    ] as [Role, string, (keyof Victim['secrets'])[]][]) {
      const res = await gql(q, { role, purpose, variables: { id: victim.id } });
      expect(res.body.errors).toBeUndefined();
      expectNoSecrets(res.text, leaked);
      expect(res.body.data.customer).toEqual({ id: victim.id, history: null, links: null });
      expect(withheldOf(res.body).map((w) => w.path).sort()).toEqual(['customer.history', 'customer.links']);
    }
  });

  it('provenance and sourceRecords are withheld where identity is (ADMIN/SERVICE, MARKETING without consent)', async () => {
    const q = `query($id: String!) { customer(id: $id) { id recordCount provenance { field sourceKey rule } sourceRecords { system sourceKey } } }`;
    for (const [role, purpose, reason] of [
      ['ADMIN', 'SERVICE', 'POLICY_DENY'],
      ['APP', 'MARKETING', 'NO_CONSENT'],
    ] as [Role, string, string][]) {
      const res = await gql(q, { role, purpose, variables: { id: victim.id } });
      expect(res.body.errors).toBeUndefined();
      expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
      // recordCount says how many systems hold a record: part of what sourceRecords tells
      expect(res.body.data.customer).toMatchObject({ id: victim.id, provenance: null, sourceRecords: null, recordCount: null });
      expectWithheld(res.body, 'customer.recordCount', 'Customer.recordCount', reason);
      expectWithheld(res.body, 'customer.provenance', 'Customer.provenance', reason);
      expectWithheld(res.body, 'customer.sourceRecords', 'Customer.sourceRecords', reason);
    }
  });
});

describe('search, filter and sort on withheld fields', () => {
  const search = (purpose: string, text: string, role: Role = 'APP') =>
    gql(`query($q: String) { customers(search: $q, first: 50) { totalCount edges { node { id ${PERSONAL_SELECTION} } } } }`, { role, purpose, variables: { q: text } });

  it('search by phone where contacts are only masked (APP/RISK) is FORBIDDEN and reveals nothing', async () => {
    for (const phone of [victim.phones[0], victim.phones[0].replace(/^\+86/, '')]) {
      const res = await search('RISK', phone);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.body.data ?? null).toBeNull();
      expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    }
  });

  it('search by id number where it is only masked (APP/SERVICE) is FORBIDDEN and reveals nothing', async () => {
    const res = await search('SERVICE', victim.nationalId);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    // nor by e-mail under ADMIN (contacts masked)
    const byEmail = await search('SERVICE', victim.emails[0], 'ADMIN');
    expect(byEmail.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectNoSecrets(byEmail.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    // nor by name under ADMIN (identity masked)
    const byName = await search('SERVICE', victim.fullName, 'ADMIN');
    expect(byName.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectNoSecrets(byName.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
  });

  it('search by id number is refused under MARKETING (GOVERNMENT_ID DENY) whatever the consent', async () => {
    const res = await search('MARKETING', victim.nationalId);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
  });

  it('segment filter where profiling is denied (STEWARD/SERVICE) is FORBIDDEN', async () => {
    const [row] = await sql<{ value_tier: string }>(`SELECT value_tier FROM golden_customer WHERE id = ?`, [victim.id]);
    const res = await gql(`query($t: [ValueTier!]) { customers(filter: { valueTier: $t }) { totalCount edges { node { id } } } }`, {
      role: 'STEWARD',
      purpose: 'SERVICE',
      variables: { t: [row.value_tier] },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.text).not.toContain(victim.id);
  });

  it('there is no sort argument: sorting by a withheld field cannot be asked for (fails if one is added without policy)', async () => {
    // customers are listed in id order only; a sort on a personal field would reveal its order
    const res = await gql(`{ __type(name: "Query") { fields { name args { name } } } }`, { purpose: 'SERVICE' });
    const customers = res.body.data.__type.fields.find((f: any) => f.name === 'customers');
    expect(customers.args.map((a: any) => a.name).sort()).toEqual(['after', 'filter', 'first', 'search']);
    const filter = await gql(`{ __type(name: "CustomerFilterInput") { inputFields { name } } }`, { purpose: 'SERVICE' });
    expect(filter.body.data.__type.inputFields.map((f: any) => f.name).sort()).toEqual(['lifecycleStage', 'riskGrade', 'sourceSystem', 'valueTier']);
  });
});

describe('consent: MARKETING sees only what was consented to, while it is in force', () => {
  // recorded by the app that captures consent (scope consent:record), with its evidence
  const grant = (input: Record<string, unknown>) =>
    gql(`mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id status categories expiresAt } }`, {
      purpose: 'MARKETING',
      scopes: ['consent:record'],
      variables: { input: { evidence: 'app-consent-log-1', ...input } },
    });
  const read = () =>
    gql(`query($id: String!) { customer(id: $id) { id ${PERSONAL_SELECTION} holdings { deposits { productId balance } } } }`, {
      purpose: 'MARKETING',
      variables: { id: victim.id },
    });
  const searchByPhone = () =>
    gql(`query($q: String) { customers(search: $q) { totalCount edges { node { id } } } }`, { purpose: 'MARKETING', variables: { q: victim.phones[0] } });

  it('before consent: a search by phone finds nobody, not even as a count', async () => {
    const res = await searchByPhone();
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customers).toEqual({ totalCount: 0, edges: [] });
    expect(res.text).not.toContain(victim.id);
  });

  it('granted for IDENTITY and CONTACT: those appear, finances stay NO_CONSENT and the id POLICY_DENY', async () => {
    const granted = await grant({ customerId: victim.id, purpose: 'MARKETING', categories: ['IDENTITY', 'CONTACT'], channel: 'APP' });
    expect(granted.body.errors).toBeUndefined();
    const res = await read();
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['GOVERNMENT_ID', 'FINANCIAL']);
    const c = res.body.data.customer;
    expect(c).toMatchObject({ phones: victim.phones, emails: victim.emails, dateOfBirth: victim.dateOfBirth, nationalId: null, holdings: null });
    expect(c.name.full).toBe(victim.fullName);
    expectWithheld(res.body, 'customer.holdings', 'Customer.holdings', 'NO_CONSENT');
    expectWithheld(res.body, 'customer.nationalId', 'Customer.nationalId', 'POLICY_DENY');
    expect(withheldOf(res.body).map((w) => w.field)).not.toContain('Customer.phones');

    const found = await searchByPhone();
    expect(found.body.data.customers.edges.map((e: any) => e.node.id)).toContain(victim.id);
  });

  it('a consent that has expired: CONSENT_EXPIRED, and search no longer finds them', async () => {
    const expired = await grant({
      customerId: victim.id,
      purpose: 'MARKETING',
      categories: ['IDENTITY', 'CONTACT', 'FINANCIAL'],
      channel: 'BRANCH',
      // long enough that a slow grant request on a loaded machine is still before it
      expiresAt: new Date(Date.now() + 15_000).toISOString(),
    });
    expect(expired.body.errors).toBeUndefined();
    // the latest statement, given now: wait until it has expired
    let res = await read();
    for (let i = 0; i < 120 && !withheldOf(res.body).some((w) => w.reason === 'CONSENT_EXPIRED'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      res = await read();
    }
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
    for (const f of ['name', 'dateOfBirth', 'phones', 'emails', 'holdings']) expectWithheld(res.body, `customer.${f}`, `Customer.${f}`, 'CONSENT_EXPIRED');
    const search = await searchByPhone();
    expect(search.body.data.customers).toEqual({ totalCount: 0, edges: [] });
  });

  it('revoked: withheld again with NO_CONSENT', async () => {
    expect((await grant({ customerId: victim.id, purpose: 'MARKETING', categories: ['IDENTITY', 'CONTACT', 'FINANCIAL'], channel: 'APP' })).body.errors).toBeUndefined();
    const before = await read();
    expect(before.body.data.customer.phones).toEqual(victim.phones);
    const revoked = await gql(`mutation($input: RevokeConsentInput!) { revokeConsent(input: $input) { status } }`, {
      purpose: 'MARKETING',
      scopes: ['consent:record'],
      variables: { input: { customerId: victim.id, purpose: 'MARKETING', channel: 'APP', evidence: 'app-consent-log-2' } },
    });
    expect(revoked.body.errors).toBeUndefined();
    const res = await read();
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
    for (const f of ['name', 'phones', 'emails', 'holdings']) expectWithheld(res.body, `customer.${f}`, `Customer.${f}`, 'NO_CONSENT');
    expect((await searchByPhone()).body.data.customers.totalCount).toBe(0);
  });
});

describe('errors, batching, purpose and introspection', () => {
  it('NOT_FOUND and BAD_USER_INPUT errors never carry the victim’s values', async () => {
    const cases = [
      gql(`{ customer(id: "00000000-0000-4000-8000-00000000dead") { id phones } }`, { purpose: 'SERVICE' }),
      gql(`{ customer(id: "not-an-id") { id } }`, { purpose: 'SERVICE' }),
      gql(`query($k: String!) { customerBySourceKey(system: CORE_BANKING, key: $k) { id phones } }`, { purpose: 'SERVICE', variables: { k: `${victim.record.key}-nope` } }),
      gql(`query($q: String) { customers(search: $q) { edges { node { id } } } }`, { purpose: 'RISK', variables: { q: `${victim.emails[0]}@` } }),
      gql(`query($id: String!) { customer(id: $id) { id nationalId { number nope } } }`, { purpose: 'MARKETING', variables: { id: victim.id } }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.body.errors?.length).toBeGreaterThan(0);
      expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
    }
  });

  it('a withheld object with a non-null child does not leak it through an error path', async () => {
    // nationalId.number is String!: withholding the nullable parent must not turn into an error that echoes it
    const res = await gql(`query($id: String!) { customer(id: $id) { id nationalId { number type } name { full } } }`, {
      purpose: 'MARKETING',
      variables: { id: victim.id },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customer).toEqual({ id: victim.id, nationalId: null, name: null });
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID']);
  });

  it('a JSON array of operations is refused with 400 and answers nothing', async () => {
    const one = { query: CUSTOMER, variables: { id: victim.id } };
    const res = await post([one, one], { role: 'STEWARD', purpose: 'SUBJECT_RIGHTS' });
    expect(res.status).toBe(400);
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
  });

  it('two operations in one document: only the one named runs; without a name, none', async () => {
    const doc = `query OnlyId($id: String!) { customer(id: $id) { id } }
                 query Everything($id: String!) { customer(id: $id) { ${PERSONAL_SELECTION} holdings { deposits { productId balance } } } }`;
    // the purpose that may read everything, so anything of the second operation would show
    const res = await post({ query: doc, operationName: 'OnlyId', variables: { id: victim.id } }, { role: 'STEWARD', purpose: 'SUBJECT_RIGHTS' });
    expect(res.body).toEqual({ data: { customer: { id: victim.id } } });
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
    const unnamed = await post({ query: doc, variables: { id: victim.id } }, { role: 'STEWARD', purpose: 'SUBJECT_RIGHTS' });
    expect(unnamed.body.errors?.length).toBeGreaterThan(0);
    expect(unnamed.body.data ?? null).toBeNull();
    expectNoSecrets(unnamed.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
  });

  it('no x-purpose: customers are not read at all (FORBIDDEN, NO_PURPOSE), not even their ids', async () => {
    const res = await gql(
      `query($id: String!) { customer(id: $id) { id status ${PERSONAL_SELECTION} segments { valueTier } provenance { field } sourceRecords { system } history { type } links { status } holdings { deposits { productId } } } }`,
      { role: 'STEWARD', variables: { id: victim.id } },
    );
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_PURPOSE' });
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
    for (const query of [`{ customers(first: 5) { edges { cursor node { id } } } }`, `{ customers(first: 5) { totalCount } }`]) {
      const list = await gql(query, { role: 'APP' });
      expect(list.body.data).toBeNull();
      expect(list.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_PURPOSE' });
    }
  });

  it('an x-purpose the token does not carry: 403 FORBIDDEN, nothing answered', async () => {
    const res = await gql(CUSTOMER, { role: 'STEWARD', purpose: 'SUBJECT_RIGHTS', tokenPurposes: ['SERVICE'], variables: { id: victim.id } });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.body.data ?? null).toBeNull();
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
  });

  it('__typename and introspection expose types, never values', async () => {
    const res = await gql(
      `query($id: String!) { __typename customer(id: $id) { __typename id nationalId { __typename } name { __typename } holdings { __typename } }
         __type(name: "Customer") { fields { name description args { name defaultValue } } } }`,
      { purpose: 'MARKETING', variables: { id: victim.id } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customer).toEqual({ __typename: 'Customer', id: victim.id, nationalId: null, name: null, holdings: null });
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT', 'FINANCIAL']);
  });
});

describe('sourceRecord(system, key): personal fields of a source record', () => {
  it('ADMIN/SERVICE (identity, id and contacts MASK) may not look a record up by its key, and gets no personal value of it', async () => {
    const [record] = await sql<{ national_id: string | null; phones: string[]; emails: string[]; full_name: string | null; date_of_birth: string | null }>(
      `SELECT national_id, phones, emails, full_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth FROM source_record WHERE system = ? AND source_key = ?`,
      [victim.record.system, victim.record.key],
    );
    const values = [record.national_id, ...record.phones, ...record.emails, record.full_name, record.date_of_birth].filter((v): v is string => !!v && v.length >= 4);
    expect(values.length).toBeGreaterThan(0);
    const res = await gql(
      `query($s: SourceSystem!, $k: String!) { sourceRecord(system: $s, key: $k) { id sourceKey name { given family full givenPinyin familyPinyin } dateOfBirth nationalId phones emails blockingKeys raw } }`,
      { role: 'ADMIN', purpose: 'SERVICE', variables: { s: victim.record.gqlSystem, k: victim.record.key } },
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEARCH_NOT_ALLOWED' });
    const leaked = values.filter((v) => res.text.includes(v));
    expectNoSecrets(res.text, ['IDENTITY', 'GOVERNMENT_ID', 'CONTACT']);
    expect(leaked).toEqual([]);
  });
});

// the categories the suite covers are all the schema has
it('covers every data category', () => {
  expect(Object.values(DataCategory).sort()).toEqual(['CONTACT', 'FINANCIAL', 'GOVERNMENT_ID', 'IDENTITY', 'PROFILING']);
});
