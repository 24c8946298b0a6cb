/** The minimal API through HTTP: auth, roles, sourceSystems, sourceRecord, sync requests, health. */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { IngestQueues } from '../../jobs/ingest.queue';
import { createQueueBackend, type QueueBackend } from '../../jobs/queue-backend';
import { signToken, type Role } from '../../src/api/auth';
import { startApi, type RunningApi } from '../../src/server/server';
import { IngestService } from '../../src/ingest/ingest.service';
import { SourceSystemService } from '../../src/ingest/source-system.service';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { postGraphQL } from '../support/graphql-client';
import { startSampleHub, type SampleHub } from '../support/sample-hub';
import { hubApi, hubServices } from '../support/hub-services';

const operations = readFileSync(join(__dirname, '..', '..', 'schema', 'operations', 'source-systems.graphql'), 'utf8');
const keys = { secret: 'test-secret-test-secret-test-secret!', issuer: 'customer-hub' };
const token = (role: Role) => signToken(keys, { subject: `test-${role}`, role, purposes: ['SERVICE'] });

let hub: SampleHub;
let api: RunningApi;
let backend: QueueBackend;
let queues: IngestQueues;

beforeAll(async () => {
  hub = await startSampleHub('api_source_systems', 200);
  const ingest = new IngestService(hub.orm);
  for (const system of SOURCE_SYSTEMS) await ingest.sync(hub.connectors.get(system)!, { pageSize: 100 });
  backend = await createQueueBackend({ kind: 'redis', url: TEST_REDIS_URL, prefix: uniqueRedisPrefix('api') });
  queues = new IngestQueues(backend, SOURCE_SYSTEMS, { attempts: 1 });
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: false,
    ...hubApi(hubServices(hub.orm, hub.connectors, { sourceSystems: new SourceSystemService(hub.orm, hub.connectors, queues) })),
  });
});
afterAll(async () => {
  await api?.close();
  await backend?.close();
  await hub?.close();
});

const call = (operationName: string, token?: string, variables?: Record<string, unknown>) =>
  postGraphQL(api.graphqlUrl, operations, { operationName, token, variables, purpose: 'SERVICE' }) as Promise<{ status: number; body: any }>;

describe('authentication', () => {
  it('answers 401 UNAUTHENTICATED without a token, with a bad one, and with another key', async () => {
    const forged = signToken({ ...keys, secret: 'another-secret-another-secret-another' }, { subject: 'x', role: 'ADMIN', purposes: [] });
    for (const t of [undefined, 'not-a-jwt', forged]) {
      const res = await call('SourceSystems', t);
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.body.data).toBeUndefined();
    }
  });

  it('refuses a role without access with FORBIDDEN', async () => {
    const res = await call('SourceSystems', token('APP'));
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.data).toBeNull();
    const record = await call('SourceRecord', token('AUDITOR'), { system: 'CORE_BANKING', key: 'C0000000001' });
    expect(record.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('sourceSystems', () => {
  it('reports each connector with its figures and health', async () => {
    const res = await call('SourceSystems', token('STEWARD'));
    expect(res.body.errors).toBeUndefined();
    const systems = res.body.data.sourceSystems;
    expect(systems.map((s: any) => s.system).sort()).toEqual(['CARDS', 'CORE_BANKING', 'LOANS']);
    const expected = await hub.sourceRowCounts();
    const byCode = { CORE_BANKING: 'core_banking', CARDS: 'cards', LOANS: 'loans' } as const;
    for (const s of systems) {
      expect(s).toMatchObject({ status: 'IDLE', health: { ok: true }, lastError: null });
      expect(s.caughtUpAt).toEqual(expect.any(String));
      expect(s.lastRun.rowsSeen).toBe(expected[byCode[s.system as keyof typeof byCode]]);
      expect(s.records).toBe(s.lastRun.rowsChanged);
      // open quarantine per reason (FUTURE_TIMESTAMP, UNSTORABLE_VALUE, …) adds up to the open total
      expect(s.openQuarantineByReason.reduce((n: number, q: { count: number }) => n + q.count, 0)).toBe(s.openQuarantine);
      for (const q of s.openQuarantineByReason) expect(q.count).toBeGreaterThan(0);
    }
    expect(systems.flatMap((s: any) => s.openQuarantineByReason.map((q: any) => q.reason)).length).toBeGreaterThan(0);
  });
});

describe('sourceRecord', () => {
  it('returns the raw and standardized record', async () => {
    const [{ source_key }] = await hub.orm.em.fork().execute<{ source_key: string }[]>(
      `SELECT source_key FROM source_record WHERE system = 'loans' AND cardinality(phones) > 0 LIMIT 1`,
    );
    const res = await call('SourceRecord', token('STEWARD'), { system: 'LOANS', key: source_key });
    expect(res.body.errors).toBeUndefined();
    const r = res.body.data.sourceRecord;
    expect(r).toMatchObject({ system: 'LOANS', sourceKey: source_key });
    expect(r.phones[0]).toMatch(/^\+\d{8,15}$/);
    expect(String(r.raw.borrower_id)).toBe(source_key);
  });

  it('answers NOT_FOUND for an unknown key and a typed error for an unknown system', async () => {
    const missing = await call('SourceRecord', token('STEWARD'), { system: 'CARDS', key: 'CH-NOPE' });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const bad = await call('SourceRecord', token('ADMIN'), { system: 'MAINFRAME', key: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('syncSourceSystem', () => {
  it('queues one sync for admins, deduplicated while it waits', async () => {
    const first = await call('SyncSourceSystem', token('ADMIN'), { system: 'CARDS' });
    const second = await call('SyncSourceSystem', token('ADMIN'), { system: 'CARDS' });
    expect(first.body.data.syncSourceSystem.jobId).toEqual(expect.any(String));
    expect(second.body.data.syncSourceSystem.jobId).toBe(first.body.data.syncSourceSystem.jobId);
    expect(await queues.queue('cards').getWaitingCount()).toBe(1);
    const steward = await call('SyncSourceSystem', token('STEWARD'), { system: 'CARDS' });
    expect(steward.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('health', () => {
  it('answers on HTTP without a token and in GraphQL', async () => {
    const res = await fetch(`${api.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, database: true });
    const gql = await postGraphQL(api.graphqlUrl, '{ health { ok database } }', { token: token('APP') });
    expect(gql.body.data).toEqual({ health: { ok: true, database: true } });
  });
});
