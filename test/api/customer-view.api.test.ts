/**
 * The single customer view through HTTP against a running server, on golden customers matched
 * from the generator's three source systems: each query, merge redirects, pagination, search,
 * filters, live holdings with a source stopped or slow, and every error code of a bad argument.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { createConnector, type Connector, type SourceSystem } from '../../connectors/index';
import { signToken, type Role } from '../../src/api/auth';
import { startApi, type RunningApi } from '../../src/server/server';
import { ormOptions } from '../../src/orm';
import { DATA_CATEGORIES } from '../../src/policy/categories';
import { PolicyService } from '../../src/policy/policy.service';
import { SegmentRuleService } from '../../src/segments/segment-rule.service';
import { HoldingsGateway } from '../../src/holdings/holdings.gateway';
import { SegmentationService } from '../../src/segments/segmentation.service';
import { startCardApiServer, type CardApiServer } from '../../src/sample/cards/card-api.server';
import { postGraphQL } from '../support/graphql-client';
import { startMatchedHub } from '../support/matched-hub';
import { SCHEMAS, type SampleHub } from '../support/sample-hub';
import { hubApi, hubServices } from '../support/hub-services';

const operations = readFileSync(join(__dirname, '..', '..', 'schema', 'operations', 'customers.graphql'), 'utf8');
const keys = { secret: 'test-secret-test-secret-test-secret!', issuer: 'customer-hub' };
const token = (role: Role) => signToken(keys, { subject: `test-${role}`, role, purposes: ['SERVICE'] });
/** generous, so a loaded machine's slow answers are not timeouts; the slow source below is far slower */
const HOLDINGS_TIMEOUT_MS = 5_000;
const SLOW_SOURCE_DELAY_MS = 120_000;

let hub: SampleHub;
let api: RunningApi;
let orm: MikroORM;
let cardsApi: CardApiServer;
let slowCardsApi: CardApiServer;
/** the SQL statements the customer view sent, and the connector calls it made */
const statements: string[] = [];
const connectorCalls: SourceSystem[] = [];
const connectors = new Map<SourceSystem, Connector>();

/** the real connector, its holdings lookups counted */
function counted(connector: Connector): Connector {
  const lookupHoldings = connector.lookupHoldings.bind(connector);
  return Object.assign(Object.create(connector), {
    lookupHoldings: (keys: readonly string[]) => {
      connectorCalls.push(connector.system);
      return lookupHoldings(keys);
    },
  });
}

beforeAll(async () => {
  hub = await startMatchedHub('customer_view', 250);
  // the sample's activity dates are generated around 2026-01-01 (see startSampleHub)
  await new SegmentationService(hub.orm, new HoldingsGateway(hub.connectors, 60_000), new SegmentRuleService(hub.orm), { clock: () => new Date('2026-01-01T00:00:00Z') }).segmentAll();
  orm = await MikroORM.init({ ...ormOptions(hub.db.url, 4), debug: ['query'], logger: (message: string) => statements.push(message) });
  // this file is about the view, not the policy (test/policy): the app may read everything here
  const policy = new PolicyService(orm);
  for (const category of DATA_CATEGORIES) await policy.set({ role: 'APP', purpose: 'SERVICE', category, decision: 'ALLOW' }, 'test');
  cardsApi = await startCardApiServer({ pool: hub.sources, schema: SCHEMAS.cards, port: 0 });
  slowCardsApi = await startCardApiServer({ pool: hub.sources, schema: SCHEMAS.cards, port: 0, delayMs: SLOW_SOURCE_DELAY_MS });
  connectors.set('core_banking', counted(hub.connectors.get('core_banking')!));
  connectors.set('cards', counted(createConnector('cards', { baseUrl: cardsApi.url })));
  connectors.set('loans', counted(hub.connectors.get('loans')!));
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: false,
    ...hubApi(hubServices(orm, connectors, { policy, holdingsTimeoutMs: HOLDINGS_TIMEOUT_MS })),
  });
});
afterAll(async () => {
  await api?.close();
  await connectors.get('cards')?.close();
  await cardsApi?.close().catch(() => undefined); // stopped by a test already
  await slowCardsApi?.close();
  await orm?.close();
  await hub?.close();
});

const call = (operationName: string, variables: Record<string, unknown> = {}, role: Role = 'APP') =>
  postGraphQL(api.graphqlUrl, operations, { operationName, token: token(role), variables, purpose: 'SERVICE' }) as Promise<{ status: number; body: any }>;
const sql = <T>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);

/** an active customer with records in all three systems */
async function customerInEverySystem(): Promise<string> {
  const [row] = await sql<{ golden_id: string }>(
    `SELECT golden_id FROM source_record WHERE golden_id IS NOT NULL AND NOT deleted
     GROUP BY golden_id HAVING count(DISTINCT system) = 3 ORDER BY golden_id LIMIT 1`,
  );
  return row.golden_id;
}

describe('customer(id)', () => {
  it('returns survived fields with provenance, linked records, history, links and live holdings', async () => {
    const id = await customerInEverySystem();
    const res = await call('Customer', { id });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.customer;
    expect(c).toMatchObject({ id, status: 'ACTIVE', redirectedFrom: null });
    expect(c.name.full).toEqual(expect.any(String));

    const records = await sql<{ system: string; source_key: string }>(`SELECT system, source_key FROM source_record WHERE golden_id = ? AND NOT deleted`, [id]);
    expect(c.sourceRecords).toHaveLength(records.length);
    expect(c.recordCount).toBe(records.length);
    // every survived value names a linked record of this customer as its source
    const recordIds = new Set(c.sourceRecords.map((r: any) => r.recordId));
    expect(c.provenance.length).toBeGreaterThan(0);
    for (const p of c.provenance) expect(recordIds.has(p.recordId)).toBe(true);
    expect(c.provenance.filter((p: any) => p.field === 'PHONES')).toHaveLength(c.phones.length);
    expect(c.provenance.some((p: any) => p.field === 'NAME')).toBe(true);
    expect(c.history.map((e: any) => e.type)).toContain('CREATED');
    // several records: the scored pairs that linked them, with their comparison terms
    expect(c.links.length).toBeGreaterThan(0);
    expect(c.links[0].explanation.terms).toEqual(expect.any(Array));
    // segments as the job stored them, each explained by the rule that gave it
    const [stored] = await sql<{ value_tier: string; risk_grade: string; lifecycle_stage: string }>(`SELECT value_tier, risk_grade, lifecycle_stage FROM golden_customer WHERE id = ?`, [id]);
    expect(c.segments).toMatchObject({ valueTier: stored.value_tier, riskGrade: stored.risk_grade, lifecycleStage: stored.lifecycle_stage });
    expect(c.segments.explanation.map((r: any) => r.segment).sort()).toEqual(['LIFECYCLE_STAGE', 'RISK_GRADE', 'VALUE_TIER']);
    expect(c.segments.explanation.find((r: any) => r.segment === 'VALUE_TIER').value).toBe(stored.value_tier);

    // holdings are what each source system holds right now for this customer's keys
    for (const [part, system] of [['deposits', 'core_banking'], ['cards', 'cards'], ['loans', 'loans']] as const) {
      const sourceKeys = records.filter((r) => r.system === system).map((r) => r.source_key);
      const live = await hub.connectors.get(system)!.lookupHoldings(sourceKeys);
      const expected = sourceKeys.flatMap((k) => live.get(k)!.map((h) => h.productId)).sort();
      expect(c.holdings[part].map((h: any) => h.productId).sort()).toEqual(expected);
      for (const h of c.holdings[part]) expect(h.system).toBe(system.toUpperCase());
    }
  });

  it('follows merge redirects and says so', async () => {
    const survivor = await customerInEverySystem();
    const absorbed = '00000000-0000-4000-8000-00000000000a';
    const absorbedEarlier = '00000000-0000-4000-8000-00000000000b';
    // a redirect as the golden writer leaves it, and an older one that still points at the absorbed id
    await sql(
      `INSERT INTO golden_customer (id, status, merged_into) VALUES (?, 'MERGED', ?), (?, 'MERGED', ?)`,
      [absorbed, survivor, absorbedEarlier, absorbed],
    );
    for (const asked of [absorbed, absorbedEarlier]) {
      const res = await call('Customer', { id: asked });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.customer).toMatchObject({ id: survivor, status: 'ACTIVE', redirectedFrom: asked });
    }
  });

  it('answers NOT_FOUND for an unknown id, BAD_USER_INPUT for a malformed one, FORBIDDEN for auditors', async () => {
    const unknown = await call('Customer', { id: '00000000-0000-4000-8000-0000000000ff' });
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });
    expect(unknown.body.data).toBeNull();
    const malformed = await call('Customer', { id: 'robert; drop table' });
    expect(malformed.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const auditor = await call('Customer', { id: await customerInEverySystem() }, 'AUDITOR');
    expect(auditor.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(auditor.body.data).toBeNull();
  });
});

describe('customerBySourceKey', () => {
  it('returns the customer a source record is linked to', async () => {
    const [record] = await sql<{ source_key: string; golden_id: string }>(
      `SELECT source_key, golden_id FROM source_record WHERE system = 'cards' AND golden_id IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const res = await call('CustomerBySourceKey', { system: 'CARDS', key: record.source_key });
    expect(res.body.data.customerBySourceKey.id).toBe(record.golden_id);
    expect(res.body.data.customerBySourceKey.sourceRecords).toContainEqual(expect.objectContaining({ system: 'CARDS', sourceKey: record.source_key }));
  });

  it('answers NOT_FOUND for an unknown key and 400 for an unknown system', async () => {
    const missing = await call('CustomerBySourceKey', { system: 'LOANS', key: 'NO-SUCH-KEY' });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const bad = await call('CustomerBySourceKey', { system: 'MAINFRAME', key: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('customers', () => {
  it('pages through every active customer once, in a stable order, with a total count', async () => {
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM golden_customer WHERE status = 'ACTIVE'`);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res: { body: any } = await call('Customers', { first: 40, after });
      expect(res.body.errors).toBeUndefined();
      const { edges, pageInfo } = res.body.data.customers;
      seen.push(...edges.map((e: any) => e.node.id));
      expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    expect([...seen].sort()).toEqual(seen);
    const count = await call('CustomerCount', {});
    expect(count.body.data.customers.totalCount).toBe(n);
  });

  it('gives typed errors for a bad cursor, a page too big and a page too small', async () => {
    const cursor = await call('Customers', { after: 'bm90LWEtY3Vyc29y' });
    expect(cursor.body.errors[0].extensions).toMatchObject({ code: 'INVALID_CURSOR', argument: 'after' });
    const big = await call('Customers', { first: 101 });
    expect(big.body.errors[0].extensions).toMatchObject({ code: 'PAGE_SIZE_TOO_LARGE', max: 100 });
    const small = await call('Customers', { first: 0 });
    expect(small.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const search = await call('Customers', { search: 'nobody@' });
    expect(search.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'search' });
  });

  /** search and return the ids found */
  async function found(search: string): Promise<string[]> {
    const res = await call('Customers', { search, first: 100 });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.customers.edges.map((e: any) => e.node.id);
  }

  it('finds customers by phone in any written form, e-mail in any case and id number', async () => {
    const [r] = await sql<{ golden_id: string; phone: string; email: string; national_id: string }>(
      `SELECT golden_id, phones[1] AS phone, emails[1] AS email, national_id FROM source_record
       WHERE golden_id IS NOT NULL AND cardinality(phones) > 0 AND cardinality(emails) > 0 AND national_id ~ '^\\d{17}[\\dX]$' LIMIT 1`,
    );
    const local = r.phone.replace(/^\+86(\d{3})(\d{4})(\d{4})$/, '$1 $2-$3');
    expect(local).not.toBe(r.phone); // a Chinese mobile, written the local way
    expect(await found(local)).toContain(r.golden_id);
    expect(await found(r.email.toUpperCase())).toContain(r.golden_id);
    expect(await found(r.national_id.toLowerCase())).toContain(r.golden_id);
    // everything found holds the phone in one of its records
    for (const id of await found(local)) {
      const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM source_record WHERE golden_id = ? AND ? = ANY(phones)`, [id, r.phone]);
      expect(n).toBeGreaterThan(0);
    }
  });

  it('finds customers by Han name, by its pinyin in Latin letters, and by Latin name in any case', async () => {
    const [han] = await sql<{ golden_id: string; family_name: string; given_name: string; family_name_pinyin: string; given_name_pinyin: string }>(
      `SELECT golden_id, family_name, given_name, family_name_pinyin, given_name_pinyin FROM source_record
       WHERE golden_id IS NOT NULL AND name_script = 'CJK' AND given_name IS NOT NULL LIMIT 1`,
    );
    expect(await found(han.family_name + han.given_name)).toContain(han.golden_id);
    expect(await found(`${han.given_name_pinyin.toUpperCase()} ${han.family_name_pinyin}`)).toContain(han.golden_id);
    const [latin] = await sql<{ golden_id: string; family_name: string; given_name: string }>(
      `SELECT golden_id, family_name, given_name FROM source_record
       WHERE golden_id IS NOT NULL AND name_script = 'LATIN' AND given_name ~ '^[a-z]+$' AND family_name ~ '^[a-z]+$' LIMIT 1`,
    );
    const hits = await found(`${latin.family_name.toUpperCase()}, ${latin.given_name}`);
    expect(hits).toContain(latin.golden_id);
    expect(await found('zzzqqxx')).toEqual([]);
  });

  it('filters by segment, each filter a list of accepted values, filters combined', async () => {
    const rows = await sql<{ id: string; value_tier: string; risk_grade: string; lifecycle_stage: string }>(
      `SELECT id, value_tier, risk_grade, lifecycle_stage FROM golden_customer WHERE status = 'ACTIVE' ORDER BY id`,
    );
    const tiers = [...new Set(rows.map((r) => r.value_tier))];
    expect(tiers.length).toBeGreaterThan(1); // the filter must select something and leave something out
    const filter = { valueTier: [tiers[0]], lifecycleStage: [rows.find((r) => r.value_tier === tiers[0])!.lifecycle_stage] };
    const expected = rows.filter((r) => r.value_tier === filter.valueTier[0] && r.lifecycle_stage === filter.lifecycleStage[0]).map((r) => r.id);
    const res = await call('Customers', { filter, first: 100 });
    expect(res.body.data.customers.edges.map((e: any) => e.node.id)).toEqual(expected.slice(0, 100));
    const grades = await call('Customers', { filter: { riskGrade: ['CCC', 'AAA'] }, first: 100 });
    for (const e of grades.body.data.customers.edges) expect(['CCC', 'AAA']).toContain(e.node.segments.riskGrade);
    const unknown = await call('Customers', { filter: { valueTier: ['Z'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('filters by source system', async () => {
    const res = await call('Customers', { filter: { sourceSystem: ['LOANS'] }, first: 100 });
    const ids: string[] = res.body.data.customers.edges.map((e: any) => e.node.id);
    const [{ n }] = await sql<{ n: number }>(
      `SELECT count(DISTINCT golden_id)::int AS n FROM source_record WHERE system = 'loans' AND NOT deleted AND golden_id IS NOT NULL`,
    );
    expect(ids).toHaveLength(Math.min(n, 100));
    for (const node of res.body.data.customers.edges.map((e: any) => e.node)) {
      expect(node.sourceRecords.map((r: any) => r.system)).toContain('LOANS');
    }
  });
});

describe('live holdings', () => {
  it('costs the same statements and one call per source for a page of 1 and a page of 50', async () => {
    const costOf = async (first: number) => {
      statements.length = 0;
      connectorCalls.length = 0;
      const res = await call('Customers', { first, filter: { sourceSystem: ['CARDS'] } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.customers.edges).toHaveLength(first);
      // the policy table is cached for seconds, so whether a request reloads it depends on the clock, not the page
      return { statements: statements.filter((s) => !s.includes('FROM access_policy')).length, calls: [...connectorCalls].sort() };
    };
    const one = await costOf(1);
    const fifty = await costOf(50);
    expect(fifty.statements).toBe(one.statements);
    // at most one call per source: only the sources where the page's customers have records
    expect(new Set(one.calls).size).toBe(one.calls.length);
    expect(one.calls).toContain('cards');
    expect(fifty.calls).toEqual(['cards', 'core_banking', 'loans']);
  });

  it('a stopped source makes only its own part null, with SOURCE_UNAVAILABLE naming it', async () => {
    const id = await customerInEverySystem();
    const before = await call('Customer', { id });
    await cardsApi.close();
    const res = await call('Customer', { id });
    expect(res.status).toBe(200);
    const c = res.body.data.customer;
    expect(c.holdings.cards).toBeNull();
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['customer', 'holdings', 'cards'], extensions: expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', source: 'cards' }) }),
    ]);
    expect(c.holdings.deposits).toEqual(before.body.data.customer.holdings.deposits);
    expect(c.holdings.loans).toEqual(before.body.data.customer.holdings.loans);
    expect(c.name).toEqual(before.body.data.customer.name);
  });

  it('a source slower than the timeout is SOURCE_UNAVAILABLE within the timeout, the rest answers', async () => {
    const fast = connectors.get('cards')!;
    connectors.set('cards', createConnector('cards', { baseUrl: slowCardsApi.url }));
    try {
      const started = Date.now();
      const res = await call('Customer', { id: await customerInEverySystem() });
      // answered without waiting for the slow source (a relative bound, not a speed target)
      expect(Date.now() - started).toBeLessThan(SLOW_SOURCE_DELAY_MS);
      expect(res.body.data.customer.holdings.cards).toBeNull();
      expect(res.body.data.customer.holdings.deposits).toEqual(expect.any(Array));
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'cards' });
      expect(res.body.errors[0].message).toMatch(new RegExp(`within ${HOLDINGS_TIMEOUT_MS} ms`));
    } finally {
      await connectors.get('cards')!.close();
      connectors.set('cards', fast);
    }
  });
});
