/**
 * The access log against someone who can write its tables (issue P, items 13 and 14), through the
 * hub as `startHub` assembles it in production mode on a seeded, matched sample hub: migrations
 * run as the owner (DATABASE_OWNER_URL), the hub connects as a member of customer_hub_runtime
 * (DATABASE_URL) and signs seals with AUDIT_SIGNING_KEY.
 *
 * - a superuser's forged entry (id -7, dated 2999, triggers off) is reported by verifyAuditLog
 *   whatever the range, and a subject-rights export shows it OUTSIDE_CHAIN, not sealed;
 * - the runtime role cannot disable the log's triggers, change or delete entries, or pick an
 *   entry's id; the hub refuses to start in production as a superuser;
 * - a superuser who rewrites an entry and recomputes every later hash (without the key) fails
 *   verification by signature, and the sealer will not sign on top of it;
 * - an export with its first or last lines cut fails `audit:verify` by name; a published head and
 *   an earlier export are checked.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { signToken, type Role } from '../../src/api/auth';
import { startHub, type Hub } from '../../src/app';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { sealEntries } from '../../src/audit/chain';
import { publicKeyPem } from '../../src/audit/seal-signature';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import { runVerifyExport } from '../../scripts/verify-audit-export';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';
import { newSealKey } from '../support/seal-key';

const JWT_SECRET = 'integrity-secret-integrity-secret!!';
const PURPOSES: Record<Role, string[]> = { APP: ['SERVICE'], STEWARD: ['SUBJECT_RIGHTS'], AUDITOR: ['AUDIT'], ADMIN: ['SERVICE'] };
const token = (role: Role) => signToken({ secret: JWT_SECRET, issuer: 'customer-hub' }, { subject: `integrity-${role.toLowerCase()}`, role, purposes: PURPOSES[role] });
const sealKey = newSealKey();
const dir = mkdtempSync(join(tmpdir(), 'audit-integrity-'));
const publicKeyFile = join(dir, 'hub-audit.pem');

let source: SampleHub;
let hub: Hub;
let runtimeRole: string;
let runtimeUrl: string;
let victim: string;

const withUser = (url: string, user: string) => {
  const u = new URL(url);
  u.username = user;
  return u.toString();
};

/** one statement on its own connection, as `user` (default: the superuser the tests run as) */
async function sqlAs<T = any>(url: string, text: string, params: unknown[] = [], replica = false): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (replica) await client.query(`SET session_replication_role = replica`);
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}
const superSql = <T = any>(text: string, params: unknown[] = []) => sqlAs<T>(source.db.url, text, params);
/** a superuser who switched the triggers off */
const replicaSql = <T = any>(text: string, params: unknown[] = []) => sqlAs<T>(source.db.url, text, params, true);

function hubEnv(databaseUrl: string, extra: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'production',
    HUB_ROLE: 'api',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueRedisPrefix('integrity').replace(/:/g, '_'),
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET,
    AUDIT_SIGNING_KEY: sealKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    AUDIT_SEAL_GRACE_MS: '0',
    CORE_BANKING_DATABASE_URL: source.db.url,
    LOANS_DATABASE_URL: source.db.url,
    CARDS_API_URL: source.cardsApiUrl,
    DATA_DIR: dir,
    ...extra,
  });
}

async function gql(query: string, role: Role, variables: Record<string, unknown> = {}) {
  const res = await fetch(hub.api!.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token(role)}`, 'x-purpose': PURPOSES[role][0], 'x-request-id': `integrity-${randomUUID()}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: res.status, body };
}

const VERIFY = `query V($from: DateTime!, $to: DateTime!) {
  verifyAuditLog(from: $from, to: $to) { ok checked unsigned firstBroken { entryId problem } head { seq entryId hash signature keyId } }
}`;
/** a range of the last hour: the forged entries below are dated far outside it */
const verify = async () => {
  const res = await gql(VERIFY, 'AUDITOR', { from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.verifyAuditLog;
};
const seal = async () => {
  const res = await gql('mutation Seal { sealAuditLog { sealed } }', 'ADMIN');
  expect(res.body.errors).toBeUndefined();
};
const readVictim = async () => {
  const res = await gql('query Read($id: String!) { customer(id: $id) { id name { full } phones } }', 'APP', { id: victim });
  expect(res.body.errors).toBeUndefined();
};

async function exportText(format: 'jsonl' | 'csv', to?: Date): Promise<string> {
  const res = await fetch(`${hub.api!.url}/audit/export?format=${format}&from=2000-01-01T00:00:00Z${to ? `&to=${to.toISOString()}` : ''}`, {
    headers: { authorization: `Bearer ${token('AUDITOR')}`, 'x-purpose': 'AUDIT' },
  });
  expect(res.status).toBe(200);
  return res.text();
}

/** audit:verify on `text` as a file; returns the exit code and what it printed */
function verifyFile(text: string, ...options: string[]): { code: number; out: string } {
  const file = join(dir, `export-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, text);
  const out: string[] = [];
  const code = runVerifyExport(['--public-key', publicKeyFile, ...options, file], (l) => out.push(l), (l) => out.push(l));
  return { code, out: out.join('\n') };
}

beforeAll(async () => {
  source = await startMatchedHub('audit_integrity', 40);
  // the hub's login: a member of the role the migrations grant to, as README "Database roles" sets it up
  runtimeRole = `hubtest_rt_${randomBytes(4).toString('hex')}`;
  await superSql(`CREATE ROLE ${runtimeRole} LOGIN IN ROLE customer_hub_runtime`);
  runtimeUrl = withUser(source.db.url, runtimeRole);
  hub = await startHub(hubEnv(runtimeUrl, { DATABASE_OWNER_URL: source.db.url }), createLogger('silent'));
  const [c] = await superSql(`SELECT id FROM golden_customer WHERE status = 'ACTIVE' ORDER BY record_count DESC, id LIMIT 1`);
  victim = c.id;
  const key = await fetch(`${hub.api!.url}/audit/public-key`);
  expect(key.headers.get('x-key-id')).toBe(sealKey.keyId);
  writeFileSync(publicKeyFile, await key.text());
}, 300_000);

afterAll(async () => {
  await hub?.close();
  if (source) {
    await source.close();
    // the test's login only; customer_hub_runtime is the server's, shared by every hub database
    await sqlAs(ADMIN_DATABASE_URL, `DROP ROLE IF EXISTS ${runtimeRole}`);
  }
});

describe('the runtime role', () => {
  it('serves, logs, seals and verifies as a role that cannot disable the triggers, change or delete entries, or choose their id', async () => {
    await readVictim();
    await seal();
    expect(await verify()).toMatchObject({ ok: true, unsigned: 0, firstBroken: null, head: { keyId: sealKey.keyId } });

    const [entry] = await superSql(`SELECT id FROM access_log WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`, [victim]);
    const attempts = [
      `ALTER TABLE access_log DISABLE TRIGGER access_log_no_change`,
      `ALTER TABLE access_log DISABLE TRIGGER ALL`,
      `ALTER TABLE access_log_seal DISABLE TRIGGER access_log_seal_no_change`,
      `SET session_replication_role = replica`,
      `UPDATE access_log SET actor = 'someone-else' WHERE id = ${entry.id}`,
      `DELETE FROM access_log WHERE id = ${entry.id}`,
      `UPDATE access_log_seal SET hash = hash WHERE entry_id = ${entry.id}`,
      `DELETE FROM access_log_seal WHERE entry_id = ${entry.id}`,
      `TRUNCATE access_log`,
      `INSERT INTO access_log (id, actor, role, request_id, outcome) VALUES (-7, 'forger', 'APP', 'forged', 'OK')`,
      `INSERT INTO access_log (at, actor, role, request_id, outcome) VALUES ('2999-01-01', 'forger', 'APP', 'forged', 'OK')`,
      `SELECT setval('access_log_id_seq', 1)`,
    ];
    for (const statement of attempts) {
      await expect(sqlAs(runtimeUrl, statement)).rejects.toThrow(/must be owner|permission denied/);
    }
    // what it may do: append with the database's id and time
    await expect(sqlAs(runtimeUrl, `INSERT INTO access_log (actor, role, request_id, outcome) VALUES ('a', 'APP', 'r', 'OK')`)).resolves.toEqual([]);
  });

  it('the hub refuses to start in production as a superuser (unless allowed), and starts as the runtime role', async () => {
    await expect(startHub(hubEnv(source.db.url), createLogger('silent'))).rejects.toThrow(/is a superuser.*AUDIT_ALLOW_PRIVILEGED_DB_ROLE/s);
    const allowed = await startHub(hubEnv(source.db.url, { AUDIT_ALLOW_PRIVILEGED_DB_ROLE: 'true' }), createLogger('silent'));
    await allowed.close();
  });
});

describe('exports carry anchors', () => {
  it('a whole export verifies against the public key and a published head; one cut at its start or end does not', async () => {
    await readVictim();
    // every entry up to here is sealed next: the export ends with a sealed entry
    const until = new Date();
    await seal();
    const { head } = await verify();
    for (const format of ['jsonl', 'csv'] as const) {
      const text = await exportText(format, until);
      const lines = text.split(/(?<=\n)/);
      const entries = format === 'jsonl' ? lines.length - 2 : lines.length - 3;
      expect(entries).toBeGreaterThan(3);
      expect(verifyFile(text)).toMatchObject({ code: 0 });
      expect(verifyFile(text, '--head', `${head.seq}:${head.hash}`)).toMatchObject({ code: 0 });
      expect(verifyFile(text, '--head', `${head.seq}:${'0'.repeat(64)}`)).toMatchObject({ code: 1, out: expect.stringContaining('HEAD_MISMATCH') });

      const start = format === 'jsonl' ? 1 : 2; // first entry line
      const cuts = {
        'header and first entries': lines.slice(start + 2),
        'first entry, header kept': [...lines.slice(0, start), ...lines.slice(start + 1)],
        'trailer and last entries': lines.slice(0, -3),
        'last entry, trailer kept': [...lines.slice(0, -2), ...lines.slice(-1)],
      };
      expect(verifyFile(cuts['header and first entries'].join(''))).toMatchObject({ code: 1, out: expect.stringContaining('TRUNCATED_HEAD') });
      expect(verifyFile(cuts['first entry, header kept'].join(''))).toMatchObject({ code: 1, out: expect.stringContaining('TRUNCATED_HEAD') });
      expect(verifyFile(cuts['trailer and last entries'].join(''))).toMatchObject({ code: 1, out: expect.stringContaining('TRUNCATED_TAIL') });
      expect(verifyFile(cuts['last entry, trailer kept'].join(''))).toMatchObject({ code: 1, out: expect.stringContaining('TRUNCATED_TAIL') });
      // a tail cut whose trailer was rewritten to match cannot be signed without the key
      const trailer = lines[lines.length - 1];
      const forgedTrailer = trailer.replace(/"entries":(\d+)/, (_, n) => `"entries":${Number(n) - 1}`);
      expect(verifyFile([...lines.slice(0, -2), forgedTrailer].join(''))).toMatchObject({ code: 1, out: expect.stringContaining('TRAILER_BAD_SIGNATURE') });
    }
    // a later export agrees with an earlier one
    const earlier = join(dir, 'earlier.jsonl');
    writeFileSync(earlier, await exportText('jsonl', until));
    await readVictim();
    await seal();
    expect(verifyFile(await exportText('jsonl', new Date()), '--earlier', earlier)).toMatchObject({ code: 0 });
  });
});

describe('a superuser who rewrites the chain', () => {
  it('recomputing every later hash without the key fails verification by signature, and the sealer will not sign over it', async () => {
    await readVictim();
    await seal();
    const before = await verify();
    expect(before).toMatchObject({ ok: true });
    const repository = new AccessLogRepository(source.orm);
    const original = await repository.sealedRows(1, before.head.seq);
    const target = original[original.length - 4];
    const head = original[original.length - 1].seal;
    const rewritten = { ...target.entry!, actor: 'someone-else' };
    const reseal = sealEntries(original[original.length - 5].seal, [rewritten, ...original.slice(-3).map((r) => r.entry!)]);
    try {
      await replicaSql(`UPDATE access_log SET actor = $1 WHERE id = $2`, [rewritten.actor, rewritten.id]);
      for (const s of reseal) await replicaSql(`UPDATE access_log_seal SET prev_hash = $1, hash = $2 WHERE seq = $3`, [s.prevHash, s.hash, s.seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { entryId: target.seal.entryId, problem: 'BAD_SIGNATURE' } });
      await readVictim();
      const refused = await gql('mutation Seal { sealAuditLog { sealed } }', 'ADMIN');
      expect(refused.body.errors?.length).toBeGreaterThan(0);
      // nor when the rewritten head names a key the hub does not hold (its signature then unchecked before)
      await replicaSql(`UPDATE access_log_seal SET key_id = 'forged-key', signature = 'AAAA' WHERE seq = $1`, [head.seq]);
      await readVictim();
      expect((await gql('mutation Seal { sealAuditLog { sealed } }', 'ADMIN')).body.errors?.length).toBeGreaterThan(0);
      const file = verifyFile(await exportText('jsonl'));
      expect(file).toMatchObject({ code: 1, out: expect.stringContaining(`BROKEN at entry ${target.seal.entryId}: BAD_SIGNATURE`) });
    } finally {
      await replicaSql(`UPDATE access_log SET actor = $1 WHERE id = $2`, [target.entry!.actor, target.entry!.id]);
      for (const { seal: s } of original.slice(-4)) await replicaSql(`UPDATE access_log_seal SET prev_hash = $1, hash = $2 WHERE seq = $3`, [s.prevHash, s.hash, s.seq]);
      await replicaSql(`UPDATE access_log_seal SET key_id = $1, signature = $2 WHERE seq = $3`, [head.keyId, head.signature, head.seq]);
    }
    await seal();
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('an entry outside the chain', () => {
  const EXPORT = `query Export($id: String!) { customerDataExport(id: $id) { accessLog { id actor sealStatus seal { seq } } } }`;

  it('id -7 dated 2999 with triggers off: verifyAuditLog reports it whatever the range, the subject export shows it outside the chain', async () => {
    await readVictim();
    await seal();
    expect(await verify()).toMatchObject({ ok: true });
    await replicaSql(
      `INSERT INTO access_log (id, at, actor, role, purpose, operation, request_id, subject_id, fields_returned, outcome)
       VALUES (-7, '2999-01-01T00:00:00Z', 'forger', 'APP', 'SERVICE', 'Read', 'forged', $1, '{Customer.name}', 'OK')`,
      [victim],
    );
    try {
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { entryId: '-7', problem: 'OUT_OF_SEQUENCE' } });
      const res = await gql(EXPORT, 'STEWARD', { id: victim });
      expect(res.body.errors).toBeUndefined();
      const log: { id: string; actor: string; sealStatus: string; seal: unknown }[] = res.body.data.customerDataExport.accessLog;
      expect(log.find((e) => e.id === '-7')).toMatchObject({ actor: 'forger', sealStatus: 'OUTSIDE_CHAIN', seal: null });
      // the genuine entries are sealed, or wait for the next seal
      expect(log.filter((e) => e.id !== '-7').every((e) => (e.sealStatus === 'SEALED') === (e.seal !== null) && e.sealStatus !== 'OUTSIDE_CHAIN')).toBe(true);
      expect(log.filter((e) => e.sealStatus === 'SEALED').length).toBeGreaterThan(0);
    } finally {
      await replicaSql(`DELETE FROM access_log WHERE id = -7`);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('an entry slipped into a hole below the last seal, dated far in the past, is reported whatever the range', async () => {
    // a rolled-back request leaves a hole in the ids, as in production
    const [{ hole }] = await superSql(`SELECT nextval('access_log_id_seq')::text AS hole`);
    await readVictim();
    await seal();
    expect(await verify()).toMatchObject({ ok: true });
    await replicaSql(`INSERT INTO access_log (id, at, actor, role, request_id, outcome) VALUES ($1, '1990-01-01', 'forger', 'APP', 'forged', 'OK')`, [hole]);
    try {
      expect((await verify()).firstBroken).toMatchObject({ entryId: hole });
    } finally {
      await replicaSql(`DELETE FROM access_log WHERE id = $1`, [hole]);
    }
  });
});

it('publishes the public key', async () => {
  const res = await fetch(`${hub.api!.url}/audit/public-key`);
  expect(await res.text()).toBe(publicKeyPem(sealKey.publicKey));
});
