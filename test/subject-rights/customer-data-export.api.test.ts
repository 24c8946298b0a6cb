/**
 * Subject rights (issue D, item 6) and the access log through the real hub: HTTP against a
 * running server on a matched sample hub, with the seeded policy table and the access log
 * writer. An app's reads leave entries naming exactly the fields returned, masked and withheld;
 * the steward's customerDataExport under SUBJECT_RIGHTS returns the person's data, consents and
 * those entries, and is itself logged; any other purpose is refused; and with the log unwritable
 * no value of the person leaves (503 AUDIT_UNAVAILABLE).
 *
 * Seeded policy (Migration20261123170000), by IDENTITY, GOVERNMENT_ID, CONTACT, FINANCIAL, PROFILING:
 *   APP/SERVICE A M A A A · APP/MARKETING C D C C C · STEWARD/SUBJECT_RIGHTS A A A A A
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { signToken, type Role } from '../../src/api/auth';
import { startApi, type RunningApi } from '../../src/server/server';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { AUDIT_UNAVAILABLE } from '../../src/audit/access-log.plugin';
import { CustomerService } from '../../src/customer/customer.service';
import { HoldingsGateway } from '../../src/holdings/holdings.gateway';
import { ormOptions } from '../../src/orm';
import { PolicyService } from '../../src/policy/policy.service';
import { SubjectRightsService } from '../../src/subject-rights/subject-rights.service';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';
import { auditedHubApi } from '../support/hub-services';

const keys = { secret: 'test-secret-test-secret-test-secret!', issuer: 'customer-hub' };
const PURPOSES: Record<Role, string[]> = { APP: ['SERVICE', 'MARKETING'], STEWARD: ['SERVICE', 'SUBJECT_RIGHTS'], AUDITOR: ['AUDIT'], ADMIN: ['SERVICE'] };
const actorOf = (role: Role) => `subject-test-${role.toLowerCase()}`;
// the app's token may record consent too (scope consent:record)
const token = (role: Role) => signToken(keys, { subject: actorOf(role), role, purposes: PURPOSES[role], scopes: role === 'APP' ? ['consent:record'] : [] });

let hub: SampleHub;
let orm: MikroORM;
let api: RunningApi;

interface Victim {
  id: string;
  fullName: string;
  nationalId: string;
  phones: string[];
  emails: string[];
  /** source records linked to the victim, as stored */
  records: number;
  /** every value of theirs that must not leave where it is refused, as it would appear in JSON */
  secrets: string[];
}
let victim: Victim;

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

/** one GraphQL request as raw text, under a request id of our own so its log entries can be found */
async function gql(query: string, role: Role, purpose: string, variables: Record<string, unknown> = {}) {
  const requestId = `subject-${randomUUID()}`;
  const res = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token(role)}`, 'x-purpose': purpose, 'x-request-id': requestId },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Body, requestId };
}

const sql = <T = any>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);
const entriesOf = (requestId: string) => sql(`SELECT * FROM access_log WHERE request_id = ? ORDER BY id`, [requestId]);

function expectNoSecrets(text: string): void {
  // a readable failure: which value leaked
  expect(victim.secrets.filter((s) => text.includes(s))).toEqual([]);
}

const PERSONAL = `name { full } dateOfBirth gender nationalId { number type } phones emails address { tokens postcode city }`;
const CUSTOMER = `query Read($id: String!) { customer(id: $id) { id ${PERSONAL} } }`;
const EXPORT = `query Export($id: String!) {
  customerDataExport(id: $id) {
    customer { id redirectedFrom ${PERSONAL} }
    sourceRecords { id system sourceKey nationalId phones raw }
    consents { id customerId purpose categories status channel recordedBy source }
    accessLog { id actor role purpose operation requestId customerId fieldsReturned fieldsMasked fieldsWithheld { field path reason } outcome }
    accessLogTruncated
    generatedAt
  }
}`;

beforeAll(async () => {
  hub = await startMatchedHub('subject_rights', 60);
  orm = await MikroORM.init(ormOptions(hub.db.url, 4));
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: false,
    ...auditedHubApi(orm, hub.connectors, { subjectRights: new SubjectRightsService(orm, new AccessLogRepository(orm)) }),
  });
  victim = await pickVictim();
}, 240_000);

afterAll(async () => {
  await api?.close();
  await orm?.close();
  await hub?.close();
});

/** an active customer with a resident id, a phone, an e-mail, a full name and no consent, read from the database */
async function pickVictim(): Promise<Victim> {
  const [c] = await sql(
    `SELECT g.id, g.attributes FROM golden_customer g
     WHERE g.status = 'ACTIVE' AND g.attributes->>'nationalIdType' = 'CN_RESIDENT' AND g.attributes->>'fullName' IS NOT NULL
       AND jsonb_array_length(g.attributes->'phones') > 0 AND jsonb_array_length(g.attributes->'emails') > 0
       -- no consent in the hub or any source yet: reads that need consent must be withheld
       AND NOT EXISTS (SELECT 1 FROM consent_statement s WHERE s.golden_id = g.id)
     ORDER BY g.record_count DESC, g.id LIMIT 1`,
  );
  if (!c) throw new Error('no customer in the sample with a resident id, phone, e-mail and name');
  const records = await sql(`SELECT national_id, phones, emails, full_name FROM source_record WHERE golden_id = ?`, [c.id]);
  const a = c.attributes;
  const phones = [...new Set<string>([...a.phones, ...records.flatMap((r) => r.phones ?? [])])];
  return {
    id: c.id,
    fullName: a.fullName,
    nationalId: a.nationalId,
    phones: a.phones,
    emails: a.emails,
    records: records.length,
    secrets: [
      ...new Set<string>([
        a.fullName,
        ...records.map((r) => r.full_name).filter((n) => n && Array.from(n as string).length >= 2),
        a.nationalId,
        ...records.map((r) => r.national_id).filter((n) => n && n.length >= 15),
        ...phones,
        ...phones.map((p) => p.replace(/^\+86/, '').replace(/^\+/, '')),
        ...a.emails,
      ]),
    ],
  };
}

/** the APP/SERVICE read of (a), found again in the export of (b) */
let appRead: string;

describe('(a) the access log through the real hub', () => {
  it("an app's read under SERVICE logs the person with exactly the fields returned and masked", async () => {
    const res = await gql(CUSTOMER, 'APP', 'SERVICE', { id: victim.id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customer.phones).toEqual(victim.phones);
    appRead = res.requestId;
    const entries = await entriesOf(res.requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: actorOf('APP'),
      role: 'APP',
      purpose: 'SERVICE',
      operation: 'Read',
      subject_id: victim.id,
      outcome: 'OK',
      fields_returned: ['Customer.address', 'Customer.dateOfBirth', 'Customer.emails', 'Customer.gender', 'Customer.name', 'Customer.phones'],
      // APP/SERVICE masks GOVERNMENT_ID
      fields_masked: ['Customer.nationalId'],
      fields_withheld: [],
    });
  });

  it('a read under MARKETING without consent logs each field withheld, with its path and reason', async () => {
    const res = await gql(`query Mkt($id: String!) { customer(id: $id) { id phones idNo: nationalId { number } } }`, 'APP', 'MARKETING', { id: victim.id });
    expect(res.body.errors).toBeUndefined();
    expectNoSecrets(res.text);
    const [entry] = await entriesOf(res.requestId);
    expect(entry).toMatchObject({ subject_id: victim.id, fields_returned: [], fields_masked: [], outcome: 'DENIED' });
    expect(entry.fields_withheld).toEqual([
      { field: 'Customer.nationalId', path: 'customer.idNo', reason: 'POLICY_DENY' },
      { field: 'Customer.phones', path: 'customer.phones', reason: 'NO_CONSENT' },
    ]);
  });

  it('a customers page writes exactly one entry per customer on it, before the response arrives', async () => {
    const res = await gql(`query Page { customers(first: 5) { edges { node { id name { full } phones } } } }`, 'APP', 'SERVICE');
    expect(res.body.errors).toBeUndefined();
    const ids = res.body.data.customers.edges.map((e: any) => e.node.id);
    expect(ids).toHaveLength(5);
    // read right after the response: the plugin awaited the write before answering
    const entries = await entriesOf(res.requestId);
    expect(entries.map((e) => e.subject_id).sort()).toEqual([...ids].sort());
    for (const e of entries) expect(e).toMatchObject({ fields_returned: ['Customer.name', 'Customer.phones'], fields_masked: [], operation: 'Page' });
  });
});

/** an id merged into the victim, with a consent and an access log entry recorded under it before the merge */
const ABSORBED = '00000000-0000-4000-8000-00000000a5b1';

describe('(b)-(d) customerDataExport', () => {
  let exportRequest: string;

  it('(b) the steward under SUBJECT_RIGHTS gets the person, every linked record, the consent history and the access log', async () => {
    const grant = await gql(
      `mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`,
      'APP',
      'SERVICE',
      { input: { customerId: victim.id, purpose: 'MARKETING', categories: ['CONTACT'], channel: 'APP', evidence: 'form-1' } },
    );
    expect(grant.body.errors).toBeUndefined();
    await sql(`INSERT INTO golden_customer (id, status, merged_into) VALUES (?, 'MERGED', ?)`, [ABSORBED, victim.id]);
    await sql(`INSERT INTO consent (golden_id, purpose, categories, status, given_at, channel, recorded_by, recorded_at)
               VALUES (?, 'RISK', '{IDENTITY}', 'GRANTED', '2025-01-01', 'BRANCH', 'before-merge', '2025-01-01')`, [ABSORBED]);
    await sql(`INSERT INTO access_log (actor, role, purpose, operation, request_id, subject_id, fields_returned, fields_masked, fields_withheld, outcome)
               VALUES ('before-merge', 'APP', 'SERVICE', 'Old', 'old-request', ?, '{Customer.phones}', '{}', '[]', 'OK')`, [ABSORBED]);

    const res = await gql(EXPORT, 'STEWARD', 'SUBJECT_RIGHTS', { id: victim.id });
    exportRequest = res.requestId;
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const x = res.body.data.customerDataExport;
    // the person in full: SUBJECT_RIGHTS allows every category, nothing masked
    expect(x.customer).toMatchObject({ id: victim.id, redirectedFrom: null, phones: victim.phones, emails: victim.emails });
    expect(x.customer.name.full).toBe(victim.fullName);
    expect(x.customer.nationalId.number).toBe(victim.nationalId);
    expect(x.sourceRecords).toHaveLength(victim.records);
    for (const r of x.sourceRecords) expect(r.raw).toEqual(expect.any(Object));
    expect(x.sourceRecords.map((r: any) => r.nationalId)).toContain(victim.nationalId);

    // hub consent events, the one given before the merge now held by the survivor
    const hubConsents = x.consents.filter((c: any) => c.source === 'HUB');
    expect(hubConsents.map((c: any) => [c.purpose, c.customerId, c.recordedBy])).toEqual([
      ['MARKETING', victim.id, actorOf('APP')],
      ['RISK', victim.id, 'before-merge'],
    ]);
    // and the statements the source systems hold about the person
    const [{ n: fromSources }] = await sql(`SELECT count(*)::int AS n FROM consent_statement WHERE golden_id = ? AND source <> 'HUB'`, [victim.id]);
    expect(x.consents.length - hubConsents.length).toBe(fromSources);
    expect(hubConsents[0]).toMatchObject({ id: grant.body.data!.grantConsent.id, categories: ['CONTACT'], status: 'GRANTED', channel: 'APP' });

    const log = x.accessLog;
    expect(x.accessLogTruncated).toBe(false);
    expect(log.find((e: any) => e.requestId === appRead)).toMatchObject({
      actor: actorOf('APP'),
      purpose: 'SERVICE',
      customerId: victim.id,
      fieldsReturned: expect.arrayContaining(['Customer.phones']),
      fieldsMasked: ['Customer.nationalId'],
    });
    // recorded under the id since merged into the victim's
    expect(log.find((e: any) => e.requestId === 'old-request')).toMatchObject({ actor: 'before-merge', customerId: ABSORBED });
    // newest first; only this person's entries
    const ids = log.map((e: any) => Number(e.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(log.map((e: any) => e.customerId))).toEqual(new Set([victim.id, ABSORBED]));
    // everything about the person, from the log itself
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM access_log WHERE subject_id IN (?, ?) AND id < (SELECT min(id) FROM access_log WHERE request_id = ?)`, [victim.id, ABSORBED, res.requestId]);
    expect(log).toHaveLength(n);
  });

  it('(b) a merged-away id exports its survivor, saying so', async () => {
    const res = await gql(EXPORT, 'STEWARD', 'SUBJECT_RIGHTS', { id: ABSORBED });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customerDataExport.customer).toMatchObject({ id: victim.id, redirectedFrom: ABSORBED });
    expect(res.body.data.customerDataExport.consents.filter((c: any) => c.source === 'HUB')).toHaveLength(2);
  });

  it('(c) any other purpose, or a role other than steward and admin, is refused without a personal value', async () => {
    const service = await gql(EXPORT, 'STEWARD', 'SERVICE', { id: victim.id });
    expect(service.body.data).toBeNull();
    expect(service.body.errors).toEqual([
      expect.objectContaining({ message: 'customerDataExport: only for the purpose SUBJECT_RIGHTS (declare it in x-purpose)', extensions: { code: 'FORBIDDEN' } }),
    ]);
    expectNoSecrets(service.text);
    expect(service.text).not.toContain(victim.id);
    // nothing of the person was read, so nothing of them is logged
    expect((await entriesOf(service.requestId)).filter((e) => e.subject_id !== null)).toEqual([]);

    const app = await gql(EXPORT, 'APP', 'SERVICE', { id: victim.id });
    expect(app.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expectNoSecrets(app.text);
  });

  it('(d) the export is itself an access log entry of the person, with the steward as actor, and shows in the next export', async () => {
    const [entry] = await entriesOf(exportRequest);
    expect(entry).toMatchObject({ actor: actorOf('STEWARD'), role: 'STEWARD', purpose: 'SUBJECT_RIGHTS', operation: 'Export', subject_id: victim.id, outcome: 'OK' });
    expect(entry.fields_returned).toEqual(
      expect.arrayContaining(['Customer.name', 'Customer.nationalId', 'Customer.phones', 'SourceRecord.raw', 'CustomerDataExport.consents', 'CustomerDataExport.accessLog', 'CustomerDataExport.sourceRecords']),
    );
    expect(entry.fields_masked).toEqual([]);

    const next = await gql(EXPORT, 'STEWARD', 'SUBJECT_RIGHTS', { id: victim.id });
    const log = next.body.data.customerDataExport.accessLog;
    // the redirect export of ABSORBED came after and is newer still
    expect(log.map((e: any) => e.requestId)).toContain(exportRequest);
    expect(log[0]).toMatchObject({ actor: actorOf('STEWARD'), purpose: 'SUBJECT_RIGHTS', customerId: victim.id });
  });

  it('caps the access log and says so (older entries stay readable through accessLog)', async () => {
    const total = Number((await sql(`SELECT count(*)::int AS n FROM access_log WHERE subject_id IN (?, ?)`, [victim.id, ABSORBED]))[0].n);
    expect(total).toBeGreaterThan(3);
    const policy = new PolicyService(orm).forRequest({ principal: { subject: 'cap-test', role: 'STEWARD', purposes: ['SUBJECT_RIGHTS'] }, purpose: 'SUBJECT_RIGHTS' });
    const reader = new CustomerService(orm, new HoldingsGateway(hub.connectors, 2000), 100).forRequest(policy);
    const capped = await new SubjectRightsService(orm, new AccessLogRepository(orm), 3).export('SUBJECT_RIGHTS', reader, victim.id);
    expect(capped.accessLogTruncated).toBe(true);
    const newest = await sql(`SELECT id::text AS text_id FROM access_log WHERE subject_id IN (?, ?) ORDER BY id DESC LIMIT 3`, [victim.id, ABSORBED]);
    expect(capped.accessLog.map((e) => e.id)).toEqual(newest.map((r) => r.text_id));
  });
});

describe('(e) fail closed with real customer data', () => {
  it('when the access log cannot be written: 503 AUDIT_UNAVAILABLE and none of the person’s values', async () => {
    // refuses every insert, as a full disk or a lost privilege would; reads of the log still work,
    // so the export really has the data in hand when the write fails
    await sql(`CREATE FUNCTION subject_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await sql(`CREATE TRIGGER subject_test_refuse BEFORE INSERT ON access_log FOR EACH STATEMENT EXECUTE FUNCTION subject_test_refuse()`);
    try {
      const before = Number((await sql(`SELECT count(*)::int AS n FROM access_log`))[0].n);
      const reads = [
        await gql(CUSTOMER, 'APP', 'SERVICE', { id: victim.id }),
        await gql(`query Page { customers(first: 100) { edges { node { id ${PERSONAL} } } } }`, 'APP', 'SERVICE'),
        await gql(EXPORT, 'STEWARD', 'SUBJECT_RIGHTS', { id: victim.id }),
      ];
      for (const res of reads) {
        expect(res.status).toBe(503);
        expect(res.body).toEqual({ data: null, errors: [AUDIT_UNAVAILABLE] });
        expectNoSecrets(res.text);
        expect(res.text).not.toContain(victim.id);
      }
      expect(Number((await sql(`SELECT count(*)::int AS n FROM access_log`))[0].n)).toBe(before);
    } finally {
      await sql(`DROP TRIGGER subject_test_refuse ON access_log`);
      await sql(`DROP FUNCTION subject_test_refuse()`);
    }
    // restored: the same read answers again, and is logged
    const again = await gql(CUSTOMER, 'APP', 'SERVICE', { id: victim.id });
    expect(again.status).toBe(200);
    expect(again.body.data.customer.id).toBe(victim.id);
    expect(await entriesOf(again.requestId)).toHaveLength(1);
  });
});
