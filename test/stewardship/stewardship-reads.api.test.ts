/**
 * The steward's reads through the real API on a matched sample hub (issue E, items 1, 5 and 8).
 * The review queue: most useful first by the stored review priority, filters, keyset pages, the
 * score term by term, what a merge would change, the policy gate and the access log; only
 * STEWARD under the purpose DATA_QUALITY. History: `customer(id, asOf)` before and after an
 * attribute change and before the customer existed.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { signToken, type Role } from '../../src/api/auth';
import { startApi, type RunningApi } from '../../src/server/server';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../../src/golden/survivorship/survivorship-policy';
import { DEFAULT_MATCH_SETTINGS } from '../../src/matching/engine/index';
import { reviewPriority } from '../../src/matching/engine/review-priority';
import { BatchMatcher } from '../../src/matching/batch-match.service';
import { IncrementalMatcher } from '../../src/matching/incremental-match.service';
import { MatchingRepository } from '../../src/matching/matching.repository';
import { IngestService } from '../../src/ingest/ingest.service';
import { SCHEMAS } from '../support/sample-hub';
import { FieldConflictsService } from '../../src/stewardship/field-conflicts.service';
import { FieldOverridesService } from '../../src/stewardship/field-overrides.service';
import { ReviewQueueService } from '../../src/stewardship/review-queue.service';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';
import { auditedHubApi } from '../support/hub-services';

const keys = { secret: 'test-secret-test-secret-test-secret!', issuer: 'customer-hub' };
const token = (role: Role, purposes: string[]) => signToken(keys, { subject: `queue-${role.toLowerCase()}`, role, purposes });
/** thresholds of the re-match below */
const SETTINGS = { ...DEFAULT_MATCH_SETTINGS, autoLinkProbability: 0.9999, reviewProbability: 0.05 };
const STEWARD = token('STEWARD', ['SERVICE', 'DATA_QUALITY']);

let hub: SampleHub;
let orm: MikroORM;
let api: RunningApi;

async function gql(query: string, { auth = STEWARD, purpose = 'DATA_QUALITY', variables = {} }: { auth?: string; purpose?: string; variables?: Record<string, unknown> } = {}) {
  const requestId = `queue-${randomUUID()}`;
  const res = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}`, 'x-purpose': purpose, 'x-request-id': requestId },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }, requestId };
}
const sql = <T = any>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);

const QUEUE = `query Queue($status: CandidateStatus, $min: Float, $max: Float, $system: SourceSystem, $first: Int, $after: String) {
  matchCandidates(status: $status, minProbability: $min, maxProbability: $max, system: $system, first: $first, after: $after) {
    edges { cursor node { id status probability weight reviewPriority
      left { id system sourceKey nationalId phones } right { id system sourceKey nationalId phones }
      terms { field level weight left { value } right { value } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

beforeAll(async () => {
  hub = await startMatchedHub('review_queue', 400);
  orm = hub.orm;
  // the sample's pairs are mostly clear-cut: a wider review band gives the queue pages to turn
  await new BatchMatcher(orm, { match: SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY }).run();
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: false,
    ...auditedHubApi(orm, hub.connectors, { reviewQueue: new ReviewQueueService(orm, DEFAULT_SURVIVORSHIP_POLICY, 100), fieldConflicts: new FieldConflictsService(orm), fieldOverrides: new FieldOverridesService(orm, DEFAULT_SURVIVORSHIP_POLICY) }),
  });
}, 300_000);

afterAll(async () => {
  await api?.close();
  await hub?.close();
});

describe('matchCandidates', () => {
  it('stores each REVIEW pair’s priority from its weight and the records a merge would join (both customers’, or the one they share)', async () => {
    const rows = await sql<{ weight: number; review_priority: number; n: number; together: boolean }>(
      `SELECT c.weight, c.review_priority,
              (SELECT count(*) FROM source_record s WHERE NOT s.deleted AND s.golden_id IN (ra.golden_id, rb.golden_id))::int AS n,
              (ra.golden_id = rb.golden_id) AS together
       FROM match_candidate c JOIN source_record ra ON ra.id = c.record_a JOIN source_record rb ON rb.id = c.record_b
       WHERE c.status = 'REVIEW'`,
    );
    expect(rows.length).toBeGreaterThan(8);
    for (const r of rows) expect(r.review_priority).toBeCloseTo(reviewPriority(r.weight, SETTINGS, { records: r.n, together: r.together }), 9);
    const [{ outside }] = await sql(`SELECT count(*)::int AS outside FROM match_candidate WHERE status <> 'REVIEW' AND review_priority <> 0`);
    expect(outside).toBe(0);
  });

  it('answers the REVIEW pairs most useful first, page by page, each once', async () => {
    const expected = await sql<{ id: string }>(`SELECT id::text AS id FROM match_candidate WHERE status = 'REVIEW' ORDER BY review_priority DESC, id DESC`);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await gql(QUEUE, { variables: { first: 3, after } });
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data.matchCandidates;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected.map((r) => r.id));
    const priorities = (await gql(QUEUE, { variables: { first: 100 } })).body.data.matchCandidates.edges.map((e: any) => e.node.reviewPriority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(priorities[0]).toBeGreaterThan(0);
  });

  it('filters by probability, status and system', async () => {
    const all = (await gql(QUEUE, { variables: { first: 100 } })).body.data.matchCandidates.edges.map((e: any) => e.node);
    const probabilities = all.map((n: any) => n.probability).sort((a: number, b: number) => a - b);
    const mid = probabilities[Math.floor(probabilities.length / 2)];
    const high = (await gql(QUEUE, { variables: { first: 100, min: mid } })).body.data.matchCandidates.edges.map((e: any) => e.node);
    expect(high.length).toBe(all.filter((n: any) => n.probability >= mid).length);
    expect(high.every((n: any) => n.probability >= mid)).toBe(true);
    const low = (await gql(QUEUE, { variables: { first: 100, max: mid } })).body.data.matchCandidates.edges.map((e: any) => e.node);
    expect(low.every((n: any) => n.probability <= mid)).toBe(true);

    const cards = (await gql(QUEUE, { variables: { first: 100, system: 'CARDS' } })).body.data.matchCandidates.edges.map((e: any) => e.node);
    expect(cards.length).toBe(all.filter((n: any) => n.left.system === 'CARDS' || n.right.system === 'CARDS').length);

    const linked = (await gql(QUEUE, { variables: { first: 5, status: 'AUTO_LINK' } })).body.data.matchCandidates.edges.map((e: any) => e.node);
    expect(linked.length).toBe(5);
    expect(linked.every((n: any) => n.status === 'AUTO_LINK' && n.reviewPriority === 0)).toBe(true);

    const bad = await gql(QUEUE, { variables: { first: 5, min: 1.5 } });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await gql(QUEUE, { variables: { first: 5, after: 'bm90LWEtY3Vyc29y' } });
    expect(badCursor.body.errors?.[0].extensions?.code).toBe('INVALID_CURSOR');
  });

  it('shows both records side by side and explains the score term by term', async () => {
    const [node] = (await gql(QUEUE, { variables: { first: 1 } })).body.data.matchCandidates.edges.map((e: any) => e.node);
    const [stored] = await sql(`SELECT record_a::text AS a, record_b::text AS b, explanation FROM match_candidate WHERE id = ?`, [node.id]);
    expect([node.left.id, node.right.id]).toEqual([stored.a, stored.b]);
    const [a] = await sql(`SELECT national_id, phones FROM source_record WHERE id = ?`, [stored.a]);
    expect(node.left.nationalId).toBe(a.national_id); // STEWARD/DATA_QUALITY reads ids in full
    expect(node.terms).toEqual(
      stored.explanation.terms.map((t: any) => ({ field: t.field, level: t.level, weight: t.weight, left: { value: t.left ?? null }, right: { value: t.right ?? null } })),
    );
    const sum = node.terms.reduce((s: number, t: any) => s + t.weight, 0);
    expect(sum).toBeCloseTo(node.weight, 6);
  });

  it('lists the golden fields a merge would change, per side, from survivorship over both customers', async () => {
    const res = await gql(`query { matchCandidates(first: 10) { edges { node { id left { id } right { id } wouldChange { field side customerId before after } } } } }`);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.matchCandidates.edges.map((e: any) => e.node);
    const changes = nodes.flatMap((n: any) => n.wouldChange);
    expect(changes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      const goldens = await sql(`SELECT id::text AS id, golden_id FROM source_record WHERE id IN (?, ?)`, [n.left.id, n.right.id]);
      const goldenOf = new Map(goldens.map((g: any) => [g.id, g.golden_id]));
      for (const c of n.wouldChange) {
        expect(c.customerId).toBe(goldenOf.get(c.side === 'LEFT' ? n.left.id : n.right.id));
        const [g] = await sql(`SELECT attributes FROM golden_customer WHERE id = ?`, [c.customerId]);
        // before is what the customer holds now, after differs from it
        for (const [attribute, value] of Object.entries(c.before)) expect(g.attributes[attribute] ?? null).toEqual(value);
        expect(c.after).not.toEqual(c.before);
      }
    }
  });

  it('is only for stewards under DATA_QUALITY, and every read is in the access log', async () => {
    const ok = await gql(QUEUE, { variables: { first: 2 } });
    const nodes = ok.body.data.matchCandidates.edges.map((e: any) => e.node);
    const entries = await sql(`SELECT subject_id, purpose, fields_returned, outcome FROM access_log WHERE request_id = ?`, [ok.requestId]);
    const goldens = await sql(`SELECT DISTINCT golden_id FROM source_record WHERE id = ANY(?::bigint[])`, [`{${nodes.flatMap((n: any) => [n.left.id, n.right.id]).join(',')}}`]);
    expect(new Set(entries.map((e: any) => e.subject_id))).toEqual(new Set(goldens.map((g: any) => g.golden_id)));
    expect(entries.every((e: any) => e.purpose === 'DATA_QUALITY' && e.outcome === 'OK')).toBe(true);
    expect(entries.flatMap((e: any) => e.fields_returned)).toEqual(expect.arrayContaining(['SourceRecord.nationalId', 'ComparedValue.value']));

    // a steward whose token lacks DATA_QUALITY, or who declares another purpose
    const lacking = await gql(QUEUE, { auth: token('STEWARD', ['SERVICE']), variables: { first: 2 } });
    expect(lacking.status).toBe(403);
    const otherPurpose = await gql(QUEUE, { purpose: 'SERVICE', variables: { first: 2 } });
    expect(otherPurpose.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(otherPurpose.body.data?.matchCandidates ?? null).toBeNull();
    // an app, even one allowed the purpose
    const app = await gql(QUEUE, { auth: token('APP', ['DATA_QUALITY']), variables: { first: 2 } });
    expect(app.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(app.body.data?.matchCandidates ?? null).toBeNull();
    for (const refused of [otherPurpose, app]) {
      const logged = await sql(`SELECT outcome, subject_id FROM access_log WHERE request_id = ?`, [refused.requestId]);
      expect(logged).toEqual([{ outcome: 'DENIED', subject_id: null }]);
    }
  });
});

describe('fieldConflicts', () => {
  it('lists the fields where a customer’s linked records disagree, each value with its source and age, and logs the read', async () => {
    // a customer whose linked records hold two different dates of birth
    const [target] = await sql(
      `SELECT golden_id FROM source_record WHERE golden_id IS NOT NULL AND NOT deleted AND date_of_birth IS NOT NULL
       GROUP BY golden_id HAVING count(DISTINCT date_of_birth) > 1 ORDER BY golden_id LIMIT 1`,
    );
    expect(target).toBeDefined();
    const res = await gql(`query C($id: String!) { fieldConflicts(customerId: $id) { field values { value system sourceKey recordId sourceUpdatedAt ageDays survived } } }`, {
      variables: { id: target.golden_id },
    });
    expect(res.body.errors).toBeUndefined();
    const conflicts = res.body.data.fieldConflicts;
    const dob = conflicts.find((c: any) => c.field === 'DATE_OF_BIRTH');
    const stored = await sql(`SELECT id::text AS id, system, source_key, date_of_birth FROM source_record WHERE golden_id = ? AND NOT deleted AND date_of_birth IS NOT NULL`, [target.golden_id]);
    expect(dob.values.map((v: any) => v.recordId).sort()).toEqual(stored.map((r: any) => r.id).sort());
    for (const v of dob.values) {
      const r = stored.find((s: any) => s.id === v.recordId);
      expect(v.value).toEqual({ dateOfBirth: r.date_of_birth });
      expect(v.sourceKey).toBe(r.source_key);
      expect(v.ageDays).toBeGreaterThanOrEqual(0);
    }
    const [{ attributes }] = await sql(`SELECT attributes FROM golden_customer WHERE id = ?`, [target.golden_id]);
    expect(dob.values.filter((v: any) => v.survived).map((v: any) => v.value.dateOfBirth)).toContain(attributes.dateOfBirth);
    // a field every record agrees on is no conflict
    for (const c of conflicts) expect(new Set(c.values.map((v: any) => JSON.stringify(v.value))).size).toBeGreaterThan(1);

    const entries = await sql(`SELECT subject_id, purpose, fields_returned FROM access_log WHERE request_id = ?`, [res.requestId]);
    expect(entries).toEqual([{ subject_id: target.golden_id, purpose: 'DATA_QUALITY', fields_returned: expect.arrayContaining(['ConflictValue.value', 'ConflictValue.sourceKey']) }]);

    const refused = await gql(`query C($id: String!) { fieldConflicts(customerId: $id) { field } }`, { purpose: 'SERVICE', variables: { id: target.golden_id } });
    expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('customer(id, asOf)', () => {
  const READ = `query Read($id: String!, $asOf: DateTime) { customer(id: $id, asOf: $asOf) { id status asOf emails dateOfBirth provenance { field rule }
    history { type actor reason after } } }`;
  const NEW_EMAIL = 'as.of.test@example.com';

  it('every golden customer’s history starts with a snapshot of what it was created with', async () => {
    const [{ missing, created }] = await sql(
      `SELECT count(*) FILTER (WHERE after IS NULL)::int AS missing, count(*)::int AS created FROM golden_event WHERE type = 'CREATED'`,
    );
    expect(created).toBeGreaterThan(100);
    expect(missing).toBe(0);
  });

  it('answers as the customer was before and after an attribute change, and NOT_FOUND before it existed', async () => {
    const [target] = await sql(
      `SELECT s.source_key, s.golden_id, g.created_at, g.attributes FROM source_record s JOIN golden_customer g ON g.id = s.golden_id
       WHERE s.system = 'core_banking' AND g.status = 'ACTIVE' ORDER BY s.id LIMIT 1`,
    );
    const [{ before }] = await sql(`SELECT clock_timestamp() AS before`);
    await new Promise((r) => setTimeout(r, 20));
    // the bank changes the customer's e-mail; the hub syncs and matches the changed record
    await hub.sources.query(`UPDATE ${SCHEMAS.coreBanking}.cif_customer SET email = $2, last_maint_ts = clock_timestamp() WHERE cif_no = $1`, [target.source_key, NEW_EMAIL]);
    await new IngestService(orm).sync(hub.connectors.get('core_banking')!, { pageSize: 500 });
    const pending = await new MatchingRepository(orm.em.fork()).pendingIds(1000);
    await new IncrementalMatcher(orm, { match: SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY }).matchRecords(pending);

    const now = await gql(READ, { purpose: 'SERVICE', variables: { id: target.golden_id } });
    expect(now.body.errors).toBeUndefined();
    expect(now.body.data.customer.emails).toContain(NEW_EMAIL);
    const change = now.body.data.customer.history.find((e: any) => e.type === 'ATTRIBUTES_CHANGED');
    expect(change).toMatchObject({ actor: 'matcher' });

    const then = await gql(READ, { purpose: 'SERVICE', variables: { id: target.golden_id, asOf: new Date(before).toISOString() } });
    expect(then.body.errors).toBeUndefined();
    expect(then.body.data.customer.asOf).toBe(new Date(before).toISOString());
    expect(then.body.data.customer.emails).toEqual(target.attributes.emails);
    expect(then.body.data.customer.emails).not.toContain(NEW_EMAIL);
    expect(then.body.data.customer.dateOfBirth).toBe(target.attributes.dateOfBirth);
    // provenance is only shown for fields that still hold the value they held then
    expect(then.body.data.customer.provenance.map((p: any) => p.field)).not.toContain('EMAILS');

    const later = await gql(READ, { purpose: 'SERVICE', variables: { id: target.golden_id, asOf: new Date().toISOString() } });
    expect(later.body.data.customer.emails).toEqual(now.body.data.customer.emails);

    const created = new Date(target.created_at);
    const unborn = await gql(READ, { purpose: 'SERVICE', variables: { id: target.golden_id, asOf: new Date(created.getTime() - 1000).toISOString() } });
    expect(unborn.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(unborn.body.data?.customer ?? null).toBeNull();
  });
});

describe('overrideField and clearOverride', () => {
  const OVERRIDE = `mutation O($id: String!, $value: JSONObject!, $v: Int!) {
    overrideField(customerId: $id, field: DATE_OF_BIRTH, value: $value, reason: "id card seen at branch", expectedVersion: $v) { id version dateOfBirth } }`;
  const CLEAR = `mutation C($id: String!, $v: Int!) { clearOverride(customerId: $id, field: DATE_OF_BIRTH, reason: "override no longer needed", expectedVersion: $v) { id version dateOfBirth } }`;
  const READ = `query R($id: String!) { customer(id: $id) { id version dateOfBirth provenance { field rule actor reason system recordId }
    history { type actor reason before after } } }`;
  const STEWARD_DOB = '1901-02-03';

  async function rematchChanged(): Promise<void> {
    await new IngestService(orm).sync(hub.connectors.get('core_banking')!, { pageSize: 500 });
    const pending = await new MatchingRepository(orm.em.fork()).pendingIds(1000);
    await new IncrementalMatcher(orm, { match: SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY }).matchRecords(pending);
  }
  const read = async (id: string) => {
    const res = await gql(READ, { variables: { id } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.customer;
  };

  it('a steward’s value sticks through a re-ingest of a changed record and a batch, until cleared; a stale version changes nothing', async () => {
    const [target] = await sql(
      `SELECT s.source_key, s.golden_id FROM source_record s JOIN golden_customer g ON g.id = s.golden_id
       WHERE s.system = 'core_banking' AND g.status = 'ACTIVE' AND s.date_of_birth IS NOT NULL ORDER BY s.id DESC LIMIT 1`,
    );
    const before = await read(target.golden_id);

    const set = await gql(OVERRIDE, { variables: { id: target.golden_id, value: { dateOfBirth: STEWARD_DOB }, v: before.version } });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data.overrideField).toMatchObject({ dateOfBirth: STEWARD_DOB, version: before.version + 1 });
    const logged = await sql(`SELECT purpose, fields_returned, subject_id FROM access_log WHERE request_id = ? ORDER BY id`, [set.requestId]);
    expect(logged).toEqual(expect.arrayContaining([{ purpose: 'DATA_QUALITY', fields_returned: ['Mutation.overrideField'], subject_id: null }]));

    // a second steward still holding the old version
    const stale = await gql(OVERRIDE, { variables: { id: target.golden_id, value: { dateOfBirth: '1902-01-01' }, v: before.version } });
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: before.version + 1 });
    let now = await read(target.golden_id);
    expect(now).toMatchObject({ version: before.version + 1, dateOfBirth: STEWARD_DOB });
    expect(now.history.filter((e: any) => e.type === 'OVERRIDE_SET')).toHaveLength(1);
    expect(now.provenance.find((p: any) => p.field === 'DATE_OF_BIRTH')).toEqual({
      field: 'DATE_OF_BIRTH', rule: 'STEWARD_OVERRIDE', actor: 'queue-steward', reason: 'id card seen at branch', system: null, recordId: null,
    });
    const bad = await gql(OVERRIDE, { variables: { id: target.golden_id, value: { phones: ['+8613800000000'] }, v: now.version } });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // the bank changes the record's birth date; the hub re-ingests and re-matches it, then runs a batch
    await hub.sources.query(`UPDATE ${SCHEMAS.coreBanking}.cif_customer SET birth_dt = '1950-05-05', last_maint_ts = clock_timestamp() WHERE cif_no = $1`, [target.source_key]);
    await rematchChanged();
    const [{ dob }] = await sql(`SELECT date_of_birth AS dob FROM source_record WHERE system = 'core_banking' AND source_key = ?`, [target.source_key]);
    expect(dob).toBe('1950-05-05');
    expect((await read(target.golden_id)).dateOfBirth).toBe(STEWARD_DOB);
    await new BatchMatcher(orm, { match: SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY }).run();
    now = await read(target.golden_id);
    expect(now.dateOfBirth).toBe(STEWARD_DOB);

    const cleared = await gql(CLEAR, { variables: { id: target.golden_id, v: now.version } });
    expect(cleared.body.errors).toBeUndefined();
    const linked = await sql(`SELECT date_of_birth FROM source_record WHERE golden_id = ? AND NOT deleted`, [target.golden_id]);
    expect(linked.map((r: any) => r.date_of_birth)).toContain(cleared.body.data.clearOverride.dateOfBirth);
    expect(cleared.body.data.clearOverride.dateOfBirth).not.toBe(STEWARD_DOB);
    const after = await read(target.golden_id);
    expect(after.provenance.find((p: any) => p.field === 'DATE_OF_BIRTH').rule).not.toBe('STEWARD_OVERRIDE');
    const events = after.history.filter((e: any) => e.type.startsWith('OVERRIDE_'));
    expect(events.map((e: any) => [e.type, e.actor, e.reason])).toEqual([
      ['OVERRIDE_CLEARED', 'queue-steward', 'override no longer needed'],
      ['OVERRIDE_SET', 'queue-steward', 'id card seen at branch'],
    ]);
    expect(events[1].after.dateOfBirth).toBe(STEWARD_DOB);
    expect(events[0].before.dateOfBirth).toBe(STEWARD_DOB);

    // the override is gone: a second clear is NOT_FOUND, and the batch's survivorship rules again
    const again = await gql(CLEAR, { variables: { id: target.golden_id, v: after.version } });
    expect(again.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await read(target.golden_id)).version).toBe(after.version);
  });
});

// last: its batch links every pair above 6 %, which merges many customers
describe('a merge of a customer with an override', () => {
  it('hands the absorbed customer’s override to the survivor; the absorbed id as of before the merge answers as it was', async () => {
    const [pair] = await sql(
      `SELECT ra.golden_id AS ga, rb.golden_id AS gb FROM match_candidate c
       JOIN source_record ra ON ra.id = c.record_a JOIN source_record rb ON rb.id = c.record_b
       JOIN golden_customer a ON a.id = ra.golden_id JOIN golden_customer b ON b.id = rb.golden_id
       WHERE c.status = 'REVIEW' AND c.probability > 0.5 AND a.id <> b.id AND a.record_count = 1 AND b.record_count = 1
       ORDER BY c.id LIMIT 1`,
    );
    expect(pair).toBeDefined();
    // the newer of the two is absorbed (stable ids keep the older)
    const [absorbed] = await sql(`SELECT id, version FROM golden_customer WHERE id IN (?, ?) ORDER BY created_at DESC, id DESC LIMIT 1`, [pair.ga, pair.gb]);
    const set = await gql(
      `mutation O($id: String!, $v: Int!) { overrideField(customerId: $id, field: DATE_OF_BIRTH, value: {dateOfBirth: "1903-03-03"}, reason: "passport", expectedVersion: $v) { dateOfBirth } }`,
      { variables: { id: absorbed.id, v: absorbed.version } },
    );
    expect(set.body.errors).toBeUndefined();
    const [{ before }] = await sql(`SELECT clock_timestamp() AS before`);

    await new BatchMatcher(orm, { match: { ...SETTINGS, autoLinkProbability: 0.06 }, survivorship: DEFAULT_SURVIVORSHIP_POLICY }).run();

    const READ = `query R($id: String!, $asOf: DateTime) { customer(id: $id, asOf: $asOf) { id redirectedFrom dateOfBirth provenance { field rule actor reason } } }`;
    const now = (await gql(READ, { variables: { id: absorbed.id } })).body.data.customer;
    expect(now.redirectedFrom).toBe(absorbed.id);
    expect(now.id).not.toBe(absorbed.id);
    expect(now.dateOfBirth).toBe('1903-03-03');
    expect(now.provenance.find((p: any) => p.field === 'DATE_OF_BIRTH')).toMatchObject({ rule: 'STEWARD_OVERRIDE', actor: 'queue-steward', reason: 'passport' });
    const rows = await sql(`SELECT golden_id FROM golden_override WHERE golden_id IN (?, ?)`, [absorbed.id, now.id]);
    expect(rows).toEqual([{ golden_id: now.id }]);

    const then = (await gql(READ, { variables: { id: absorbed.id, asOf: new Date(before).toISOString() } })).body.data.customer;
    expect(then).toMatchObject({ id: absorbed.id, redirectedFrom: null, dateOfBirth: '1903-03-03' });
  });
});
