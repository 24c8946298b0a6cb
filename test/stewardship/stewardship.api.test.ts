/**
 * A steward's changes through the real API on a matched sample hub (issue E, items 2, 4 and 8):
 * merge, unmerge, split and pair decisions, each with its golden_event (actor, reason, before,
 * after) and its access-log entry; redirects after a merge; decisions that stand after a full
 * batch re-run and an incremental run; optimistic locking (two stewards on one customer); bulk
 * decisions failing one by one; typed errors for bad arguments.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { signToken, type Role } from '../../src/api/auth';
import { startApi, type RunningApi } from '../../src/server/server';
import { ormOptions } from '../../src/orm';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../../src/golden/survivorship/survivorship-policy';
import { BatchMatcher } from '../../src/matching/batch-match.service';
import { DEFAULT_MATCH_SETTINGS } from '../../src/matching/engine/index';
import { IncrementalMatcher } from '../../src/matching/incremental-match.service';
import { StewardshipService } from '../../src/stewardship/stewardship.service';
import { auditedHubApi } from '../support/hub-services';
import { startMatchedHub } from '../support/matched-hub';
import type { SampleHub } from '../support/sample-hub';

jest.setTimeout(120_000);

const keys = { secret: 'test-secret-test-secret-test-secret!', issuer: 'customer-hub' };
const settings = { match: DEFAULT_MATCH_SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY };
const token = (role: Role, subject: string) => signToken(keys, { subject, role, purposes: ['DATA_QUALITY', 'SERVICE'] });

let hub: SampleHub;
let orm: MikroORM;
let api: RunningApi;

type Body = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };

async function gql(query: string, variables: Record<string, unknown> = {}, { role = 'STEWARD' as Role, subject = 'steward-ann', purpose = 'DATA_QUALITY' } = {}) {
  const requestId = `steward-${randomUUID()}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token(role, subject)}`, 'x-request-id': requestId };
  if (purpose) headers['x-purpose'] = purpose;
  const res = await fetch(api.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as Body, requestId };
}

const sql = <T = any>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);
const batch = () => new BatchMatcher(orm, settings).run();

const CHANGE = `action customers { id version status mergedInto sourceRecordIds }`;
const MERGE = `mutation Merge($s: String!, $o: String!, $sv: Int!, $ov: Int!, $reason: String!) {
  mergeCustomers(survivorId: $s, otherId: $o, survivorVersion: $sv, otherVersion: $ov, reason: $reason) { ${CHANGE} } }`;
const UNMERGE = `mutation Unmerge($c: String!, $r: ID!, $v: Int!, $t: String, $tv: Int, $reason: String!) {
  unmergeSourceRecord(customerId: $c, sourceRecordId: $r, version: $v, targetCustomerId: $t, targetVersion: $tv, reason: $reason) { ${CHANGE} } }`;
const SPLIT = `mutation Split($id: String!, $groups: [[ID!]!]!, $v: Int!, $reason: String!) {
  splitCustomer(id: $id, groups: $groups, version: $v, reason: $reason) { ${CHANGE} } }`;
const DECIDE = `mutation Decide($id: ID!, $d: MatchDecision!, $versions: [ExpectedVersion!]!, $reason: String!) {
  decideMatch(id: $id, decision: $d, expectedVersions: $versions, reason: $reason) { ${CHANGE} } }`;
const DECIDE_MANY = `mutation DecideMany($decisions: [MatchDecisionInput!]!) {
  decideMatches(decisions: $decisions) { id ok change { ${CHANGE} } error { code message argument currentVersions { customerId version } } } }`;

interface Golden {
  id: string;
  version: number;
  status: string;
  merged_into: string | null;
  records: string[];
}

async function golden(id: string): Promise<Golden> {
  const [g] = await sql(`SELECT id, version, status, merged_into FROM golden_customer WHERE id = ?`, [id]);
  const records = await sql<{ id: string }>(`SELECT s.id::text AS id FROM source_record s WHERE s.golden_id = ? AND NOT s.deleted ORDER BY s.id`, [id]);
  return { ...g, records: records.map((r) => r.id) };
}

const goldenOf = async (recordId: string) => (await sql(`SELECT golden_id FROM source_record WHERE id = ?`, [recordId]))[0].golden_id as string;

/** active customers with at least `min` live records none of the tests has used yet, oldest first */
const used = new Set<string>();
async function freshCustomers(n: number, min: number): Promise<Golden[]> {
  const rows = await sql<{ id: string }>(
    `SELECT g.id FROM golden_customer g WHERE g.status = 'ACTIVE' AND g.record_count >= ?
       AND NOT EXISTS (SELECT 1 FROM source_record s JOIN match_candidate m ON (m.record_a = s.id OR m.record_b = s.id)
                       WHERE s.golden_id = g.id AND m.status IN ('STEWARD_LINK', 'NOT_A_MATCH'))
     ORDER BY g.created_at, g.id`,
    [min],
  );
  const out: Golden[] = [];
  for (const r of rows) {
    if (used.has(r.id)) continue;
    used.add(r.id);
    out.push(await golden(r.id));
    if (out.length === n) return out;
  }
  throw new Error(`fewer than ${n} fresh customers with ${min}+ records`);
}

/** the mutation's own entry, and a read entry per customer whose records the answer listed (IDENTITY data) */
async function expectLogged(requestId: string, field: string, actor = 'steward-ann') {
  const entries = await sql<{ subject_id: string | null; fields_returned: string[] }>(
    `SELECT actor, role, purpose, fields_returned, outcome, subject_id FROM access_log WHERE request_id = ? ORDER BY id`,
    [requestId],
  );
  const base = { actor, role: 'STEWARD', purpose: 'DATA_QUALITY', outcome: 'OK' };
  expect(entries.filter((e) => e.fields_returned.includes(`Mutation.${field}`))).toEqual([{ ...base, fields_returned: [`Mutation.${field}`], subject_id: null }]);
  const reads = entries.filter((e) => !e.fields_returned.includes(`Mutation.${field}`));
  expect(reads.length).toBeGreaterThan(0);
  for (const read of reads) expect(read).toEqual({ ...base, fields_returned: ['StewardCustomerState.sourceRecordIds'], subject_id: expect.any(String) });
}

const eventsOf = (goldenId: string, type: string) => sql(`SELECT actor, reason, details, before, after FROM golden_event WHERE golden_id = ? AND type = ? ORDER BY id`, [goldenId, type]);

beforeAll(async () => {
  hub = await startMatchedHub('stewardship', 150);
  orm = await MikroORM.init(ormOptions(hub.db.url, 4));
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    keys,
    production: false,
    ...auditedHubApi(orm, hub.connectors, { stewardship: new StewardshipService(orm, settings) }),
  });
}, 300_000);

afterAll(async () => {
  await api?.close();
  await orm?.close();
  await hub?.close();
});

describe('mergeCustomers', () => {
  it('merges two customers into the one the steward chose (the younger too), redirects the other, records its events and access, and a batch re-run keeps it', async () => {
    const [older, younger] = await freshCustomers(2, 1);
    const { body, requestId } = await gql(MERGE, { s: younger!.id, o: older!.id, sv: younger!.version, ov: older!.version, reason: 'same person: branch confirmed' });
    expect(body.errors).toBeUndefined();
    const all = [...older!.records, ...younger!.records].sort((a, b) => Number(a) - Number(b));
    const survivor = body.data.mergeCustomers.customers.find((c: any) => c.id === younger!.id);
    expect(survivor).toMatchObject({ status: 'ACTIVE', sourceRecordIds: all });
    expect(survivor.version).toBeGreaterThan(younger!.version);
    expect(body.data.mergeCustomers.customers.find((c: any) => c.id === older!.id)).toMatchObject({ status: 'MERGED', mergedInto: younger!.id });
    await expectLogged(requestId, 'mergeCustomers');

    const [event] = await eventsOf(younger!.id, 'STEWARD_MERGE');
    expect(event).toMatchObject({ actor: 'steward-ann', reason: 'same person: branch confirmed' });
    expect(event.before.customers.map((c: any) => c.id).sort()).toEqual([older!.id, younger!.id].sort());
    expect(event.after.customers.find((c: any) => c.id === older!.id).status).toBe('MERGED');
    expect(await eventsOf(younger!.id, 'MERGED')).toEqual([expect.objectContaining({ actor: 'steward-ann', reason: 'same person: branch confirmed' })]);

    // the merged-away id redirects
    const read = await gql(`query($id: String!) { customer(id: $id) { id redirectedFrom } }`, { id: older!.id }, { purpose: 'SERVICE' });
    expect(read.body.data.customer).toEqual({ id: younger!.id, redirectedFrom: older!.id });

    await batch();
    expect(await golden(younger!.id)).toMatchObject({ status: 'ACTIVE', records: all });
    expect(await golden(older!.id)).toMatchObject({ status: 'MERGED', merged_into: younger!.id });
  });
});

describe('a batch computing while a steward decides', () => {
  it('does not overwrite the decision made between its computing and its writing', async () => {
    const [older, younger] = await freshCustomers(2, 1);
    let answer: Body | undefined;
    // the batch reports 'writing' after computing with the old decisions and before its transaction
    await new BatchMatcher(orm, settings).run(async (stage) => {
      if (stage !== 'writing' || answer) return;
      answer = (await gql(MERGE, { s: older!.id, o: younger!.id, sv: older!.version, ov: younger!.version, reason: 'during a batch' })).body;
    });
    expect(answer?.errors).toBeUndefined();
    expect(await golden(older!.id)).toMatchObject({ status: 'ACTIVE', records: [...older!.records, ...younger!.records].sort((a, b) => Number(a) - Number(b)) });
    expect(await golden(younger!.id)).toMatchObject({ status: 'MERGED', merged_into: older!.id });
  });
});

describe('unmergeSourceRecord', () => {
  it('moves a record to a new customer; the customer keeps its id; the decision stands after a batch and an incremental run', async () => {
    const [c] = await freshCustomers(1, 2);
    const moved = c!.records[0]!; // the smallest: by the default rule its part would claim the id on a tie
    const rest = c!.records.slice(1);
    const { body, requestId } = await gql(UNMERGE, { c: c!.id, r: moved, v: c!.version, reason: 'different person, same phone' });
    expect(body.errors).toBeUndefined();
    const after = await golden(c!.id);
    expect(after).toMatchObject({ status: 'ACTIVE', records: rest });
    expect(after.version).toBeGreaterThan(c!.version);
    const newId = await goldenOf(moved);
    expect(newId).not.toBe(c!.id);
    await expectLogged(requestId, 'unmergeSourceRecord');
    expect(await eventsOf(c!.id, 'STEWARD_UNMERGE')).toEqual([expect.objectContaining({ actor: 'steward-ann', reason: 'different person, same phone' })]);
    expect(await eventsOf(newId, 'STEWARD_UNMERGE')).toHaveLength(1);

    await batch();
    expect(await golden(c!.id)).toMatchObject({ status: 'ACTIVE', records: rest });
    expect(await goldenOf(moved)).toBe(newId);

    const result = await new IncrementalMatcher(orm, settings).matchRecords(c!.records);
    expect(result).not.toBeNull();
    expect(await golden(c!.id)).toMatchObject({ status: 'ACTIVE', records: rest });
    expect(await goldenOf(moved)).toBe(newId);
  });

  it('moves a record into a chosen customer, and a batch keeps it there', async () => {
    const [from, to] = await freshCustomers(2, 2);
    const moved = from!.records[from!.records.length - 1]!;
    const { body } = await gql(UNMERGE, { c: from!.id, r: moved, v: from!.version, t: to!.id, tv: to!.version, reason: 'belongs to the other' });
    expect(body.errors).toBeUndefined();
    expect(await goldenOf(moved)).toBe(to!.id);
    await batch();
    expect(await goldenOf(moved)).toBe(to!.id);
    expect((await golden(to!.id)).records).toEqual([...to!.records, moved].sort((a, b) => Number(a) - Number(b)));
    expect((await golden(from!.id)).records).toEqual(from!.records.filter((r) => r !== moved));
  });
});

describe('splitCustomer', () => {
  it('splits off a group that a batch re-run keeps apart', async () => {
    const [c] = await freshCustomers(1, 2);
    const group = [c!.records[c!.records.length - 1]!];
    const { body, requestId } = await gql(SPLIT, { id: c!.id, groups: [group], v: c!.version, reason: 'twins' });
    expect(body.errors).toBeUndefined();
    expect(body.data.splitCustomer.customers).toHaveLength(2);
    await expectLogged(requestId, 'splitCustomer');
    const part = await goldenOf(group[0]!);
    expect(part).not.toBe(c!.id);
    expect((await golden(c!.id)).records).toEqual(c!.records.slice(0, -1));
    await batch();
    expect(await goldenOf(group[0]!)).toBe(part);
    expect((await golden(c!.id)).records).toEqual(c!.records.slice(0, -1));
  });

  it('answers typed errors for bad arguments, and writes nothing', async () => {
    const [c, other] = await freshCustomers(2, 2);
    const events = (await sql(`SELECT count(*)::int AS n FROM golden_event`))[0].n;
    const code = async (query: string, variables: Record<string, unknown>) => {
      const { body } = await gql(query, variables);
      return { code: body.errors?.[0]?.extensions?.code, reason: body.errors?.[0]?.extensions?.reason };
    };
    expect(await code(SPLIT, { id: randomUUID(), groups: [[c!.records[0]]], v: 1, reason: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await code(SPLIT, { id: c!.id, groups: [[other!.records[0]]], v: c!.version, reason: 'x' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'NOT_IN_CUSTOMER' });
    expect(await code(SPLIT, { id: c!.id, groups: [[c!.records[0]], [c!.records[0]]], v: c!.version, reason: 'x' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'OVERLAPPING_GROUPS' });
    expect(await code(SPLIT, { id: c!.id, groups: [[]], v: c!.version, reason: 'x' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'EMPTY_GROUP' });
    expect(await code(SPLIT, { id: c!.id, groups: [c!.records], v: c!.version, reason: 'x' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'NOTHING_TO_SPLIT' });
    expect(await code(SPLIT, { id: c!.id, groups: [[c!.records[0]]], v: c!.version, reason: '  ' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'EMPTY' });
    expect(await code(UNMERGE, { c: c!.id, r: other!.records[0], v: c!.version, reason: 'x' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'NOT_IN_CUSTOMER' });
    expect(await code(UNMERGE, { c: c!.id, r: '999999999', v: c!.version, reason: 'x' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'NOT_IN_CUSTOMER' });
    expect(await code(MERGE, { s: c!.id, o: c!.id, sv: c!.version, ov: c!.version, reason: 'x' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'SAME_CUSTOMER' });
    expect(await code(DECIDE, { id: '999999999', d: 'MERGE', versions: [], reason: 'x' })).toMatchObject({ code: 'NOT_FOUND' });

    // only stewards, and only for DATA_QUALITY
    const asApp = await gql(SPLIT, { id: c!.id, groups: [[c!.records[0]]], v: c!.version, reason: 'x' }, { role: 'APP' });
    expect(asApp.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noPurpose = await gql(SPLIT, { id: c!.id, groups: [[c!.records[0]]], v: c!.version, reason: 'x' }, { purpose: 'SERVICE' });
    expect(noPurpose.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });

    expect((await sql(`SELECT count(*)::int AS n FROM golden_event`))[0].n).toBe(events);
    expect(await golden(c!.id)).toEqual(c);
  });
});

describe('optimistic locking', () => {
  it('two stewards change one customer: the second gets VERSION_CONFLICT with the current version and nothing of theirs is written', async () => {
    const [c, target] = await freshCustomers(2, 2);
    const first = await gql(SPLIT, { id: c!.id, groups: [[c!.records[0]]], v: c!.version, reason: 'ann: twins' }, { subject: 'steward-ann' });
    expect(first.body.errors).toBeUndefined();
    const afterFirst = await golden(c!.id);
    const events = (await sql(`SELECT count(*)::int AS n FROM golden_event`))[0].n;
    const decisions = (await sql(`SELECT count(*)::int AS n FROM match_candidate WHERE status IN ('STEWARD_LINK', 'NOT_A_MATCH')`))[0].n;

    const second = await gql(UNMERGE, { c: c!.id, r: c!.records[c!.records.length - 1], v: c!.version, reason: 'bob: moved' }, { subject: 'steward-bob' });
    expect(second.body.errors?.[0]?.extensions).toMatchObject({ code: 'VERSION_CONFLICT', customerId: c!.id, currentVersion: afterFirst.version });
    expect(second.body.errors?.[0]?.extensions?.currentVersions).toEqual([expect.objectContaining({ customerId: c!.id, version: afterFirst.version })]);
    expect(await golden(c!.id)).toEqual(afterFirst);
    expect((await sql(`SELECT count(*)::int AS n FROM golden_event`))[0].n).toBe(events);
    expect((await sql(`SELECT count(*)::int AS n FROM match_candidate WHERE status IN ('STEWARD_LINK', 'NOT_A_MATCH')`))[0].n).toBe(decisions);

    // read again, decide again: it goes through
    const retry = await gql(
      UNMERGE,
      { c: c!.id, r: c!.records[c!.records.length - 1], v: afterFirst.version, t: target!.id, tv: target!.version, reason: 'bob: moved' },
      { subject: 'steward-bob' },
    );
    expect(retry.body.errors).toBeUndefined();
    expect(await goldenOf(c!.records[c!.records.length - 1]!)).toBe(target!.id);
  });

  it('a batch run bumps the version of every customer it changes', async () => {
    const [c] = await freshCustomers(1, 2);
    // forget the customer's links behind matching's back: the batch has to re-link them
    await sql(`UPDATE golden_customer SET attributes = '{}'::jsonb WHERE id = ?`, [c!.id]);
    await batch();
    expect((await golden(c!.id)).version).toBeGreaterThan(c!.version);
  });
});

/**
 * REVIEW pairs between records of two customers: the sample's own where it has enough, else pairs
 * of fresh customers filed for review here (the small sample may have none between customers).
 */
async function reviewPairs(n: number): Promise<{ id: string; a: string; b: string }[]> {
  const found = await sql(
    `SELECT m.id::text AS id, m.record_a::text AS a, m.record_b::text AS b, x.golden_id AS ga, y.golden_id AS gb FROM match_candidate m
     JOIN source_record x ON x.id = m.record_a JOIN source_record y ON y.id = m.record_b
     WHERE m.status = 'REVIEW' AND x.golden_id <> y.golden_id AND NOT x.deleted AND NOT y.deleted
     ORDER BY m.probability DESC, m.id`,
  );
  const out: { id: string; a: string; b: string }[] = [];
  for (const p of found) {
    if (used.has(p.ga) || used.has(p.gb)) continue;
    used.add(p.ga).add(p.gb);
    out.push(p);
    if (out.length === n) return out;
  }
  while (out.length < n) {
    const [x, y] = await freshCustomers(2, 1);
    const [a, b] = [x!.records[0]!, y!.records[0]!].sort((l, r) => Number(l) - Number(r));
    const [row] = await sql(
      `INSERT INTO match_candidate (record_a, record_b, weight, probability, explanation, status) VALUES (?, ?, 1, 0.6, '{}'::jsonb, 'REVIEW') RETURNING id::text AS id`,
      [a, b],
    );
    out.push({ id: row.id, a: a!, b: b! });
  }
  return out;
}

describe('decideMatch', () => {
  it('MERGE on a review pair joins its customers, and the batch honours it', async () => {
    const [pair] = await reviewPairs(1);
    const ga = await golden(await goldenOf(pair!.a));
    const gb = await golden(await goldenOf(pair!.b));
    const { body, requestId } = await gql(DECIDE, {
      id: pair!.id,
      d: 'MERGE',
      versions: [ga, gb].map((g) => ({ customerId: g.id, version: g.version })),
      reason: 'same passport',
    });
    expect(body.errors).toBeUndefined();
    await expectLogged(requestId, 'decideMatch');
    expect(await goldenOf(pair!.a)).toBe(await goldenOf(pair!.b));
    const [stored] = await sql(`SELECT status, decided_by, reason FROM match_candidate WHERE id = ?`, [pair!.id]);
    expect(stored).toEqual({ status: 'STEWARD_LINK', decided_by: 'steward-ann', reason: 'same passport' });
    await batch();
    expect(await goldenOf(pair!.a)).toBe(await goldenOf(pair!.b));
    expect((await sql(`SELECT status FROM match_candidate WHERE id = ?`, [pair!.id]))[0].status).toBe('STEWARD_LINK');
  });

  it('NOT_A_MATCH on a linked pair splits its customer, and the batch keeps them apart', async () => {
    const [pair] = await sql(
      `SELECT m.id::text AS id, m.record_a::text AS a, m.record_b::text AS b, x.golden_id FROM match_candidate m
       JOIN source_record x ON x.id = m.record_a JOIN source_record y ON y.id = m.record_b
       JOIN golden_customer g ON g.id = x.golden_id
       WHERE m.status = 'AUTO_LINK' AND x.golden_id = y.golden_id AND g.record_count = 2 AND NOT x.deleted AND NOT y.deleted
         AND NOT EXISTS (SELECT 1 FROM match_candidate d WHERE d.status IN ('STEWARD_LINK', 'NOT_A_MATCH') AND d.record_a IN (x.id, y.id))
         AND NOT EXISTS (SELECT 1 FROM match_candidate d WHERE d.status IN ('STEWARD_LINK', 'NOT_A_MATCH') AND d.record_b IN (x.id, y.id))
       ORDER BY m.id LIMIT 1`,
    );
    expect(pair).toBeDefined();
    const g = await golden(pair.golden_id);
    used.add(g.id);
    const { body } = await gql(DECIDE, { id: pair!.id, d: 'NOT_A_MATCH', versions: [{ customerId: g.id, version: g.version }], reason: 'two people' });
    expect(body.errors).toBeUndefined();
    expect(await goldenOf(pair!.a)).not.toBe(await goldenOf(pair!.b));
    expect(await eventsOf(g.id, 'STEWARD_DECIDE_MATCH')).toEqual([expect.objectContaining({ actor: 'steward-ann', reason: 'two people' })]);
    await batch();
    expect(await goldenOf(pair!.a)).not.toBe(await goldenOf(pair!.b));
  });

  it('a later decision on the same pair replaces the earlier one, and the batch follows the newest', async () => {
    const [pair] = await reviewPairs(1);
    const versions = async () => {
      const ids = [...new Set([await goldenOf(pair!.a), await goldenOf(pair!.b)])];
      return Promise.all(ids.map(async (id) => ({ customerId: id, version: (await golden(id)).version })));
    };
    const merge = await gql(DECIDE, { id: pair!.id, d: 'MERGE', versions: await versions(), reason: 'looks the same' });
    expect(merge.body.errors).toBeUndefined();
    expect(await goldenOf(pair!.a)).toBe(await goldenOf(pair!.b));
    const apart = await gql(DECIDE, { id: pair!.id, d: 'NOT_A_MATCH', versions: await versions(), reason: 'checked the ids: two people' }, { subject: 'steward-bob' });
    expect(apart.body.errors).toBeUndefined();
    expect(await goldenOf(pair!.a)).not.toBe(await goldenOf(pair!.b));
    expect((await sql(`SELECT status, decided_by, reason FROM match_candidate WHERE id = ?`, [pair!.id]))[0]).toEqual({
      status: 'NOT_A_MATCH',
      decided_by: 'steward-bob',
      reason: 'checked the ids: two people',
    });
    await batch();
    expect(await goldenOf(pair!.a)).not.toBe(await goldenOf(pair!.b));
  });

  it('a decision older ones contradict is a CONFLICT; in a bulk call it is rolled back alone', async () => {
    // C and D merged (every record pinned together), then C's first record split off (kept apart from the rest)
    const [c, d] = await freshCustomers(2, 2);
    const merged = await gql(MERGE, { s: c!.id, o: d!.id, sv: c!.version, ov: d!.version, reason: 'one person' });
    expect(merged.body.errors).toBeUndefined();
    const all = [...c!.records, ...d!.records].sort((a, b) => Number(a) - Number(b));
    const whole = await golden(c!.id);
    const split = await gql(SPLIT, { id: c!.id, groups: [[all[0]]], v: whole.version, reason: 'the first one is not' });
    expect(split.body.errors).toBeUndefined();
    // linking the split-off record to one of the rest again would put it with records it is kept apart from
    const [pair] = await sql(`SELECT id::text AS id FROM match_candidate WHERE record_a = ? AND record_b = ?`, [all[0], all[all.length - 1]]);
    const loner = await golden(await goldenOf(all[0]!));
    const rest = await golden(c!.id);
    const versions = [loner, rest].map((g) => ({ customerId: g.id, version: g.version }));
    const [good] = await reviewPairs(1);
    const goodVersions = await Promise.all(
      [...new Set([await goldenOf(good!.a), await goldenOf(good!.b)])].map(async (id) => ({ customerId: id, version: (await golden(id)).version })),
    );
    const { body } = await gql(DECIDE_MANY, {
      decisions: [
        { id: pair.id, decision: 'MERGE', expectedVersions: versions, reason: 'undo?' },
        { id: good!.id, decision: 'MERGE', expectedVersions: goodVersions, reason: 'same' },
      ],
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.decideMatches[0]).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(body.data.decideMatches[1]).toMatchObject({ ok: true });
    // the failed one's pair decision was stored before the conflict showed: rolled back with its savepoint
    expect((await sql(`SELECT status, reason FROM match_candidate WHERE id = ?`, [pair.id]))[0]).toEqual({ status: 'NOT_A_MATCH', reason: 'the first one is not' });
    expect(await golden(loner.id)).toEqual(loner);
    expect(await golden(rest.id)).toEqual(rest);
    expect(await goldenOf(good!.a)).toBe(await goldenOf(good!.b));
  });

  it('decideMatches: each decision succeeds or fails on its own', async () => {
    const pairs = await reviewPairs(2);
    const versionsOf = async (p: any) => {
      const ids = [...new Set([await goldenOf(p.a), await goldenOf(p.b)])];
      return Promise.all(ids.map(async (id) => ({ customerId: id, version: (await golden(id)).version })));
    };
    const good = await versionsOf(pairs[0]);
    const stale = (await versionsOf(pairs[1])).map((v) => ({ ...v, version: v.version - 1 }));
    const { body, requestId } = await gql(DECIDE_MANY, {
      decisions: [
        { id: pairs[0].id, decision: 'NOT_A_MATCH', expectedVersions: good, reason: 'different' },
        { id: pairs[1].id, decision: 'MERGE', expectedVersions: stale, reason: 'same' },
        { id: '999999999', decision: 'MERGE', expectedVersions: [], reason: 'same' },
      ],
    });
    expect(body.errors).toBeUndefined();
    const [ok, conflict, unknown] = body.data.decideMatches;
    expect(ok).toMatchObject({ id: pairs[0].id, ok: true, error: null });
    expect(conflict).toMatchObject({ id: pairs[1].id, ok: false, change: null, error: { code: 'VERSION_CONFLICT' } });
    expect(conflict.error.currentVersions.length).toBeGreaterThan(0);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', argument: 'id' } });
    await expectLogged(requestId, 'decideMatches');
    const statuses = await sql(`SELECT id::text AS id, status FROM match_candidate WHERE id = ANY(?::bigint[]) ORDER BY id`, [`{${pairs[0].id},${pairs[1].id}}`]);
    expect(Object.fromEntries(statuses.map((s: any) => [s.id, s.status]))).toEqual({ [pairs[0].id]: 'NOT_A_MATCH', [pairs[1].id]: 'REVIEW' });
  });
});
