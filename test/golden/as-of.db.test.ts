/**
 * GoldenRepository.asOf on a history written by hand: before creation nothing, snapshots by
 * time, a merged-away id as it was before its merge and as its survivor after it, and a
 * history without snapshots (written before CREATED carried one) read from the next change's
 * `before`.
 */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '../../src/orm';
import { GoldenRepository } from '../../src/golden/golden.repository';
import { emptyAttributes } from '../../src/golden/survivorship/index';
import { createTestDatabase, type TestDatabase } from '../support/database';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const attrs = (dateOfBirth: string) => ({ ...emptyAttributes(), dateOfBirth });

let db: TestDatabase;
let orm: MikroORM;
const sql = (text: string, params: unknown[] = []) => orm.em.fork().execute(text, params);
const event = (golden: string, type: string, minute: number, details: object, before: object | null, after: object | null) =>
  sql(`INSERT INTO golden_event (golden_id, type, actor, details, before, after, at) VALUES (?, ?, 'matcher', ?::jsonb, ?::jsonb, ?::jsonb, ?)`, [
    golden, type, JSON.stringify(details), before && JSON.stringify(before), after && JSON.stringify(after), at(minute),
  ]);

beforeAll(async () => {
  db = await createTestDatabase('golden_as_of');
  orm = await initOrm(db.url, { poolMax: 2 });
  // A created at 0, changed at 10, merged into B at 20; B created at 5; C (old history, no snapshots) created at 0, changed at 30
  await sql(`INSERT INTO golden_customer (id, status, merged_into, attributes, created_at) VALUES
    (?, 'MERGED', ?, ?::jsonb, ?), (?, 'ACTIVE', NULL, ?::jsonb, ?), (?, 'ACTIVE', NULL, ?::jsonb, ?)`, [
    A, B, JSON.stringify(attrs('1980-01-02')), at(0),
    B, JSON.stringify(attrs('1980-09-09')), at(5),
    C, JSON.stringify(attrs('1970-07-07')), at(0),
  ]);
  await event(A, 'CREATED', 0, { recordIds: ['1'] }, null, attrs('1980-01-01'));
  await event(B, 'CREATED', 5, { recordIds: ['2'] }, null, attrs('1980-05-05'));
  await event(A, 'ATTRIBUTES_CHANGED', 10, {}, attrs('1980-01-01'), attrs('1980-01-02'));
  await event(B, 'MERGED', 20, { absorbedIds: [A], recordIds: ['1', '2'] }, null, null);
  await event(B, 'ATTRIBUTES_CHANGED', 20, {}, attrs('1980-05-05'), attrs('1980-09-09'));
  await event(C, 'CREATED', 0, { recordIds: ['3'] }, null, null);
  await event(C, 'ATTRIBUTES_CHANGED', 30, {}, attrs('1960-06-06'), attrs('1970-07-07'));
}, 60_000);

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

const asOf = async (id: string, minute: number) => {
  const found = await new GoldenRepository(orm.em.fork()).asOf(id, at(minute));
  return found && { id: found.row.id, status: found.row.status, dateOfBirth: found.row.attributes.dateOfBirth };
};

it('is nothing before the customer was created', async () => {
  expect(await asOf(B, 4)).toBeNull();
});

it('answers each time with the last snapshot at or before it', async () => {
  expect(await asOf(A, 1)).toEqual({ id: A, status: 'ACTIVE', dateOfBirth: '1980-01-01' });
  expect(await asOf(A, 10)).toEqual({ id: A, status: 'ACTIVE', dateOfBirth: '1980-01-02' });
  expect(await asOf(B, 6)).toEqual({ id: B, status: 'ACTIVE', dateOfBirth: '1980-05-05' });
});

it('answers a merged-away id as it was before the merge, and as its survivor after', async () => {
  expect(await asOf(A, 19)).toEqual({ id: A, status: 'ACTIVE', dateOfBirth: '1980-01-02' });
  expect(await asOf(A, 21)).toEqual({ id: B, status: 'ACTIVE', dateOfBirth: '1980-09-09' });
});

it('reads a history without snapshots from the next change’s before', async () => {
  expect(await asOf(C, 29)).toEqual({ id: C, status: 'ACTIVE', dateOfBirth: '1960-06-06' });
  expect(await asOf(C, 31)).toEqual({ id: C, status: 'ACTIVE', dateOfBirth: '1970-07-07' });
});
