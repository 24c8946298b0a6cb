/**
 * How consent is recorded and which statement counts (issue P, items 7-9), through HTTP against a
 * running server on a matched sample hub with the seeded policy table and the access log:
 *
 * - 7: the statement given last is in force, whatever the order the hub recorded them in — a
 *   back-dated grant does not undo a later revocation, a grant cannot be post-dated, a hub grant
 *   older than a core banking withdrawal loses to it, a withdrawal wins a tie; the history lists
 *   statements in that order.
 * - 8: recording consent needs the `consent:record` scope and evidence; the MARKETING read that
 *   follows logs the statement it relied on (`consentRefs`).
 * - 9: a mutation whose access-log entry cannot be stored does not take effect (503
 *   AUDIT_UNAVAILABLE); a change committed before a later part failed is named in the answer.
 *
 * Seeded policy (Migration20261123170000): APP/MARKETING needs consent for IDENTITY and CONTACT.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { signToken, type Role } from '../../src/api/auth';
import { startApi, type RunningApi } from '../../src/server/server';
import { ormOptions } from '../../src/orm';
import { asDate } from '../../src/db/timestamp';
import { goldenCustomers } from '../../src/golden/golden.repository';
import { IngestService } from '../../src/ingest/ingest.service';
import { DataCategory } from '../../src/policy/categories';
import { ConsentRepository } from '../../src/policy/consent.repository';
import { ConsentService } from '../../src/policy/consent.service';
import { SegmentRuleService } from '../../src/segments/segment-rule.service';
import { startMatchedHub } from '../support/matched-hub';
import { SCHEMAS, type SampleHub } from '../support/sample-hub';
import { auditedHubApi } from '../support/hub-services';

const keys = { secret: 'test-secret-test-secret-test-secret!', issuer: 'customer-hub' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** who calls: the ordinary app, the app that captures consent, a steward answering a subject, an admin */
type Caller = 'app' | 'capture' | 'steward' | 'admin';
const CALLERS: Record<Caller, { role: Role; purposes: string[]; scopes?: string[] }> = {
  app: { role: 'APP', purposes: ['SERVICE', 'MARKETING'] },
  capture: { role: 'APP', purposes: ['SERVICE', 'MARKETING'], scopes: ['consent:record'] },
  steward: { role: 'STEWARD', purposes: ['SUBJECT_RIGHTS'] },
  admin: { role: 'ADMIN', purposes: ['SERVICE'] },
};
const token = (caller: Caller) => signToken(keys, { subject: `consent-test-${caller}`, ...CALLERS[caller] });

let hub: SampleHub;
let orm: MikroORM;
let api: RunningApi;

type Body = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: { withheld?: { path: string; field: string; reason: string }[] } };

async function gql(caller: Caller, query: string, variables: Record<string, unknown> = {}, purpose?: string) {
  const requestId = `consent-${randomUUID()}`;
  const res = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token(caller)}`,
      'x-request-id': requestId,
      ...(purpose ? { 'x-purpose': purpose } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Body, requestId };
}

const sql = <T = any>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);

/** as the database superuser (the test's own database): what an outage of the log looks like */
async function asSuperuser(text: string): Promise<void> {
  const client = new Client({ connectionString: hub.db.url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const GRANT = `mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) { id ref status givenAt } }`;
const REVOKE = `mutation Revoke($input: RevokeConsentInput!) { revokeConsent(input: $input) { id ref status givenAt } }`;
const grant = (customerId: string, more: Record<string, unknown> = {}, caller: Caller = 'capture') =>
  gql(caller, GRANT, { input: { customerId, purpose: 'MARKETING', categories: ['IDENTITY', 'CONTACT'], channel: 'APP', evidence: 'app-consent-7781', ...more } });
const revoke = (customerId: string, more: Record<string, unknown> = {}, caller: Caller = 'capture') =>
  gql(caller, REVOKE, { input: { customerId, purpose: 'MARKETING', channel: 'CALL_CENTER', evidence: 'call-2291', ...more } });

/** what the ordinary app sees under MARKETING: phones, or why not */
async function marketingRead(id: string) {
  const res = await gql('app', `query Read($id: String!) { customer(id: $id) { id phones } }`, { id }, 'MARKETING');
  expect(res.body.errors).toBeUndefined();
  const withheld = (res.body.extensions?.withheld ?? []).find((w) => w.field === 'Customer.phones')?.reason ?? null;
  return { phones: res.body.data.customer.phones as string[] | null, withheld, requestId: res.requestId };
}

/** the history as a steward answering the person sees it (the order that decides) */
async function history(id: string): Promise<{ id: string; ref: string; status: string; source: string; givenAt: string }[]> {
  const res = await gql('steward', `query H($id: String!) { customer(id: $id) { consents { id ref status source givenAt purpose } } }`, { id }, 'SUBJECT_RIGHTS');
  expect(res.body.errors).toBeUndefined();
  return res.body.data.customer.consents.filter((c: any) => c.purpose === 'MARKETING');
}

const hubConsents = async (id: string) => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM consent WHERE golden_id = ?`, [id]))[0].n;
const entriesOf = (requestId: string) => sql(`SELECT * FROM access_log WHERE request_id = ? ORDER BY id`, [requestId]);

/** active customers with a phone and no consent statement anywhere, handed out one per test */
let fresh: string[] = [];
const freshCustomer = () => {
  const id = fresh.shift();
  if (!id) throw new Error('no fresh customer left');
  return id;
};

beforeAll(async () => {
  hub = await startMatchedHub('consent_rules', 80);
  orm = await MikroORM.init(ormOptions(hub.db.url, 4));
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: false,
    ...auditedHubApi(orm, hub.connectors, { segmentRules: new SegmentRuleService(orm) }),
  });
  fresh = (
    await sql<{ id: string }>(
      `SELECT g.id FROM golden_customer g WHERE g.status = 'ACTIVE' AND jsonb_array_length(g.attributes->'phones') > 0
          AND NOT EXISTS (SELECT 1 FROM consent_statement s WHERE s.golden_id = g.id) ORDER BY g.id LIMIT 20`,
    )
  ).map((r) => r.id);
}, 240_000);

afterAll(async () => {
  await api?.close();
  await orm?.close();
  await hub?.close();
});

describe('7. the statement given last counts, whenever it was recorded', () => {
  it('a grant back-dated before a revocation, recorded after it, does not undo the revocation', async () => {
    const id = freshCustomer();
    expect((await grant(id, { givenAt: new Date(Date.now() - 3 * HOUR).toISOString() })).body.errors).toBeUndefined();
    expect((await marketingRead(id)).phones?.length).toBeGreaterThan(0);
    const revoked = await revoke(id);
    expect(revoked.body.errors).toBeUndefined();
    expect(await marketingRead(id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });

    // keyed in after the revocation, dated an hour before it
    const backdated = await grant(id, { givenAt: new Date(Date.parse(revoked.body.data.revokeConsent.givenAt) - HOUR).toISOString() });
    expect(backdated.body.errors).toBeUndefined();
    expect(await marketingRead(id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });
    // the history shows them as given: the revocation first, the back-dated grant next, the first grant last
    expect((await history(id)).map((c) => [c.status, c.ref])).toEqual([
      ['REVOKED', revoked.body.data.revokeConsent.ref],
      ['GRANTED', backdated.body.data.grantConsent.ref],
      ['GRANTED', expect.stringMatching(/^hub:\d+$/)],
    ]);

    // a grant given after the revocation does count: the customer consented again
    expect((await grant(id)).body.errors).toBeUndefined();
    expect((await marketingRead(id)).phones?.length).toBeGreaterThan(0);
  });

  it('a grant cannot be post-dated: a future givenAt is refused and nothing is stored', async () => {
    const id = freshCustomer();
    const res = await grant(id, { givenAt: new Date(Date.now() + 30 * DAY).toISOString() });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'givenAt' });
    expect(await hubConsents(id)).toBe(0);
    expect(await marketingRead(id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });
    // a process whose clock runs a day ahead lets it through; the database's check does not
    const ahead = new ConsentService(orm, goldenCustomers, { now: () => new Date(Date.now() + DAY) });
    const input = { customerId: id, purpose: 'MARKETING', categories: [DataCategory.CONTACT], channel: 'APP', evidence: 'log', givenAt: new Date(Date.now() + HOUR) };
    await expect(ahead.grant(input, 'skewed')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { argument: 'givenAt' } });
    expect(await hubConsents(id)).toBe(0);
  });

  it('a statement dated in the future that is on record (stored before, or kept by a source) does not count until then', async () => {
    const id = freshCustomer();
    // a row from before the check: given and recorded 30 days ahead
    await sql(
      `INSERT INTO consent (golden_id, purpose, categories, status, given_at, channel, evidence, recorded_by, recorded_at)
       VALUES (?, 'MARKETING', '{IDENTITY,CONTACT}', 'GRANTED', now() + interval '30 days', 'APP', 'legacy', 'legacy', now() + interval '30 days')`,
      [id],
    );
    expect(await marketingRead(id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });
  });

  it('an absurdly old givenAt is refused (more than CONSENT_MAX_BACKDATE_DAYS ago)', async () => {
    const id = freshCustomer();
    const res = await grant(id, { givenAt: '2021-07-05T00:00:00Z' });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'givenAt' });
    expect(await hubConsents(id)).toBe(0);
  });

  it('a hub grant given before a core banking withdrawal loses to it, though recorded after it', async () => {
    // a customer whose core banking record holds a marketing grant
    const [c] = await sql<{ golden_id: string; source_key: string }>(
      `SELECT r.golden_id::text AS golden_id, sc.source_key FROM source_consent sc JOIN source_record r USING (system, source_key)
        WHERE sc.system = 'core_banking' AND sc.purpose = 'MARKETING' AND r.golden_id IS NOT NULL AND NOT r.deleted
          AND (SELECT count(*) FROM consent_statement s WHERE s.golden_id = r.golden_id) = 1
        ORDER BY 1 LIMIT 1`,
    );
    const day = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
    // the customer withdrew at the branch ten days ago; the core keeps the day
    await hub.sources.query(`UPDATE ${SCHEMAS.coreBanking}.cif_consent SET status = 'W', signed_on = $2 WHERE cif_no = $1`, [c.source_key, day(10)]);
    await hub.sources.query(`UPDATE ${SCHEMAS.coreBanking}.cif_customer SET last_maint_ts = clock_timestamp() WHERE cif_no = $1`, [c.source_key]);
    await new IngestService(hub.orm).sync(hub.connectors.get('core_banking')!, { pageSize: 100 });
    expect(await marketingRead(c.golden_id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });

    // an app grant from twenty days ago keyed in today
    const late = await grant(c.golden_id, { givenAt: new Date(Date.now() - 20 * DAY).toISOString() });
    expect(late.body.errors).toBeUndefined();
    expect(await marketingRead(c.golden_id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });
    expect((await history(c.golden_id)).map((c) => [c.status, c.source])).toEqual([
      ['REVOKED', 'core_banking'],
      ['GRANTED', 'HUB'],
    ]);
  });

  it('on a tie, the withdrawal wins', async () => {
    const id = freshCustomer();
    const given = Date.now() - 2 * DAY;
    // given at the same instant; the grant recorded later
    await sql(
      `INSERT INTO consent (golden_id, purpose, categories, status, given_at, channel, evidence, recorded_by, recorded_at) VALUES
         (?, 'MARKETING', '{}', 'REVOKED', ?, 'BRANCH', 'form-a', 'teller', ?),
         (?, 'MARKETING', '{IDENTITY,CONTACT}', 'GRANTED', ?, 'APP', 'log-b', 'app', ?)`,
      [id, new Date(given), new Date(given + 5 * 60_000), id, new Date(given), new Date(given + 6 * 60_000)],
    );
    expect(await marketingRead(id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });
    expect((await history(id)).map((c) => c.status)).toEqual(['REVOKED', 'GRANTED']);
  });


  it('consent_current is, for every customer and purpose, the first statement of the history whose time has come', async () => {
    // many statements in every order of giving and recording, some ties, some dated ahead
    const ids = [freshCustomer(), freshCustomer(), freshCustomer()];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const base = Date.now() - 5 * DAY;
    for (let i = 0; i < 60; i++) {
      const given = base + Math.floor(next() * 8) * DAY; // whole days: ties happen; some after now
      const recorded = given + Math.floor(next() * 3) * HOUR;
      await sql(
        `INSERT INTO consent (golden_id, purpose, categories, status, given_at, channel, evidence, recorded_by, recorded_at)
         VALUES (?, ?, '{CONTACT}', ?, ?, 'APP', 'log', 'test', ?)`,
        [ids[i % 3], next() < 0.5 ? 'MARKETING' : 'RISK', ['GRANTED', 'REVOKED', 'DENIED'][Math.floor(next() * 3)], new Date(given), new Date(recorded)],
      );
    }
    const repository = new ConsentRepository(orm.em.fork());
    const history = await repository.history(ids);
    for (const id of ids) {
      for (const purpose of ['MARKETING', 'RISK']) {
        const [current] = await repository.current([id], purpose);
        const first = history.find((c) => c.golden_id === id && c.purpose === purpose && asDate(c.effective_at).getTime() <= Date.now());
        expect(current?.id).toBe(first?.id);
      }
    }
  });
});

describe('8. recording consent is a capability of its own, with evidence, and reads name the statement they relied on', () => {
  it('an APP token without consent:record cannot grant or revoke: FORBIDDEN, nothing stored, nothing readable', async () => {
    const id = freshCustomer();
    const granted = await grant(id, {}, 'app');
    expect(granted.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(granted.body.data ?? null).toBeNull();
    const revoked = await revoke(id, {}, 'app');
    expect(revoked.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await hubConsents(id)).toBe(0);
    expect(await marketingRead(id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });
    // the refusal is in the log
    expect((await entriesOf(granted.requestId)).map((e) => [e.fields_returned, e.outcome])).toEqual([[['Mutation.grantConsent'], 'DENIED']]);
  });

  it.each([
    ['evidence', { evidence: null }],
    ['evidence', { evidence: '   ' }],
    ['channel', { channel: ' ' }],
  ])('without %s (%j): BAD_USER_INPUT naming it, nothing stored', async (argument, input) => {
    const id = freshCustomer();
    const granted = await grant(id, input);
    expect(granted.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    const revoked = await revoke(id, input);
    expect(revoked.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(await hubConsents(id)).toBe(0);
  });

  it('the MARKETING read after a grant logs the statement it relied on', async () => {
    const id = freshCustomer();
    const granted = await grant(id);
    expect(granted.body.errors).toBeUndefined();
    const ref = granted.body.data.grantConsent.ref;
    expect(ref).toBe(`hub:${granted.body.data.grantConsent.id}`);
    const read = await marketingRead(id);
    expect(read.phones?.length).toBeGreaterThan(0);
    const [entry] = await entriesOf(read.requestId);
    expect(entry).toMatchObject({ subject_id: id, purpose: 'MARKETING', consent_refs: [ref], fields_returned: ['Customer.phones'] });
    // a read that relied on no consent names none
    const service = await gql('app', `query Read($id: String!) { customer(id: $id) { phones } }`, { id }, 'SERVICE');
    expect((await entriesOf(service.requestId))[0].consent_refs).toEqual([]);
  });

  it('a search or lookup narrowed to consenting customers logs the statement each one was found by, even answering ids only', async () => {
    const id = freshCustomer();
    const granted = await grant(id);
    const ref = granted.body.data.grantConsent.ref;
    const [{ system, source_key: key }] = await sql(`SELECT upper(system) AS system, source_key FROM source_record WHERE golden_id = ? ORDER BY id LIMIT 1`, [id]);
    const lookup = await gql('app', `query Find($s: SourceSystem!, $k: String!) { customerBySourceKey(system: $s, key: $k) { id } }`, { s: system, k: key }, 'MARKETING');
    expect(lookup.body.data.customerBySourceKey.id).toBe(id);
    expect(await entriesOf(lookup.requestId)).toEqual([expect.objectContaining({ subject_id: id, searched: ['IDENTITY'], consent_refs: [ref] })]);
    let after: string | null = null;
    let entry: Record<string, unknown> | undefined;
    do {
      const page: Awaited<ReturnType<typeof gql>> = await gql('app', `query List($after: String) { customers(first: 100, after: $after, filter: { sourceSystem: [${system}] }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after }, 'MARKETING');
      entry ??= (await entriesOf(page.requestId)).find((e) => e.subject_id === id);
      after = page.body.data.customers.pageInfo.hasNextPage ? page.body.data.customers.pageInfo.endCursor : null;
    } while (after && !entry);
    expect(entry).toMatchObject({ searched: ['IDENTITY'], consent_refs: [ref] });
  });
});

describe('9. a mutation whose access-log entry cannot be stored does not take effect', () => {
  const failLog = (when = '') =>
    asSuperuser(`CREATE OR REPLACE FUNCTION test_refuse_access_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'access log down (test)'; END $$;
                 CREATE TRIGGER test_refuse_access_log BEFORE INSERT ON access_log FOR EACH ROW ${when} EXECUTE FUNCTION test_refuse_access_log();`);
  const restoreLog = () => asSuperuser(`DROP TRIGGER IF EXISTS test_refuse_access_log ON access_log`);
  afterEach(restoreLog);

  const expectAuditUnavailable = (res: Awaited<ReturnType<typeof gql>>, applied?: string[]) => {
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ data: null, errors: [{ message: 'access could not be logged', extensions: { code: 'AUDIT_UNAVAILABLE', ...(applied ? { applied } : {}) } }] });
  };

  it('grantConsent and revokeConsent: 503 AUDIT_UNAVAILABLE and no consent stored', async () => {
    const id = freshCustomer();
    await failLog();
    expectAuditUnavailable(await grant(id));
    expectAuditUnavailable(await revoke(id));
    await restoreLog();
    expect(await hubConsents(id)).toBe(0);
    expect(await marketingRead(id)).toMatchObject({ phones: null, withheld: 'NO_CONSENT' });
  });

  it('setAccessPolicy and updateSegmentRule: 503 and the policy and rule unchanged', async () => {
    const policyBefore = await sql(`SELECT * FROM access_policy ORDER BY role, purpose, category`);
    const changesBefore = await sql(`SELECT count(*)::int AS n FROM access_policy_change`);
    const [rule] = await sql(`SELECT id, description FROM segment_rule ORDER BY id LIMIT 1`);
    await failLog();
    expectAuditUnavailable(
      await gql('admin', `mutation { setAccessPolicy(role: "APP", purpose: "MARKETING", category: CONTACT, decision: ALLOW) { decision } }`),
    );
    expectAuditUnavailable(await gql('admin', `mutation($id: Int!) { updateSegmentRule(id: $id, input: { description: "changed while the log was down" }) { id } }`, { id: rule.id }));
    await restoreLog();
    expect(await sql(`SELECT * FROM access_policy ORDER BY role, purpose, category`)).toEqual(policyBefore);
    expect(await sql(`SELECT count(*)::int AS n FROM access_policy_change`)).toEqual(changesBefore);
    expect((await sql(`SELECT description FROM segment_rule WHERE id = ?`, [rule.id]))[0].description).toBe(rule.description);
  });

  it('with the log up, a mutation is logged once, with its change', async () => {
    const id = freshCustomer();
    const res = await grant(id);
    expect(res.body.errors).toBeUndefined();
    const entries = await entriesOf(res.requestId);
    expect(entries.map((e) => [e.subject_id, e.operation, e.fields_returned, e.outcome])).toEqual([[null, 'Grant', ['Mutation.grantConsent'], 'OK']]);
  });

  it('a mutation committed before a later one could not be logged is named in the answer (applied)', async () => {
    const id = freshCustomer();
    // the log refuses only the revocation's entry
    await failLog(`WHEN (NEW.fields_returned @> '{Mutation.revokeConsent}')`);
    const res = await gql(
      'capture',
      `mutation Both($id: ID!) {
         g: grantConsent(input: { customerId: $id, purpose: "MARKETING", categories: [CONTACT], channel: "APP", evidence: "log-1" }) { id }
         r: revokeConsent(input: { customerId: $id, purpose: "MARKETING", channel: "APP", evidence: "log-2" }) { id }
       }`,
      { id },
    );
    expectAuditUnavailable(res, ['Mutation.grantConsent']);
    await restoreLog();
    // the grant is stored with its entry, the revocation neither
    expect((await sql(`SELECT status FROM consent WHERE golden_id = ?`, [id])).map((r) => r.status)).toEqual(['GRANTED']);
    expect((await entriesOf(res.requestId)).map((e) => e.fields_returned)).toEqual([['Mutation.grantConsent']]);
  });

  it('a queued job cannot be rolled back: the answer says it was queued (applied)', async () => {
    await failLog();
    expectAuditUnavailable(await gql('admin', `mutation { syncSourceSystem(system: CORE_BANKING) { jobId } }`), ['Mutation.syncSourceSystem']);
  });
});
