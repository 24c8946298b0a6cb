/**
 * Data quality through the real API on a seeded, matched hub: who may read and change what, the
 * issue list as a Relay connection, customer ids behind the policy gate and in the access log,
 * acknowledgement and rule changes audited, the report, and an on-demand sweep queued.
 */
import 'reflect-metadata';
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import type { Role } from '../../src/api/auth';
import type { RunningApi } from '../../src/server/server';
import { QualityService } from '../../src/quality/quality.service';
import { postGraphQL } from '../support/graphql-client';
import { auditedHubApi } from '../support/hub-services';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';
import { startTestApi, testToken } from '../support/test-api';

let hub: SampleHub;
let api: RunningApi;
const sweeps: string[] = [];

beforeAll(async () => {
  hub = await startMatchedHub('quality-api', 120);
  const quality = new QualityService(hub.orm, { systems: [...SOURCE_SYSTEMS], maxPageSize: 50 }, { requestSweep: async (trigger) => (sweeps.push(trigger), 'quality-sweep-job') });
  await quality.sweep();
  api = await startTestApi(auditedHubApi(hub.orm, hub.connectors, { quality }));
}, 180_000);

afterAll(async () => {
  await api?.close();
  await hub?.close();
});

const gql = (query: string, role: Role, variables: Record<string, unknown> = {}) => postGraphQL(api.graphqlUrl, query, { token: testToken(role), variables, purpose: 'SERVICE' });
const lastEntry = async () => (await hub.orm.em.fork().execute<any[]>(`SELECT * FROM access_log ORDER BY id DESC LIMIT 1`))[0];

const ISSUES = `query Issues($first: Int, $after: String, $rule: String, $status: DataQualityIssueStatus, $customerId: ID) {
  dataQualityIssues(first: $first, after: $after, rule: $rule, status: $status, customerId: $customerId) {
    edges { cursor node { id rule severity status sourceSystem recordSystem field reason detail customerId sourceRecordId } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('data quality over HTTP', () => {
  it('stewards page through issues; customer and record ids pass the gate and each customer read is logged', async () => {
    const first = await gql(ISSUES, 'STEWARD', { first: 5, rule: 'REQUIRED_FIELDS' });
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data.dataQualityIssues;
    expect(page.edges).toHaveLength(5);
    expect(page.pageInfo.hasNextPage).toBe(true);
    for (const { node } of page.edges) expect(node).toMatchObject({ rule: 'REQUIRED_FIELDS', reason: 'MISSING', status: 'OPEN' });
    const linked = page.edges.map((e: any) => e.node.customerId).filter(Boolean);
    expect(linked.length).toBeGreaterThan(0);
    // the read is logged under each customer whose issue was returned
    const entries = await hub.orm.em.fork().execute<any[]>(`SELECT subject_id, fields_returned FROM access_log WHERE operation = 'Issues' AND subject_id IS NOT NULL`);
    expect(new Set(entries.map((e) => e.subject_id))).toEqual(new Set(linked));
    for (const e of entries) expect(e.fields_returned).toEqual(expect.arrayContaining(['DataQualityIssue.customerId']));

    const next = await gql(ISSUES, 'STEWARD', { first: 5, rule: 'REQUIRED_FIELDS', after: page.pageInfo.endCursor });
    const ids = (p: any) => p.edges.map((e: any) => Number(e.node.id));
    expect(Math.max(...ids(next.body.data.dataQualityIssues))).toBeLessThan(Math.min(...ids(page)));

    // one customer's issues
    const mine = await gql(ISSUES, 'STEWARD', { first: 50, customerId: linked[0] });
    expect(mine.body.data.dataQualityIssues.edges.every((e: any) => e.node.customerId === linked[0])).toBe(true);
  });

  it('a uniqueness issue does not name the other customers outside the gate', async () => {
    // one as the uniqueness check writes it: the other customer kept in detail.sharedWith
    const [a, b] = await hub.orm.em.fork().execute<{ id: string }[]>(`SELECT id FROM golden_customer WHERE status = 'ACTIVE' ORDER BY id LIMIT 2`);
    await hub.orm.em.fork().execute(
      `INSERT INTO dq_issue (rule_id, severity, subject_key, golden_id, field, reason, detail, status, first_seen_at, last_seen_at)
       SELECT id, 'ERROR', 'customer:' || ?, ?::uuid, 'nationalId', 'SHARED_WITH_OTHER_CUSTOMER', jsonb_build_object('customers', 2, 'sharedWith', ?::text), 'OPEN', now(), now()
         FROM dq_rule WHERE code = 'UNIQUE_NATIONAL_ID' ON CONFLICT DO NOTHING`,
      [a!.id, a!.id, b!.id],
    );
    const res = await gql(ISSUES, 'STEWARD', { first: 50, rule: 'UNIQUE_NATIONAL_ID' });
    expect(res.body.errors).toBeUndefined();
    const edges = res.body.data.dataQualityIssues.edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const { node } of edges) {
      expect(Object.keys(node.detail)).toEqual(['customers']);
      expect(JSON.stringify(node.detail)).not.toContain(b!.id);
    }
  });

  it('an app may not list issues, a page too big and a bad cursor are typed errors', async () => {
    expect((await gql(ISSUES, 'APP', { first: 1 })).body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHORIZED/);
    expect((await gql(ISSUES, 'AUDITOR', { first: 1 })).body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHORIZED/);
    expect((await gql(ISSUES, 'STEWARD', { first: 51 })).body.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_TOO_LARGE');
    expect((await gql(ISSUES, 'STEWARD', { first: 1, after: 'nope' })).body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it('a steward acknowledges an issue: stored with who and why, and logged', async () => {
    const open = (await gql(ISSUES, 'STEWARD', { first: 1, status: 'OPEN' })).body.data.dataQualityIssues.edges[0].node;
    const res = await gql(`mutation Ack($id: ID!, $reason: String!) { acknowledgeDataQualityIssue(id: $id, reason: $reason) { id status acknowledgedBy acknowledgeReason } }`, 'STEWARD', { id: open.id, reason: 'branch asked to fix' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.acknowledgeDataQualityIssue).toEqual({ id: open.id, status: 'ACKNOWLEDGED', acknowledgedBy: 'test-steward', acknowledgeReason: 'branch asked to fix' });
    expect(await lastEntry()).toMatchObject({ actor: 'test-steward', role: 'STEWARD', operation: 'Ack', outcome: 'OK' });
    const ackByAdmin = await gql(`mutation { acknowledgeDataQualityIssue(id: "${open.id}", reason: "x") { id } }`, 'ADMIN');
    expect(ackByAdmin.body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHORIZED/);
  });

  it('admins list and change rules (a malformed change is BAD_USER_INPUT) and queue a sweep, each audited', async () => {
    const rules = (await gql(`query { dataQualityRules { id code kind check severity enabled parameters } }`, 'ADMIN')).body.data.dataQualityRules;
    expect(rules.map((r: any) => r.code)).toContain('NATIONAL_ID_VALID');
    const phone = rules.find((r: any) => r.code === 'PHONE_VALID');
    const UPDATE = `mutation Rule($id: Int!, $input: DataQualityRuleInput!) { updateDataQualityRule(id: $id, input: $input) { code severity parameters updatedBy } }`;
    const changed = await gql(UPDATE, 'ADMIN', { id: phone.id, input: { severity: 'ERROR', parameters: { mobileOnly: true } } });
    expect(changed.body.data.updateDataQualityRule).toEqual({ code: 'PHONE_VALID', severity: 'ERROR', parameters: { mobileOnly: true }, updatedBy: 'test-admin' });
    expect(await lastEntry()).toMatchObject({ actor: 'test-admin', operation: 'Rule', outcome: 'OK' });
    const bad = await gql(UPDATE, 'ADMIN', { id: phone.id, input: { parameters: { mobileOnly: 'yes' } } });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(`query { dataQualityRules { id } }`, 'STEWARD')).body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHORIZED/);

    const sweep = await gql(`mutation Sweep { runQualitySweep { jobId } }`, 'ADMIN');
    expect(sweep.body.data.runQualitySweep).toEqual({ jobId: 'quality-sweep-job' });
    expect(sweeps).toEqual(['manual']);
    expect(await lastEntry()).toMatchObject({ actor: 'test-admin', operation: 'Sweep' });
  });

  it('the report gives counts per day, source and rule to stewards, admins and auditors; bad ranges are refused', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const REPORT = `query Report($from: String!, $to: String!) { qualityReport(from: $from, to: $to) { day system rule open opened resolved } }`;
    const res = await gql(REPORT, 'AUDITOR', { from: today, to: today });
    expect(res.body.errors).toBeUndefined();
    const rows = res.body.data.qualityReport;
    const [{ n }] = await hub.orm.em.fork().execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM dq_issue WHERE status <> 'RESOLVED'`);
    expect(rows.reduce((s: number, r: any) => s + r.open, 0)).toBe(n);
    expect(rows.some((r: any) => r.system === 'CORE_BANKING' && r.rule === 'REQUIRED_FIELDS')).toBe(true);
    expect((await gql(REPORT, 'STEWARD', { from: today, to: '2020-01-01' })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(REPORT, 'STEWARD', { from: '2026-02-30', to: today })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
