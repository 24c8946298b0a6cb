/**
 * The classes of hole an outside attack suite found (issue P), each tried as a class through HTTP
 * against a hub API in production settings (introspection off) on a matched sample hub, with
 * the access log written: filters that reveal a withheld field, side fields repeating one,
 * masks and hashes that tell more than the policy allows, listing without a purpose, schema
 * hints in errors, tokens that never expire, and reads or refusals that leave no trace.
 *
 * Besides the seeded policy (APP/SERVICE A M A A A · APP/MARKETING C D C C C · ADMIN/SERVICE
 * M M M D A, by IDENTITY, GOVERNMENT_ID, CONTACT, FINANCIAL, PROFILING), two probe purposes
 * are added for APP: PROBE_MASK (everything MASK: nothing may be searched or filtered) and
 * PROBE_FINANCIAL (FINANCIAL ALLOW, the rest DENY: holdings without identity).
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import jwt from 'jsonwebtoken';
import stringify from 'safe-stable-stringify';
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import { signToken, type Role } from '../../src/api/auth';
import { describeHubSchema } from '../../src/server/schema';
import { startApi, type RunningApi } from '../../src/server/server';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { AccessLogWriter } from '../../src/audit/access-log.writer';
import { ormOptions } from '../../src/orm';
import { DATA_CATEGORIES } from '../../src/policy/categories';
import { SegmentRuleService } from '../../src/segments/segment-rule.service';
import { HoldingsGateway } from '../../src/holdings/holdings.gateway';
import { SegmentationService } from '../../src/segments/segmentation.service';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';
import { hubApi, hubServices } from '../support/hub-services';

const keys = { secret: 'test-secret-test-secret-test-secret!', issuer: 'customer-hub' };
const PURPOSES = ['SERVICE', 'MARKETING', 'PROBE_MASK', 'PROBE_FINANCIAL', 'SUBJECT_RIGHTS'];
const actorOf = (role: Role) => `attack-${role.toLowerCase()}`;
const token = (role: Role, purposes = PURPOSES) => signToken(keys, { subject: actorOf(role), role, purposes });

let hub: SampleHub;
let orm: MikroORM;
let api: RunningApi;
let schema: GraphQLSchema;

interface Victim {
  id: string;
  phone: string;
  nationalId: string;
  /** a loans record and a cards record of the victim */
  loansKey: string;
  cardsKey: string;
}
let victim: Victim;

type Body = { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[]; extensions?: { withheld?: { path: string; field: string; reason: string }[] } };

async function post(body: unknown, headers: Record<string, string>) {
  const requestId = `attack-${randomUUID()}`;
  const res = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Body, requestId };
}

const gql = (query: string, { role = 'APP' as Role, purpose, variables, bearer }: { role?: Role; purpose?: string; variables?: Record<string, unknown>; bearer?: string } = {}) =>
  post({ query, variables }, { authorization: `Bearer ${bearer ?? token(role)}`, ...(purpose ? { 'x-purpose': purpose } : {}) });

const sql = <T = any>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);
const entriesOf = (requestId: string) => sql(`SELECT * FROM access_log WHERE request_id = ? ORDER BY id`, [requestId]);

beforeAll(async () => {
  hub = await startMatchedHub('attack_classes', 150);
  await new SegmentationService(hub.orm, new HoldingsGateway(hub.connectors, 60_000), new SegmentRuleService(hub.orm), { clock: () => new Date('2026-01-01T00:00:00Z') }).segmentAll();
  orm = await MikroORM.init(ormOptions(hub.db.url, 4));
  for (const category of DATA_CATEGORIES) {
    await sql(`INSERT INTO access_policy (role, purpose, category, decision, updated_by) VALUES ('APP', 'PROBE_MASK', ?, 'MASK', 'test'), ('APP', 'PROBE_FINANCIAL', ?, ?, 'test')`, [
      category,
      category,
      category === 'FINANCIAL' ? 'ALLOW' : 'DENY',
    ]);
  }
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: true,
    ...hubApi(hubServices(orm, hub.connectors)),
    audit: new AccessLogWriter(new AccessLogRepository(orm)),
  });
  schema = await describeHubSchema();
  const [v] = await sql(
    `SELECT g.id, g.attributes->'phones'->>0 AS phone, g.attributes->>'nationalId' AS national_id,
            (SELECT min(source_key) FROM source_record s WHERE s.golden_id = g.id AND s.system = 'loans') AS loans_key,
            (SELECT min(source_key) FROM source_record s WHERE s.golden_id = g.id AND s.system = 'cards') AS cards_key
     FROM golden_customer g
     WHERE g.status = 'ACTIVE' AND g.attributes->>'nationalIdType' = 'CN_RESIDENT' AND jsonb_array_length(g.attributes->'phones') > 0
       AND EXISTS (SELECT 1 FROM source_record s WHERE s.golden_id = g.id AND s.system = 'loans')
       AND EXISTS (SELECT 1 FROM source_record s WHERE s.golden_id = g.id AND s.system = 'cards')
       AND NOT EXISTS (SELECT 1 FROM consent_current c WHERE c.golden_id = g.id AND c.status = 'GRANTED')
     ORDER BY g.id LIMIT 1`,
  );
  victim = { id: v.id, phone: v.phone, nationalId: v.national_id, loansKey: v.loans_key, cardsKey: v.cards_key };
}, 240_000);

afterAll(async () => {
  await api?.close();
  await orm?.close();
  await hub?.close();
});

/** a value of the schema's type for an input field: the first enum value, a list of it */
function sampleValue(type: import('graphql').GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].name;
  throw new Error(`no sample for ${named.name}`);
}

describe('1 · filters and searches need the right to read their field in full', () => {
  it('every filter argument of customers, and every kind of search, is refused where its category is only masked', async () => {
    const filterType = schema.getType('CustomerFilterInput');
    if (!isInputObjectType(filterType)) throw new Error('CustomerFilterInput missing');
    const probes: Record<string, unknown>[] = Object.values(filterType.getFields()).map((f) => ({ filter: { [f.name]: sampleValue(f.type) } }));
    expect(probes.length).toBeGreaterThanOrEqual(4);
    for (const search of ['Zhang Wei', victim.phone, 'someone@example.com', victim.nationalId]) probes.push({ search });
    for (const variables of probes) {
      const res = await gql(`query($filter: CustomerFilterInput, $search: String) { customers(first: 100, filter: $filter, search: $search) { edges { node { id } } } }`, {
        purpose: 'PROBE_MASK',
        variables,
      });
      expect({ variables, code: res.body.errors?.[0]?.extensions?.code, reason: res.body.errors?.[0]?.extensions?.reason }).toEqual({
        variables,
        code: 'FORBIDDEN',
        reason: 'SEARCH_NOT_ALLOWED',
      });
      expect(res.text).not.toContain(victim.id);
    }
  });

  it('filtering by source system does not tell whether a customer holds loans where sourceRecords is withheld', async () => {
    // ADMIN/SERVICE: IDENTITY masked only → refused outright
    const admin = await gql(`{ customers(first: 100, filter: { sourceSystem: [LOANS] }) { edges { cursor } totalCount } }`, { role: 'ADMIN', purpose: 'SERVICE' });
    expect(admin.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SEARCH_NOT_ALLOWED' });
    // APP/MARKETING: identity under consent → only consenting customers; the victim never is, on any page
    let after: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof gql>> = await gql(
        `query($after: String) { customers(first: 100, after: $after, filter: { sourceSystem: [LOANS] }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { purpose: 'MARKETING', variables: { after } },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.text).not.toContain(victim.id);
      after = res.body.data.customers.pageInfo.hasNextPage ? res.body.data.customers.pageInfo.endCursor : null;
    } while (after);
  });
});

describe('2 · side fields carry the category of the fact they repeat', () => {
  it('ADMIN/SERVICE gets no segments.sources; FINANCIAL-only gets no holder key in holdings', async () => {
    const admin = await gql(`query($id: String!) { customer(id: $id) { id segments { valueTier sources } recordCount sourceRecords { system } } }`, {
      role: 'ADMIN',
      purpose: 'SERVICE',
      variables: { id: victim.id },
    });
    expect(admin.body.data.customer.segments).toMatchObject({ sources: null });
    expect(admin.body.data.customer.segments.valueTier).toBeTruthy();
    expect(admin.body.data.customer).toMatchObject({ recordCount: null, sourceRecords: null });
    expect(admin.text).not.toMatch(/CORE_BANKING|"CARDS"|"LOANS"/);

    const financial = await gql(`query($id: String!) { customer(id: $id) { holdings { cards { sourceKey productId balance } loans { sourceKey productId } } } }`, {
      purpose: 'PROBE_FINANCIAL',
      variables: { id: victim.id },
    });
    const holdings = financial.body.data.customer.holdings;
    expect(holdings.cards.length + holdings.loans.length).toBeGreaterThan(0);
    for (const h of [...holdings.cards, ...holdings.loans]) expect(h.sourceKey).toBeNull();
    expect(financial.text).not.toContain(victim.cardsKey);
    expect(financial.text).not.toContain(victim.loansKey);
  });
});

describe('3 · masks and hashes tell no more than the policy allows', () => {
  it('a masked resident id hides region, birth date, the gender digit and the check character', async () => {
    const res = await gql(`query($id: String!) { customer(id: $id) { nationalId { number } } }`, { purpose: 'SERVICE', variables: { id: victim.id } });
    const masked: string = res.body.data.customer.nationalId.number;
    expect(masked).toHaveLength(18);
    for (const i of [...Array(14).keys(), 16, 17]) expect(masked[i]).toBe('*');
  });

  it('no field of a source record carries an unkeyed hash of its raw row', async () => {
    const sourceRecord = schema.getType('SourceRecord');
    if (!isObjectType(sourceRecord)) throw new Error('SourceRecord missing');
    const scalars = Object.values(sourceRecord.getFields()).filter((f) => !isObjectType(getNamedType(f.type)) && f.args.length === 0).map((f) => f.name);
    const [row] = await sql(`SELECT raw FROM source_record WHERE system = 'loans' AND source_key = ?`, [victim.loansKey]);
    const digests = [createHash('sha256').update(stringify(row.raw) ?? '').digest('hex'), createHash('sha256').update(JSON.stringify(row.raw)).digest('hex')];
    const res = await gql(`query($k: String!) { sourceRecord(system: LOANS, key: $k) { ${scalars.join(' ')} } }`, { role: 'STEWARD', purpose: 'SERVICE', variables: { k: victim.loansKey } });
    expect(res.body.data.sourceRecord).toBeTruthy();
    for (const digest of digests) expect(res.text).not.toContain(digest);
  });
});

describe('4 · listing needs a purpose', () => {
  it('without x-purpose no customer, id, count or cursor is answered', async () => {
    for (const query of [
      `{ customers(first: 100) { edges { cursor node { id recordCount } } totalCount } }`,
      `query($id: String!) { customer(id: $id) { id version } }`,
      `query($k: String!) { customerBySourceKey(system: LOANS, key: $k) { id } }`,
    ]) {
      const res = await gql(query, { role: 'STEWARD', variables: { id: victim.id, k: victim.loansKey } });
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_PURPOSE' });
      expect(res.text).not.toContain(victim.id);
    }
  });
});

describe('5 · errors do not spell out the schema when introspection is off', () => {
  it('no "Did you mean" for fields, arguments, types, enum values (literal or variable) or missing selections', async () => {
    const attempts: [string, Record<string, unknown>?][] = [
      [`query($id: String!) { customer(id: $id) { nationalI } }`, { id: victim.id }],
      [`{ customers(frist: 1) { edges { cursor } } }`],
      [`{ customers(first: 1) { edges { node { ... on Custmer { id } } } } }`],
      [`{ customers(first: 1, filter: { sourceSystem: [LOAN] }) { edges { cursor } } }`],
      [`query($f: CustomerFilterInput) { customers(first: 1, filter: $f) { edges { cursor } } }`, { f: { sourceSystem: ['LOAN'] } }],
      [`query($f: CustomerFilterInput) { customers(first: 1, filter: $f) { edges { cursor } } }`, { f: { sourceSystm: ['LOANS'] } }],
      [`query($id: String!) { customer(id: $id) { name } }`, { id: victim.id }],
      [`query($f: CustomerFiltrInput) { customers(first: 1, filter: $f) { edges { cursor } } }`, {}],
    ];
    for (const [query, variables] of attempts) {
      const res = await gql(query, { purpose: 'SERVICE', variables });
      expect(res.body.errors?.length).toBeGreaterThan(0);
      expect({ query, text: res.text }).not.toEqual({ query, text: expect.stringMatching(/did you mean/i) });
    }
  });
});

describe('6 · tokens must expire', () => {
  it('refuses a token without exp and one living longer than the maximum', async () => {
    const claims = { role: 'APP', purposes: ['SERVICE'] };
    const noExp = jwt.sign(claims, keys.secret, { algorithm: 'HS256', subject: 'forever', issuer: keys.issuer });
    const longLived = jwt.sign(claims, keys.secret, { algorithm: 'HS256', subject: 'long', issuer: keys.issuer, expiresIn: '30d' });
    const futureIat = jwt.sign({ ...claims, iat: Math.floor(Date.now() / 1000) + 29 * 86400 }, keys.secret, { algorithm: 'HS256', subject: 'later', issuer: keys.issuer, expiresIn: '1h' });
    for (const bearer of [noExp, longLived, futureIat]) {
      const res = await gql(`query($id: String!) { customer(id: $id) { id } }`, { bearer, purpose: 'SERVICE', variables: { id: victim.id } });
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const ok = await gql(`query($id: String!) { customer(id: $id) { id } }`, { purpose: 'SERVICE', variables: { id: victim.id } });
    expect(ok.body.data.customer.id).toBe(victim.id);
  });
});

describe('10–12 · every read and every refusal leaves an entry', () => {
  it('a search answering only ids logs the persons found and the category searched', async () => {
    const res = await gql(`query($q: String!) { customers(search: $q) { edges { node { id } } } }`, { purpose: 'SERVICE', variables: { q: victim.phone } });
    const ids = res.body.data.customers.edges.map((e: any) => e.node.id);
    expect(ids).toContain(victim.id);
    const entries = await entriesOf(res.requestId);
    expect(entries.map((e) => e.subject_id).sort()).toEqual([...ids].sort());
    expect(entries.find((e) => e.subject_id === victim.id)).toMatchObject({ actor: actorOf('APP'), purpose: 'SERVICE', searched: ['CONTACT'], outcome: 'OK' });
    // a filter is a search too; a plain page logs everyone on it
    const filtered = await gql(`{ customers(first: 5, filter: { valueTier: [A, B, C] }) { edges { cursor } } }`, { purpose: 'SERVICE' });
    const filteredEntries = await entriesOf(filtered.requestId);
    expect(filteredEntries).toHaveLength(filtered.body.data.customers.edges.length);
    for (const e of filteredEntries) expect(e.searched).toEqual(['PROFILING']);
  });

  it('a source record linked to no customer is logged under the record', async () => {
    const [record] = await sql(`UPDATE source_record SET golden_id = NULL WHERE system = 'cards' AND source_key = ? RETURNING id::text AS id`, [victim.cardsKey]);
    try {
      const res = await gql(`query($k: String!) { sourceRecord(system: CARDS, key: $k) { id nationalId phones } }`, { role: 'STEWARD', purpose: 'SERVICE', variables: { k: victim.cardsKey } });
      expect(res.body.data.sourceRecord.id).toBe(record.id);
      const [entry] = await entriesOf(res.requestId);
      expect(entry).toMatchObject({ subject_id: `source-record:${record.id}`, actor: actorOf('STEWARD'), outcome: 'OK' });
      expect(entry.fields_returned).toEqual(expect.arrayContaining(['SourceRecord.phones']));
    } finally {
      await sql(`UPDATE source_record SET golden_id = ? WHERE id = ?`, [victim.id, record.id]);
    }
  });

  it('refusals are logged with who, purpose and what was refused: wrong purpose, wrong role, no purpose, refused search', async () => {
    const query = `query Read($id: String!) { customer(id: $id) { id } }`;
    const cases: { label: string; send: () => ReturnType<typeof gql>; expected: Record<string, unknown>; reason: string }[] = [
      {
        label: 'purpose not in the token',
        send: () => gql(query, { bearer: token('STEWARD', ['SERVICE']), purpose: 'MARKETING', variables: { id: victim.id } }),
        expected: { actor: actorOf('STEWARD'), purpose: 'MARKETING' },
        reason: 'PURPOSE_NOT_ALLOWED',
      },
      { label: 'role', send: () => gql(query, { role: 'AUDITOR', purpose: 'SERVICE', variables: { id: victim.id } }), expected: { actor: actorOf('AUDITOR'), purpose: 'SERVICE' }, reason: 'FORBIDDEN' },
      { label: 'no purpose', send: () => gql(query, { role: 'APP', variables: { id: victim.id } }), expected: { actor: actorOf('APP'), purpose: null }, reason: 'NO_PURPOSE' },
      {
        label: 'search',
        send: () => gql(`query($q: String!) { customers(search: $q) { edges { cursor } } }`, { purpose: 'PROBE_MASK', variables: { q: victim.phone } }),
        expected: { actor: actorOf('APP'), purpose: 'PROBE_MASK' },
        reason: 'SEARCH_NOT_ALLOWED',
      },
    ];
    for (const c of cases) {
      const res = await c.send();
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const entries = await entriesOf(res.requestId);
      expect({ label: c.label, entries }).toEqual({
        label: c.label,
        entries: [expect.objectContaining({ ...c.expected, subject_id: null, outcome: 'DENIED', fields_withheld: [expect.objectContaining({ reason: c.reason })] })],
      });
      // the refused value (the phone searched for) is not in the log
      expect(JSON.stringify(entries)).not.toContain(victim.phone);
    }
  });
});
