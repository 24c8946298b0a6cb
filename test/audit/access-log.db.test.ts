/**
 * The access log on a real database: the plugin's entries per person (from a small schema that
 * fills the AccessRecorder like the policy gate does), the database refusing changes, fail closed,
 * and the verifier naming each kind of tampering a superuser can still do.
 */
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../src/api/context';
import type { Role } from '../../src/api/auth';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { accessLogPlugin } from '../../src/audit/access-log.plugin';
import { AccessLogWriter } from '../../src/audit/access-log.writer';
import { AuditService } from '../../src/audit/audit.service';
import { AccessLogSealer } from '../../src/audit/sealer';
import { initOrm } from '../../src/orm';
import { RequestScope } from '../../src/api/request-scope';
import { AccessRecorder } from '../../src/api/access-recorder';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_SEAL_KEY } from '../support/seal-key';

const PEOPLE: Record<string, { name: string; phone: string; idNo: string }> = {
  'aaaaaaaa-0000-4000-8000-000000000001': { name: 'Zhang Wei', phone: '+8613800000001', idNo: '110101199003070011' },
  'aaaaaaaa-0000-4000-8000-000000000002': { name: 'Li Na', phone: '+8613800000002', idNo: '110101199003070022' },
};
const [ZHANG, LI] = Object.keys(PEOPLE);

// A stand-in for the policy gate: name returned, phone masked, idNo withheld (no consent).
const typeDefs = `#graphql
  type Person { id: ID!, name: String, phone: String, idNo: String }
  type Query { people(ids: [ID!]!): [Person!]! }
  type Mutation { touch: Boolean }
`;
const pathOf = (info: GraphQLResolveInfo) => {
  const parts: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
};
const resolvers = {
  Query: { people: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id, ...PEOPLE[id] })) },
  Mutation: { touch: () => true },
  Person: {
    name: (p: { id: string; name: string }, _: unknown, ctx: RequestContext) => (ctx.access.returned(p.id, 'Person.name'), p.name),
    phone: (p: { id: string; phone: string }, _: unknown, ctx: RequestContext) => (ctx.access.masked(p.id, 'Person.phone'), `${p.phone.slice(0, 6)}****`),
    idNo: (p: { id: string }, _: unknown, ctx: RequestContext, info: GraphQLResolveInfo) => {
      ctx.access.withheld(p.id, { field: 'Person.idNo', path: pathOf(info), reason: 'NO_CONSENT' });
      return null;
    },
  },
};

interface Log {
  db: TestDatabase;
  orm: MikroORM;
  repository: AccessLogRepository;
  audit: AuditService;
  apollo: ApolloServer<RequestContext>;
  close(): Promise<void>;
}

async function startLog(label: string): Promise<Log> {
  const db = await createTestDatabase(label);
  const orm = await initOrm(db.url, { poolMax: 2 });
  const repository = new AccessLogRepository(orm);
  const apollo = new ApolloServer<RequestContext>({ typeDefs, resolvers, plugins: [accessLogPlugin(new AccessLogWriter(repository))] });
  await apollo.start();
  return {
    db,
    orm,
    repository,
    audit: new AuditService(repository, new AccessLogSealer(repository, TEST_SEAL_KEY, { graceMs: 0 }), 50, TEST_SEAL_KEY),
    apollo,
    close: async () => {
      await apollo.stop();
      await orm.close();
      await db.drop();
    },
  };
}

let requests = 0;
function context(role: Role = 'APP'): RequestContext {
  return {
    principal: { subject: `test-${role.toLowerCase()}`, role, purposes: ['SERVICE'] },
    requestId: `req-${++requests}`,
    purpose: 'SERVICE',
    access: new AccessRecorder(),
    clientAddress: '10.1.2.3',
    scope: new RequestScope(),
  };
}

async function run(log: Log, query: string, role: Role = 'APP', variables: Record<string, unknown> = { ids: [ZHANG, LI] }) {
  const res = await log.apollo.executeOperation({ query, variables }, { contextValue: context(role) });
  if (res.body.kind !== 'single') throw new Error('not a single result');
  return { status: res.http.status, result: res.body.singleResult };
}

const PEOPLE_QUERY = 'query People($ids: [ID!]!) { people(ids: $ids) { id name phone idNo secondIdNo: idNo } }';
const rowsOf = (log: Log) =>
  log.orm.em.fork().execute<any[]>(`SELECT * FROM access_log ORDER BY id`);

/** the database as a superuser who switched triggers off */
async function asReplica(log: Log, sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: log.db.url });
  await client.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe('access log plugin and writer', () => {
  let log: Log;
  beforeAll(async () => (log = await startLog('audit_plugin')));
  afterAll(() => log?.close());

  it('writes one entry per person with returned, masked and withheld fields, before the response is handed back', async () => {
    const { status, result } = await run(log, PEOPLE_QUERY);
    expect(result.errors).toBeUndefined();
    expect(status).toBeUndefined(); // 200
    const rows = await rowsOf(log);
    expect(rows).toHaveLength(2);
    const zhang = rows.find((r) => r.subject_id === ZHANG);
    expect(zhang).toMatchObject({
      actor: 'test-app',
      role: 'APP',
      purpose: 'SERVICE',
      operation: 'People',
      client_address: '10.1.2.3',
      fields_returned: ['Person.name'],
      fields_masked: ['Person.phone'],
      outcome: 'PARTIAL',
    });
    // aliases keep their response path; the coordinate is the same
    expect(zhang.fields_withheld).toEqual([
      { field: 'Person.idNo', path: 'people.0.idNo', reason: 'NO_CONSENT' },
      { field: 'Person.idNo', path: 'people.0.secondIdNo', reason: 'NO_CONSENT' },
    ]);
    expect(rows.find((r) => r.subject_id === LI).fields_withheld.map((w: any) => w.path)).toEqual(['people.1.idNo', 'people.1.secondIdNo']);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(1);
  });

  it('logs mutations and every request of auditors and admins without a person', async () => {
    await run(log, 'mutation Touch { touch }');
    await run(log, 'query Nobody { people(ids: []) { id } }', 'AUDITOR');
    await run(log, 'query Nobody { people(ids: []) { id } }', 'APP');
    const rows = await rowsOf(log);
    const personless = rows.filter((r) => r.subject_id === null).map((r) => [r.role, r.operation, r.fields_returned, r.outcome]);
    expect(personless).toEqual([
      ['APP', 'Touch', ['Mutation.touch'], 'OK'],
      ['AUDITOR', 'Nobody', ['Query.people'], 'OK'],
    ]);
  });

  it('fails closed: no entry stored, no personal value sent, 503 AUDIT_UNAVAILABLE', async () => {
    const before = (await rowsOf(log)).length;
    await log.orm.em.fork().execute(`ALTER TABLE access_log RENAME TO access_log_away`);
    try {
      const { status, result } = await run(log, PEOPLE_QUERY);
      expect(status).toBe(503);
      expect(result).toEqual({ data: null, errors: [{ message: 'access could not be logged', extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
      const body = JSON.stringify(result);
      for (const p of Object.values(PEOPLE)) for (const value of [p.name, p.phone.slice(0, 6)]) expect(body).not.toContain(value);
    } finally {
      await log.orm.em.fork().execute(`ALTER TABLE access_log_away RENAME TO access_log`);
    }
    expect(await rowsOf(log)).toHaveLength(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, for the application role and the owner alike', async () => {
    const em = () => log.orm.em.fork();
    await log.audit.sealNow();
    for (const table of ['access_log', 'access_log_seal']) {
      const key = table === 'access_log' ? 'id' : 'entry_id';
      await expect(em().execute(`UPDATE ${table} SET ${key} = ${key}`)).rejects.toThrow(/append-only/);
      await expect(em().execute(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      await expect(em().execute(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
    }
    // a login like the application's: may read and append, nothing else
    const role = `hub_app_${log.db.name.slice(-8)}`;
    await em().execute(`CREATE ROLE ${role} LOGIN`);
    await em().execute(`GRANT SELECT, INSERT ON access_log, access_log_seal TO ${role}; GRANT USAGE ON SEQUENCE access_log_id_seq TO ${role}`);
    const url = new URL(log.db.url);
    url.username = role;
    const app = new Client({ connectionString: url.toString() });
    await app.connect();
    try {
      await app.query(`INSERT INTO access_log (actor, role, request_id, outcome) VALUES ('a', 'APP', 'r', 'OK')`);
      await expect(app.query(`UPDATE access_log SET actor = 'x'`)).rejects.toThrow(/permission denied|append-only/);
      await expect(app.query(`DELETE FROM access_log`)).rejects.toThrow(/permission denied|append-only/);
      await expect(app.query(`TRUNCATE access_log`)).rejects.toThrow(/permission denied|append-only/);
    } finally {
      await app.end();
      await em().execute(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});

describe('group commit', () => {
  let log: Log;
  beforeAll(async () => (log = await startLog('audit_group')));
  afterAll(() => log?.close());

  const entry = (requestId: string) => ({
    actor: 'a', role: 'APP', purpose: 'SERVICE', operation: 'People', requestId, clientAddress: null, subjectId: ZHANG,
    fieldsReturned: ['Person.name'], fieldsMasked: [], fieldsWithheld: [], outcome: 'OK' as const,
  });

  it('requests finishing while an INSERT is in flight share the next one, and each waits for its own', async () => {
    const statements: number[] = [];
    const insert = log.repository.insert.bind(log.repository);
    const writer = new AccessLogWriter({ insert: (entries) => (statements.push(entries.length), insert(entries)) });
    const before = (await rowsOf(log)).length;
    await Promise.all(Array.from({ length: 20 }, (_, i) => writer.write([entry(`group-${i}`)])));
    // the first goes alone, the 19 that arrived meanwhile together
    expect(statements).toEqual([1, 19]);
    const rows = (await rowsOf(log)).slice(before);
    expect(rows.map((r) => r.request_id)).toEqual(Array.from({ length: 20 }, (_, i) => `group-${i}`));
  });

  it('a failed INSERT fails every request it carried, and the next batch is written', async () => {
    let fail = true;
    const insert = log.repository.insert.bind(log.repository);
    const writer = new AccessLogWriter({ insert: (entries) => (fail ? ((fail = false), Promise.reject(new Error('disk full'))) : insert(entries)) });
    const results = await Promise.allSettled([writer.write([entry('lost-1')]), writer.write([entry('after-1')]), writer.write([entry('after-2')])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    const ids = (await rowsOf(log)).map((r) => r.request_id);
    expect(ids).not.toContain('lost-1');
    expect(ids).toEqual(expect.arrayContaining(['after-1', 'after-2']));
  });
});

describe('verifyAuditLog names tampering', () => {
  const from = new Date(Date.now() - 60_000);
  const to = () => new Date(Date.now() + 60_000);
  let log: Log;
  let ids: string[];

  beforeEach(async () => {
    log = await startLog('audit_tamper');
    for (let i = 0; i < 3; i++) await run(log, PEOPLE_QUERY);
    // a rolled-back insert leaves a hole in the ids, as in production
    await log.orm.em.fork().execute(`SELECT nextval('access_log_id_seq')`);
    await run(log, PEOPLE_QUERY);
    expect(await log.audit.sealNow()).toBe(8);
    ids = (await rowsOf(log)).map((r) => String(r.id));
    expect(await log.audit.verify(from, to())).toMatchObject({ ok: true, checked: 8, firstBroken: null, unsigned: 0 });
  });
  afterEach(() => log?.close());

  it('an altered entry', async () => {
    await asReplica(log, `UPDATE access_log SET fields_returned = '{}' WHERE id = $1`, [ids[3]]);
    expect(await log.audit.verify(from, to())).toMatchObject({ ok: false, firstBroken: { entryId: ids[3], problem: 'ALTERED' } });
  });

  it('a removed entry', async () => {
    await asReplica(log, `DELETE FROM access_log WHERE id = $1`, [ids[2]]);
    expect(await log.audit.verify(from, to())).toMatchObject({ ok: false, firstBroken: { entryId: ids[2], problem: 'REMOVED' } });
  });

  it('an entry inserted inside the sealed range', async () => {
    const hole = Number(ids[5]) + 1;
    expect(ids).not.toContain(String(hole));
    await asReplica(log, `INSERT INTO access_log (id, actor, role, request_id, outcome) VALUES ($1, 'someone', 'APP', 'forged', 'OK')`, [hole]);
    expect(await log.audit.verify(from, to())).toMatchObject({ ok: false, firstBroken: { entryId: String(hole), problem: 'INSERTED' } });
    // sealing does not launder it: the sealer only goes forward
    await log.audit.sealNow();
    expect((await log.audit.verify(from, to())).firstBroken).toEqual({ entryId: String(hole), problem: 'INSERTED' });
  });

  it('a removed seal: its entry is now unsealed inside the sealed range', async () => {
    await asReplica(log, `DELETE FROM access_log_seal WHERE entry_id = $1`, [ids[4]]);
    expect((await log.audit.verify(from, to())).firstBroken).toEqual({ entryId: ids[4], problem: 'INSERTED' });
  });
});
