/**
 * Changes a seeded sample the way live systems change between two syncs, so incremental ingest
 * has something to pick up: some customers get a new phone, move, or have a name typo
 * corrected (in one system, as in life), and a quarter of the changed core banking customers
 * also give, refuse or withdraw their marketing consent; new customers arrive (with truth rows); some are
 * closed (soft-deleted). Every touched row's change timestamp becomes one instant strictly later
 * than any already stored. One transaction: a failed update leaves the sample as it was.
 */
import type { Pool, PoolClient } from 'pg';
import { assertSampleSchemas, type SampleSchemas } from '../setup.js';
import type { KeyCursor } from './appearances.js';
import { cardAddress, cardPhone, cleanCardsName, renderCardProfile } from './cards-rows.js';
import { dateOf } from './calendar.js';
import { consentStatement, nextConsentStatus } from './core-banking-consents.js';
import { addressRow, cleanCoreBankingName } from './core-banking-rows.js';
import { renderSources } from './generate-sample.js';
import { addressLine, cleanLoansName, loansPhone } from './loans-rows.js';
import { formatPhone } from './noise.js';
import { drawNextAddress, drawNextPhone, drawPersons, type Person } from './person.js';
import { createRandom, type Random } from './random.js';
import { TABLES, type CifAddressRow, type SampleSystem } from './rows.js';
import { resolveWriteMethod, writeRows, writeSampleRows, type WriteMethod } from './sample.writer.js';

export interface UpdateSampleOptions {
  seed: number | string;
  /** about this many existing customer rows change; ~changes/5 persons are added, ~changes/10 rows closed */
  changes: number;
  /** the change timestamp; moved just past the latest stored one if not later (default: now) */
  now?: Date;
  method?: WriteMethod;
}

export interface SampleChangeCounts {
  changed: number;
  added: number;
  deleted: number;
}

export interface UpdateSampleResult {
  coreBanking: SampleChangeCounts;
  cards: SampleChangeCounts;
  loans: SampleChangeCounts;
  /** new persons behind the added rows */
  personsAdded: number;
  /** the change timestamp written on every touched row */
  at: Date;
}

type ChangeKind = 'phone' | 'address' | 'name';

interface Target {
  system: SampleSystem;
  key: string;
}

/** The first `count` of a seeded shuffle of `items` (partial Fisher–Yates). */
function sample<T>(rng: Random, items: T[], count: number): T[] {
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, items.length - 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items.slice(0, count);
}

/**
 * A stored change timestamp more than this after both `now` and the clock is a placeholder a real
 * system may hold (2099-12-31 or 9999-12-31 for "never"), not a change: moving past it would
 * stamp every change in that far future. (A sample seeded with a `--now` a few years ahead still
 * counts.)
 */
const FAR_FUTURE_MS = 10 * 365 * 24 * 60 * 60 * 1000;

async function changeInstant(client: PoolClient, schemas: SampleSchemas, now: Date): Promise<Date> {
  // Only finite timestamps up to the far-future horizon count; nulls, infinities and
  // placeholders in rows the generator did not write are left out.
  const latestOf = (column: string) => `max(${column}) FILTER (WHERE isfinite(${column}) AND ${column} <= $1::timestamptz)`;
  const { rows } = await client.query<{ latest: Date | string | null }>(
    `SELECT greatest(
      (SELECT ${latestOf('last_maint_ts')} FROM ${schemas.coreBanking}.cif_customer),
      (SELECT ${latestOf('updated_at')} FROM ${schemas.cards}.cardholder),
      (SELECT ${latestOf('updated_at')} FROM ${schemas.loans}.borrower),
      (SELECT ${latestOf('updated_at')} FROM ${schemas.loans}.loan)) AS latest`,
    [new Date(Math.max(now.getTime(), Date.now()) + FAR_FUTURE_MS)],
  );
  const stored = rows[0]?.latest;
  const latest = stored instanceof Date ? stored.getTime() : stored === null || stored === undefined ? NaN : Date.parse(stored);
  // + 1 ms is later than the stored value even when it carries microseconds Date cannot hold
  return Number.isFinite(latest) && latest >= now.getTime() ? new Date(latest + 1) : now;
}

async function activeTargets(client: PoolClient, schemas: SampleSchemas): Promise<Target[]> {
  const { rows } = await client.query<{ system: SampleSystem; key: string }>(`
    (SELECT 'core_banking' AS system, cif_no AS key FROM ${schemas.coreBanking}.cif_customer WHERE status <> 'C' ORDER BY cif_no)
    UNION ALL
    (SELECT 'cards', holder_id FROM ${schemas.cards}.cardholder WHERE status <> 'CLOSED' ORDER BY holder_id)
    UNION ALL
    (SELECT 'loans', borrower_id::text FROM ${schemas.loans}.borrower WHERE NOT is_deleted ORDER BY borrower_id)`);
  return rows;
}

async function loadPersons(client: PoolClient, schemas: SampleSchemas, targets: readonly Target[]): Promise<Map<string, Person>> {
  const { rows } = await client.query<{ system: string; source_key: string; profile: Person }>(
    `SELECT s.system, s.source_key, p.profile
       FROM ${schemas.truth}.source_person s
       JOIN unnest($1::text[], $2::text[]) AS t(system, source_key) USING (system, source_key)
       JOIN ${schemas.truth}.person p USING (person_id)`,
    [targets.map((t) => t.system), targets.map((t) => t.key)],
  );
  // one Person object per person id, so two changes to one person compose
  const byId = new Map<number, Person>();
  const out = new Map<string, Person>();
  for (const row of rows) {
    const person = byId.get(row.profile.id) ?? row.profile;
    byId.set(person.id, person);
    out.set(`${row.system}/${row.source_key}`, person);
  }
  return out;
}

async function nextKeys(client: PoolClient, schemas: SampleSchemas): Promise<{ keys: KeyCursor; firstPersonId: number }> {
  const { rows } = await client.query<Record<keyof KeyCursor | 'person', string | null>>(`
    SELECT
      (SELECT max(substr(cif_no, 2)::bigint) FROM ${schemas.coreBanking}.cif_customer WHERE cif_no ~ '^C[0-9]{10}$') AS cif,
      (SELECT max(substr(holder_id, 3)::bigint) FROM ${schemas.cards}.cardholder WHERE holder_id ~ '^CH[0-9]{8}$') AS holder,
      (SELECT max(borrower_id) FROM ${schemas.loans}.borrower) AS borrower,
      (SELECT max(loan_id) FROM ${schemas.loans}.loan) AS loan,
      (SELECT max(substr(acct_no, 5)::bigint) FROM ${schemas.coreBanking}.deposit_account WHERE acct_no ~ '^6217[0-9]{15}$') AS account,
      (SELECT max(substr(card_id, 4)::bigint) FROM ${schemas.cards}.card WHERE card_id ~ '^CRD[0-9]{10}$') AS card,
      greatest((SELECT max(person_id) FROM ${schemas.truth}.person), (SELECT max(person_id) FROM ${schemas.truth}.source_person)) AS person`);
  const r = rows[0]!;
  const n = (v: string | null) => (v === null ? 0 : Number(v));
  return {
    keys: { cif: n(r.cif), holder: n(r.holder), borrower: n(r.borrower), loan: n(r.loan), account: n(r.account), card: n(r.card) },
    firstPersonId: n(r.person) + 1,
  };
}

interface Change {
  target: Target;
  person: Person;
  kind: ChangeKind;
}

/**
 * A name correction where the row's name is already clean would change nothing: it becomes a
 * phone change instead.
 */
function settleKind(rng: Random, change: Change, alreadyClean: boolean): ChangeKind {
  if (change.kind === 'name' && alreadyClean) {
    change.kind = 'phone';
    applyPersonChange(rng, change);
  }
  return change.kind;
}

function applyPersonChange(rng: Random, change: Change): void {
  const p = change.person;
  if (change.kind === 'phone') {
    p.previousPhone = p.phone;
    p.phone = drawNextPhone(rng, p.phone);
  } else if (change.kind === 'address') {
    p.previousAddress = p.address;
    p.address = drawNextAddress(rng, p.address);
  }
}

async function updateCoreBanking(client: PoolClient, rng: Random, schema: string, changes: Change[], at: Date): Promise<void> {
  if (changes.length === 0) return;
  const keys = changes.map((c) => c.target.key);
  const { rows } = await client.query<{ cif_no: string; cust_name: string | null; cust_name_en: string | null; mobile_no: string | null }>(
    `SELECT cif_no, cust_name, cust_name_en, mobile_no FROM ${schema}.cif_customer WHERE cif_no = ANY($1::text[])`,
    [keys],
  );
  const current = new Map(rows.map((r) => [r.cif_no, r]));
  const updated: { cif_no: string; cust_name: string | null; cust_name_en: string | null; mobile_no: string | null }[] = [];
  const homes: CifAddressRow[] = [];
  for (const change of changes) {
    const row = current.get(change.target.key);
    if (!row) continue;
    const next = { ...row };
    const clean = cleanCoreBankingName(change.person);
    const kind = settleKind(rng, change, row.cust_name === clean.cust_name && row.cust_name_en === clean.cust_name_en);
    if (kind === 'name') Object.assign(next, clean);
    else if (kind === 'phone') next.mobile_no = formatPhone(rng, change.person.phone, 'core-banking');
    else homes.push(addressRow(rng, row.cif_no, 1, 'HOME', change.person.address, change.person.script === 'LATIN'));
    updated.push(next);
  }
  await client.query(
    `UPDATE ${schema}.cif_customer c
        SET cust_name = u.cust_name, cust_name_en = u.cust_name_en, mobile_no = u.mobile_no, last_maint_ts = $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(cif_no, cust_name, cust_name_en, mobile_no)
      WHERE c.cif_no = u.cif_no`,
    [updated.map((u) => u.cif_no), updated.map((u) => u.cust_name), updated.map((u) => u.cust_name_en), updated.map((u) => u.mobile_no), at],
  );
  if (homes.length > 0) {
    await client.query(`DELETE FROM ${schema}.cif_address WHERE addr_seq = 1 AND cif_no = ANY($1::text[])`, [homes.map((h) => h.cif_no)]);
    await writeRows(client, schema, TABLES.cifAddress, homes, 'insert');
  }
}

/** A quarter of these (already touched) core banking customers make a new marketing consent statement today. */
async function restateConsents(client: PoolClient, rng: Random, schema: string, cifNos: readonly string[], at: Date): Promise<void> {
  const chosen = cifNos.filter(() => rng.chance(0.25));
  if (chosen.length === 0) return;
  const { rows } = await client.query<{ cif_no: string; status: string | null }>(
    `SELECT cif_no, status FROM ${schema}.cif_consent WHERE purpose_code = 'MKT' AND cif_no = ANY($1::text[])`,
    [chosen],
  );
  const current = new Map(rows.map((r) => [r.cif_no, r.status]));
  const statements = chosen.map((cifNo) => consentStatement(rng, cifNo, nextConsentStatus(rng, current.get(cifNo) ?? null), dateOf(at)));
  await client.query(`DELETE FROM ${schema}.cif_consent WHERE purpose_code = 'MKT' AND cif_no = ANY($1::text[])`, [chosen]);
  await writeRows(client, schema, TABLES.cifConsent, statements, 'insert');
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function updateCards(client: PoolClient, rng: Random, schema: string, changes: Change[], at: Date): Promise<void> {
  if (changes.length === 0) return;
  const { rows } = await client.query<{ holder_id: string; full_name: string | null; profile: string }>(
    `SELECT holder_id, full_name, profile FROM ${schema}.cardholder WHERE holder_id = ANY($1::text[])`,
    [changes.map((c) => c.target.key)],
  );
  const current = new Map(rows.map((r) => [r.holder_id, r]));
  const updated: { holder_id: string; full_name: string | null; profile: string }[] = [];
  for (const change of changes) {
    const row = current.get(change.target.key);
    if (!row) continue;
    // a broken profile is replaced by a good one: the processor fixed the record
    const doc = parseObject(row.profile) ?? renderCardProfile(rng, change.person);
    let fullName = row.full_name;
    const kind = settleKind(rng, change, row.full_name === cleanCardsName(change.person));
    if (kind === 'name') {
      fullName = cleanCardsName(change.person);
      delete doc.name;
    } else if (kind === 'phone') doc.phone = cardPhone(rng, change.person.phone);
    else doc.address = cardAddress(rng, change.person.address, change.person.script === 'CJK');
    updated.push({ holder_id: row.holder_id, full_name: fullName, profile: JSON.stringify(doc) });
  }
  await client.query(
    `UPDATE ${schema}.cardholder c SET full_name = u.full_name, profile = u.profile, updated_at = $4
       FROM unnest($1::text[], $2::text[], $3::text[]) AS u(holder_id, full_name, profile)
      WHERE c.holder_id = u.holder_id`,
    [updated.map((u) => u.holder_id), updated.map((u) => u.full_name), updated.map((u) => u.profile), at],
  );
}

async function updateLoans(client: PoolClient, rng: Random, schema: string, changes: Change[], at: Date): Promise<void> {
  if (changes.length === 0) return;
  type Row = { borrower_id: string; first_name: string | null; last_name: string | null; name_local: string | null; phone: string | null; addr_text: string | null };
  const { rows } = await client.query<Row>(
    `SELECT borrower_id::text AS borrower_id, first_name, last_name, name_local, phone, addr_text FROM ${schema}.borrower WHERE borrower_id = ANY($1::bigint[])`,
    [changes.map((c) => c.target.key)],
  );
  const current = new Map(rows.map((r) => [r.borrower_id, r]));
  const updated: Row[] = [];
  for (const change of changes) {
    const row = current.get(change.target.key);
    if (!row) continue;
    const next = { ...row };
    const clean = cleanLoansName(change.person);
    const kind = settleKind(rng, change, row.first_name === clean.first_name && row.last_name === clean.last_name && row.name_local === clean.name_local);
    if (kind === 'name') Object.assign(next, clean);
    else if (kind === 'phone') next.phone = loansPhone(rng, change.person.phone);
    else next.addr_text = addressLine(rng, change.person.address, change.person.script === 'CJK');
    updated.push(next);
  }
  const col = (k: keyof Row) => updated.map((u) => u[k]);
  await client.query(
    `UPDATE ${schema}.borrower b
        SET first_name = u.first_name, last_name = u.last_name, name_local = u.name_local, phone = u.phone, addr_text = u.addr_text, updated_at = $7
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(borrower_id, first_name, last_name, name_local, phone, addr_text)
      WHERE b.borrower_id = u.borrower_id`,
    [col('borrower_id'), col('first_name'), col('last_name'), col('name_local'), col('phone'), col('addr_text'), at],
  );
}

async function softDelete(client: PoolClient, schemas: SampleSchemas, targets: readonly Target[], at: Date): Promise<void> {
  const keysOf = (system: SampleSystem) => targets.filter((t) => t.system === system).map((t) => t.key);
  const core = keysOf('core_banking');
  const cards = keysOf('cards');
  const loans = keysOf('loans');
  const c = schemas.coreBanking;
  const k = schemas.cards;
  const l = schemas.loans;
  await client.query(`UPDATE ${c}.cif_customer SET status = 'C', last_maint_ts = $2 WHERE cif_no = ANY($1::text[])`, [core, at]);
  await client.query(`UPDATE ${c}.deposit_account SET status = 'C' WHERE cif_no = ANY($1::text[])`, [core]);
  await client.query(`UPDATE ${k}.cardholder SET status = 'CLOSED', updated_at = $2 WHERE holder_id = ANY($1::text[])`, [cards, at]);
  await client.query(`UPDATE ${k}.card SET status = 'CLOSED' WHERE holder_id = ANY($1::text[])`, [cards]);
  await client.query(`UPDATE ${l}.borrower SET is_deleted = true, updated_at = $2 WHERE borrower_id = ANY($1::bigint[])`, [loans, at]);
  await client.query(
    `UPDATE ${l}.loan SET status = 'CLOSED', days_past_due = 0, outstanding = 0, updated_at = $2
      WHERE loan_id IN (SELECT loan_id FROM ${l}.loan_party WHERE role = 'PRIMARY' AND borrower_id = ANY($1::bigint[]))`,
    [loans, at],
  );
}

/**
 * Applies one round of changes to a seeded sample (see the module comment) and returns what
 * changed per system. Deterministic for the same database state, seed and `now`.
 */
export async function updateSample(pool: Pool, schemas: SampleSchemas, options: UpdateSampleOptions): Promise<UpdateSampleResult> {
  assertSampleSchemas(schemas);
  const requested = options.changes;
  if (!Number.isInteger(requested) || requested < 0) throw new RangeError('changes must be a non-negative integer');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const at = await changeInstant(client, schemas, options.now ?? new Date());
    const streams = `update/${at.toISOString()}`;
    const rng = createRandom(options.seed, streams);

    const targets = await activeTargets(client, schemas);
    const changeCount = Math.min(requested, targets.length);
    const deleteCount = Math.min(Math.round(requested / 10), targets.length - changeCount);
    const chosen = sample(rng, targets, changeCount + deleteCount);
    const changeTargets = chosen.slice(0, changeCount);
    const deleteTargets = chosen.slice(changeCount);

    const persons = await loadPersons(client, schemas, changeTargets);
    const changes: Change[] = [];
    for (const target of changeTargets) {
      const person = persons.get(`${target.system}/${target.key}`);
      if (!person) continue; // a row the generator did not write: nothing to derive a change from
      const change: Change = { target, person, kind: rng.weighted<ChangeKind>([['phone', 40], ['address', 35], ['name', 25]]) };
      applyPersonChange(rng, change);
      changes.push(change);
    }
    const of = (system: SampleSystem) => changes.filter((c) => c.target.system === system);
    await updateCoreBanking(client, rng, schemas.coreBanking, of('core_banking'), at);
    // a stream of its own, so the other changes stay what they were before consents existed
    await restateConsents(client, createRandom(options.seed, `${streams}/consent`), schemas.coreBanking, of('core_banking').map((c) => c.target.key), at);
    await updateCards(client, rng, schemas.cards, of('cards'), at);
    await updateLoans(client, rng, schemas.loans, of('loans'), at);
    const changedPersons = [...new Map(changes.map((c) => [c.person.id, c.person])).values()];
    await client.query(
      `UPDATE ${schemas.truth}.person p SET profile = u.profile FROM unnest($1::bigint[], $2::jsonb[]) AS u(person_id, profile) WHERE p.person_id = u.person_id`,
      [changedPersons.map((p) => p.id), changedPersons.map((p) => JSON.stringify(p))],
    );

    await softDelete(client, schemas, deleteTargets, at);

    const { keys, firstPersonId } = await nextKeys(client, schemas);
    const newPersons = drawPersons(createRandom(options.seed, `${streams}/persons`), Math.round(requested / 5), firstPersonId);
    const added = { persons: newPersons, ...renderSources(newPersons, options.seed, streams, { now: at, stamps: 'at', keys }) };
    const written = await writeSampleRows(client, schemas, added, await resolveWriteMethod(client, options.method));
    await client.query('COMMIT');

    const counts = (system: SampleSystem, addedRows: number): SampleChangeCounts => ({
      changed: changes.filter((c) => c.target.system === system).length,
      added: addedRows,
      deleted: deleteTargets.filter((t) => t.system === system).length,
    });
    return {
      coreBanking: counts('core_banking', written.coreBanking.customers),
      cards: counts('cards', written.cards.cardholders),
      loans: counts('loans', written.loans.borrowers),
      personsAdded: newPersons.length,
      at,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
