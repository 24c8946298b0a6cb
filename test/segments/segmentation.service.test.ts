/**
 * Segmentation on the sample hub: the three real connectors, ingest and a match batch give
 * golden customers; a run gives every ACTIVE one all three segments with an explanation, the
 * values spread, a changed rule cut-off changes the next run, and a failing source fails the
 * run without writing anything.
 */
import 'reflect-metadata';
import type { Worker } from 'bullmq';
import { graphql } from 'graphql';
import type { Connector, SourceSystem } from '../../connectors/contract';
import { createQueueBackend, type QueueBackend } from '../../jobs/queue-backend';
import { SegmentsQueue } from '../../jobs/segments.queue';
import { startSegmentsWorker } from '../../jobs/segments.worker';
import type { Role } from '../../src/api/auth';
import type { RequestContext } from '../../src/api/context';
import { formatError } from '../../src/api/error-mapping';
import { RequestScope } from '../../src/api/request-scope';
import { buildHubSchema } from '../../src/server/schema';
import { PolicyGate } from '../../src/policy/policy-gate';
import { PolicyService } from '../../src/policy/policy.service';
import { SegmentRuleResolver } from '../../src/segments/segment-rule.resolver';
import { GoldenCustomer } from '../../src/golden/golden-customer.entity';
import { CustomerSegments } from '../../src/segments/segment.types';
import { SEGMENT_KINDS } from '../../src/segments/rules';
import { SegmentRuleService } from '../../src/segments/segment-rule.service';
import { HoldingsGateway } from '../../src/holdings/holdings.gateway';
import { SegmentationService } from '../../src/segments/segmentation.service';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../support/database';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';

// the sample's own "today": tenure and activity are measured against it
const SAMPLE_NOW = new Date('2026-01-01T00:00:00Z');

let hub: SampleHub;
let rules: SegmentRuleService;
const service = (connectors: ReadonlyMap<SourceSystem, Connector> = hub.connectors) =>
  new SegmentationService(hub.orm, new HoldingsGateway(connectors, 60_000), rules, { pageSize: 40, clock: () => SAMPLE_NOW });

beforeAll(async () => {
  hub = await startMatchedHub('segments', 150);
  rules = new SegmentRuleService(hub.orm);
});
afterAll(() => hub?.close());

const sql = <T>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);

interface Segmented {
  id: string;
  value_tier: string | null;
  risk_grade: string | null;
  lifecycle_stage: string | null;
  segment_explanation: { reasons: { segment: string; value: string; ruleId: number; description: string; facts: Record<string, unknown> }[]; sources: string[] } | null;
  segmented_at: string | null;
}
const activeGolden = () => sql<Segmented>(`SELECT id, value_tier, risk_grade, lifecycle_stage, segment_explanation, segmented_at FROM golden_customer WHERE status = 'ACTIVE' ORDER BY id`);

describe('segmentation of the sample hub', () => {
  it('gives every ACTIVE golden customer three segments, each explained by a stored rule, with values spread', async () => {
    const result = await service().segmentAll();
    const golden = await activeGolden();
    expect(golden.length).toBeGreaterThan(100);
    expect(result.customers).toBe(golden.length);
    expect(result.pages).toBe(Math.ceil(golden.length / 40));

    const ruleIds = new Set((await sql<{ id: number }>(`SELECT id FROM segment_rule`)).map((r) => r.id));
    for (const g of golden) {
      expect(g.value_tier).toMatch(/^(A|B|C)$/);
      expect(g.risk_grade).toMatch(/^(AAA|AA|A|BBB|BB|B|CCC)$/);
      expect(g.lifecycle_stage).toMatch(/^(NEW|GROWING|MATURE|DORMANT|CHURN_RISK)$/);
      expect(new Date(g.segmented_at!).toISOString()).toBe(SAMPLE_NOW.toISOString());
      const reasons = g.segment_explanation!.reasons;
      expect(reasons.map((r) => r.segment)).toEqual(SEGMENT_KINDS);
      expect(reasons.map((r) => r.value)).toEqual([g.value_tier, g.risk_grade, g.lifecycle_stage]);
      for (const r of reasons) {
        expect(ruleIds.has(r.ruleId)).toBe(true);
        expect(r.description.length).toBeGreaterThan(0);
      }
      expect(g.segment_explanation!.sources.length).toBeGreaterThan(0);
    }
    // a realistic spread: several values of each kind, none holding (almost) everyone
    for (const kind of SEGMENT_KINDS) {
      const counts = Object.values(result.distribution[kind]);
      expect(counts.length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...counts)).toBeLessThan(golden.length * 0.8);
    }
  });

  it('reads the rules from the table on every run: a lower tier-A cut-off moves customers into A', async () => {
    const tier = async () => new Map((await activeGolden()).map((g) => [g.id, g.value_tier]));
    const before = await tier();
    const [ruleA] = await sql<{ id: number }>(`SELECT id FROM segment_rule WHERE kind = 'VALUE_TIER' AND outcome = 'A'`);
    await rules.update(ruleA.id, { condition: { fact: 'totalBalance', gte: 20000 } }, 'test-admin');
    await service().segmentAll();
    const after = await tier();
    const promoted = [...after].filter(([id, t]) => t === 'A' && before.get(id) !== 'A');
    expect(promoted.length).toBeGreaterThan(0);
    // nobody leaves A when its cut-off is lowered
    expect([...before].filter(([id, t]) => t === 'A' && after.get(id) !== 'A')).toEqual([]);
    const [sample] = (await activeGolden()).filter((g) => g.id === promoted[0][0]);
    const reason = sample.segment_explanation!.reasons.find((r) => r.segment === 'VALUE_TIER')!;
    expect(reason).toMatchObject({ value: 'A', ruleId: ruleA.id });
    expect(reason.facts.totalBalance as number).toBeGreaterThanOrEqual(20000);
  });

  it('refuses a malformed rule change with BAD_USER_INPUT and keeps the stored rule', async () => {
    const [fallback] = await sql<{ id: number; condition: unknown }>(`SELECT id, condition FROM segment_rule WHERE kind = 'RISK_GRADE' AND outcome = 'AAA'`);
    await expect(rules.update(fallback.id, { condition: { fact: 'nope', gte: 1 } }, 'test-admin')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/unknown fact "nope"/) });
    // a fallback that no longer always matches would leave customers without a grade
    await expect(rules.update(fallback.id, { condition: { fact: 'maxDaysPastDue', eq: 0 } }, 'test-admin')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/fallback/) });
    const [stored] = await sql<{ condition: unknown }>(`SELECT condition FROM segment_rule WHERE id = ?`, [fallback.id]);
    expect(stored.condition).toEqual(fallback.condition);
  });

  it('a source that fails fails the run before its page is written', async () => {
    await sql(`UPDATE golden_customer SET value_tier = NULL, risk_grade = NULL, lifecycle_stage = NULL, segment_explanation = NULL, segmented_at = NULL`);
    const failingLoans: Connector = { ...hub.connectors.get('loans')!, system: 'loans', lookupHoldings: () => Promise.reject(new Error('connection refused')) } as Connector;
    const connectors = new Map(hub.connectors);
    connectors.set('loans', failingLoans);
    await expect(service(connectors).segmentAll()).rejects.toThrow(/holdings lookup failed for source system loans/);
    const golden = await activeGolden();
    // pages before the first one with a loans record may be written; that page and later ones are not
    const firstWithLoans = (await sql<{ golden_id: string }>(`SELECT min(golden_id::text) AS golden_id FROM source_record WHERE system = 'loans' AND NOT deleted`))[0].golden_id;
    expect(golden.filter((g) => g.id >= firstWithLoans).every((g) => g.value_tier === null && g.segment_explanation === null)).toBe(true);
  });

  it('CustomerSegments.from gives the stored segments and explanation, and null before any run', async () => {
    const em = hub.orm.em.fork();
    const unsegmented = await em.findOneOrFail(GoldenCustomer, { status: 'ACTIVE', valueTier: null });
    expect(CustomerSegments.from(unsegmented, unsegmented.id)).toBeNull();
    await service().segmentCustomers([unsegmented.id]);
    const golden = await hub.orm.em.fork().findOneOrFail(GoldenCustomer, { id: unsegmented.id });
    const segments = CustomerSegments.from(golden, golden.id)!;
    expect(segments).toMatchObject({ valueTier: golden.valueTier, riskGrade: golden.riskGrade, lifecycleStage: golden.lifecycleStage, computedAt: SAMPLE_NOW });
    expect(segments.explanation.map((r) => r.segment)).toEqual(SEGMENT_KINDS);
    expect(segments.sources.length).toBeGreaterThan(0);
  });
});

describe('segments jobs on Redis', () => {
  let backend: QueueBackend;
  let worker: Worker | undefined;
  beforeAll(async () => {
    backend = await createQueueBackend({ kind: 'redis', url: TEST_REDIS_URL, prefix: uniqueRedisPrefix('segments') });
  });
  afterAll(async () => {
    await worker?.close();
    await backend?.close();
  });

  const waitForState = async (queue: SegmentsQueue, id: string, states: string[], ms = 30_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const state = await queue.queue.getJobState(id);
      if (states.includes(state)) return state;
      if (Date.now() > until) throw new Error(`job ${id} still ${state}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('segment-all retries after a source failure and then segments every ACTIVE golden customer', async () => {
    await sql(`UPDATE golden_customer SET value_tier = NULL, risk_grade = NULL, lifecycle_stage = NULL, segment_explanation = NULL, segmented_at = NULL`);
    const loans = hub.connectors.get('loans')!;
    let calls = 0;
    const flakyLoans = { system: 'loans', lookupHoldings: (keys: readonly string[]) => (++calls === 1 ? Promise.reject(new Error('timeout')) : loans.lookupHoldings(keys)) } as Connector;
    const queue = new SegmentsQueue(backend, 3);
    worker = startSegmentsWorker({ backend, segmentation: service(new Map([...hub.connectors, ['loans', flakyLoans]])), lockDurationMs: 10_000 });
    const jobId = (await queue.requestAll('manual'))!;
    // asked again while it waits or runs: the same job
    expect(await queue.requestAll('manual')).toBe(jobId);
    expect(await waitForState(queue, jobId, ['completed', 'failed'])).toBe('completed');
    expect((await queue.queue.getJob(jobId))?.attemptsMade).toBe(2);
    const golden = await activeGolden();
    expect(golden.every((g) => g.value_tier && g.risk_grade && g.lifecycle_stage)).toBe(true);
  });

  it('a segment-customers job with bad ids fails at once, without retries', async () => {
    const queue = new SegmentsQueue(backend, 5);
    const job = await queue.queue.add('segment-customers', { kind: 'customers', goldenIds: ["1'; DROP TABLE x"] }, { attempts: 5 });
    expect(await waitForState(queue, job.id!, ['completed', 'failed'])).toBe('failed');
    expect((await queue.queue.getJob(job.id!))?.attemptsMade).toBe(1);
  });
});

describe('segment rules through GraphQL', () => {
  const run = async (role: Role, source: string, variableValues?: Record<string, unknown>) => {
    const requested: string[] = [];
    const segmentRules = new SegmentRuleService(hub.orm, { requestAll: async (t) => (requested.push(t), 'job-1') });
    const contextValue = { principal: { subject: `test-${role}`, role, purposes: [] }, requestId: 'r', scope: new RequestScope() } as unknown as RequestContext;
    // segmentation's resolver alone: a partial schema, as only tests build
    const schema = await buildHubSchema({ resolvers: [new SegmentRuleResolver(segmentRules)], gate: new PolicyGate(new PolicyService(hub.orm)) });
    const result = await graphql({ schema, source, variableValues, contextValue });
    return { data: result.data as any, codes: (result.errors ?? []).map((e) => formatError(e.toJSON(), e).extensions?.code), requested };
  };
  const update = `mutation($id: Int!, $input: SegmentRuleInput!) { updateSegmentRule(id: $id, input: $input) { id priority condition updatedBy } }`;

  it('lists the rules for auditors and stewards, in order, but lets only admins change them', async () => {
    const listed = await run('AUDITOR', `{ segmentRules { id kind outcome priority condition description active } }`);
    expect(listed.codes).toEqual([]);
    const tiers = listed.data.segmentRules.filter((r: { kind: string }) => r.kind === 'VALUE_TIER');
    expect(tiers.map((r: { outcome: string }) => r.outcome)).toEqual(['A', 'B', 'C']);
    expect(tiers[2].condition).toEqual({ always: true });
    expect((await run('STEWARD', update, { id: tiers[1].id, input: { priority: 15 } })).codes).toEqual(['FORBIDDEN']);
    expect((await run('APP', `{ segmentRules { id } }`)).codes).toEqual(['FORBIDDEN']);
  });

  it('an admin change is stored with its author; a malformed condition is BAD_USER_INPUT', async () => {
    const [ruleB] = await sql<{ id: number }>(`SELECT id FROM segment_rule WHERE kind = 'VALUE_TIER' AND outcome = 'B'`);
    const ok = await run('ADMIN', update, { id: ruleB.id, input: { condition: { fact: 'totalBalance', gte: 60000 } } });
    expect(ok.codes).toEqual([]);
    expect(ok.data.updateSegmentRule).toMatchObject({ id: ruleB.id, condition: { fact: 'totalBalance', gte: 60000 }, updatedBy: 'test-ADMIN' });
    const bad = await run('ADMIN', update, { id: ruleB.id, input: { condition: { all: [{ fact: 'totalBalance', atLeast: 1 }] } } });
    expect(bad.codes).toEqual(['BAD_USER_INPUT']);
  });

  it('runSegmentation queues a full run for admins only', async () => {
    const admin = await run('ADMIN', `mutation { runSegmentation { jobId } }`);
    expect(admin.data.runSegmentation.jobId).toBe('job-1');
    expect(admin.requested).toEqual(['manual']);
    const steward = await run('STEWARD', `mutation { runSegmentation { jobId } }`);
    expect(steward.codes).toEqual(['FORBIDDEN']);
    expect(steward.requested).toEqual([]);
  });
});
