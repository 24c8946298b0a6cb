/**
 * The access log through HTTP: auditors' reads are logged before the answer, the log reads as a
 * Relay connection with typed errors, sealing and verification, the export in both formats
 * checked by the offline script, and fail closed on the real server.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '../../src/api/auth';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { AccessLogWriter } from '../../src/audit/access-log.writer';
import { AuditService } from '../../src/audit/audit.service';
import { AccessLogSealer } from '../../src/audit/sealer';
import { initOrm } from '../../src/orm';
import type { RunningApi } from '../../src/server/server';
import { runVerifyExport } from '../../scripts/verify-audit-export';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { postGraphQL } from '../support/graphql-client';
import { startTestApi, testToken } from '../support/test-api';
import { TEST_SEAL_KEY } from '../support/seal-key';
import { publicKeyPem } from '../../src/audit/seal-signature';


let db: TestDatabase;
let orm: MikroORM;
let api: RunningApi;

beforeAll(async () => {
  db = await createTestDatabase('audit_api');
  orm = await initOrm(db.url, { poolMax: 3 });
  const repository = new AccessLogRepository(orm);
  api = await startTestApi({
    audit: new AccessLogWriter(repository),
    services: {
      health: async () => ({ ok: true, database: true, databaseLatencyMs: 1, queue: true }),
      sourceSystems: {} as never,
      customers: {} as never,
      policy: {} as never,
      consents: {} as never,
      audit: new AuditService(repository, new AccessLogSealer(repository, TEST_SEAL_KEY, { graceMs: 0 }), 5, TEST_SEAL_KEY),
    },
  });
});
afterAll(async () => {
  await api?.close();
  await orm?.close();
  await db?.drop();
});

const gql = (query: string, role: Role, variables: Record<string, unknown> = {}) => postGraphQL(api.graphqlUrl, query, { token: testToken(role), variables });
const count = async () => Number((await orm.em.fork().execute<{ n: string }[]>(`SELECT count(*) AS n FROM access_log`))[0].n);
const ACCESS_LOG = `query Log($first: Int, $after: String, $filter: AccessLogFilterInput) {
  accessLog(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id actor role operation customerId fieldsReturned outcome seal { seq hash } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('access log over HTTP', () => {
  it("logs an admin's and an auditor's requests before the answer arrives; an app's read of no one is not logged", async () => {
    const before = await count();
    await gql('query Health { health { ok } }', 'APP');
    expect(await count()).toBe(before);
    await gql('query Health { health { ok } }', 'ADMIN');
    expect(await count()).toBe(before + 1);
    const res = await gql(ACCESS_LOG, 'AUDITOR', { first: 1 });
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    // the auditor's own read is the newest entry, already there
    const [rows] = await orm.em.fork().execute<any[]>(`SELECT * FROM access_log ORDER BY id DESC LIMIT 1`);
    expect(rows).toMatchObject({ actor: 'test-auditor', role: 'AUDITOR', operation: 'Log', subject_id: null, fields_returned: ['Query.accessLog'], outcome: 'OK' });
    expect(rows.client_address).toMatch(/127\.0\.0\.1/);
    expect(res.body.data.accessLog.edges[0].node).toMatchObject({ actor: 'test-admin', operation: 'Health', customerId: null, seal: null });
  });

  it('pages newest first, filters, and gives typed errors for a bad cursor, a page too big, and a reader not allowed', async () => {
    for (let i = 0; i < 3; i++) await gql('query Health { health { ok } }', 'ADMIN');
    const first = await gql(ACCESS_LOG, 'AUDITOR', { first: 2, filter: { actor: 'test-admin' } });
    const second = await gql(ACCESS_LOG, 'AUDITOR', { first: 2, filter: { actor: 'test-admin' }, after: first.body.data.accessLog.pageInfo.endCursor });
    const ids = [...first.body.data.accessLog.edges, ...second.body.data.accessLog.edges].map((e: any) => Number(e.node.id));
    expect(ids).toHaveLength(4);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(first.body.data.accessLog.pageInfo.hasNextPage).toBe(true);

    const bad = await gql(ACCESS_LOG, 'AUDITOR', { first: 2, after: 'not-a-cursor' });
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_CURSOR', argument: 'after' });
    const big = await gql(ACCESS_LOG, 'AUDITOR', { first: 6 });
    expect(big.body.errors?.[0].extensions).toMatchObject({ code: 'PAGE_SIZE_TOO_LARGE', argument: 'first' });
    const app = await gql(ACCESS_LOG, 'APP', { first: 2 });
    expect(app.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // a refused mutation is logged too, as DENIED
    const steward = await gql('mutation Seal { sealAuditLog { sealed } }', 'STEWARD');
    expect(steward.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const [denied] = await orm.em.fork().execute<any[]>(`SELECT * FROM access_log ORDER BY id DESC LIMIT 1`);
    expect(denied).toMatchObject({ role: 'STEWARD', operation: 'Seal', outcome: 'DENIED' });
  });

  it('seals on demand (admin) and verifies (auditor)', async () => {
    const sealed = await gql('mutation Seal { sealAuditLog { sealed } }', 'ADMIN');
    expect(sealed.body.data.sealAuditLog.sealed).toBeGreaterThan(0);
    const verify = await gql('query V($from: DateTime!, $to: DateTime!) { verifyAuditLog(from: $from, to: $to) { ok checked firstBroken { entryId problem } } }', 'AUDITOR', {
      from: new Date(Date.now() - 3600_000).toISOString(),
      to: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(verify.body.errors).toBeUndefined();
    expect(verify.body.data.verifyAuditLog).toMatchObject({ ok: true, firstBroken: null });
    expect(verify.body.data.verifyAuditLog.checked).toBeGreaterThan(5);
  });

  it('exports CSV and JSONL that verify offline, names an altered line, and logs the export', async () => {
    await gql('mutation Seal { sealAuditLog { sealed } }', 'ADMIN');
    const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
    const get = (query: string, role: Role | null) =>
      fetch(`${api.url}/audit/export?${query}`, { headers: role ? { authorization: `Bearer ${testToken(role)}` } : {} });
    expect((await get('format=csv', null)).status).toBe(401);
    expect((await get('format=csv', 'ADMIN')).status).toBe(403);
    expect((await get('format=xml', 'AUDITOR')).status).toBe(400);

    for (const format of ['jsonl', 'csv']) {
      const before = await count();
      const res = await get(`format=${format}&from=2000-01-01T00:00:00Z`, 'AUDITOR');
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(await count()).toBe(before + 1);
      const file = join(dir, `log.${format}`);
      writeFileSync(file, text);
      const keyFile = join(dir, 'hub.pem');
      writeFileSync(keyFile, publicKeyPem(TEST_SEAL_KEY.publicKey));
      const out: string[] = [];
      expect(runVerifyExport(['--public-key', keyFile, file], (l) => out.push(l), (l) => out.push(l))).toBe(0);
      expect(out.join('\n')).toMatch(/^OK: \d+ sealed/);

      // change one sealed entry's actor in the file
      const lines = readFileSync(file, 'utf8').split('\n');
      // past the header line (and the CSV column line): the third entry
      const i = format === 'csv' ? 4 : 3;
      const id = format === 'csv' ? lines[i].split(',')[0] : JSON.parse(lines[i]).id;
      lines[i] = lines[i].replace('test-admin', 'test-admix').replace('test-auditor', 'test-auditoz');
      writeFileSync(file, lines.join('\n'));
      out.length = 0;
      expect(runVerifyExport(['--public-key', keyFile, file], (l) => out.push(l), (l) => out.push(l))).toBe(1);
      expect(out.join('\n')).toContain(`BROKEN at entry ${id}: ALTERED`);
    }
  });

  it('fails closed on the server: 503 AUDIT_UNAVAILABLE, for GraphQL and the export', async () => {
    await orm.em.fork().execute(`ALTER TABLE access_log RENAME TO access_log_away`);
    try {
      const res = await gql('query Health { health { ok database } }', 'ADMIN');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ data: null, errors: [{ message: 'access could not be logged', extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
      const exp = await fetch(`${api.url}/audit/export?format=jsonl`, { headers: { authorization: `Bearer ${testToken('AUDITOR')}` } });
      expect(exp.status).toBe(503);
      expect(await exp.json()).toEqual({ errors: [{ message: 'access could not be logged', extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
    } finally {
      await orm.em.fork().execute(`ALTER TABLE access_log_away RENAME TO access_log`);
    }
  });
});
