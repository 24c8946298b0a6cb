/**
 * The quality checks on a seeded, ingested and matched sample: what the sweep finds against what
 * the generator planted (sample_truth.source_person.planted), the report's counts, the issue
 * lifecycle, and each rule on bad data planted in a source row and resolved once the row is fixed.
 */
import 'reflect-metadata';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { SOURCE_SYSTEMS, type SourceSystem } from '../../connectors/contract';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../../src/golden/survivorship/survivorship-policy';
import { IngestService } from '../../src/ingest/ingest.service';
import { DEFAULT_MATCH_SETTINGS } from '../../src/matching/engine/index';
import { QualityService } from '../../src/quality/quality.service';
import { generateSample } from '../../src/sample/generator/index';
import { IncrementalMatcher } from '../../src/matching/incremental-match.service';
import { startMatchedHub } from '../support/matched-hub';
import { SCHEMAS, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
let quality: QualityService;

const sql = <T>(text: string, params: unknown[] = []) => hub.orm.em.fork().execute<T[]>(text, params);
const today = () => new Date().toISOString().slice(0, 10);

interface IssueRow {
  id: string;
  rule: string;
  system: string | null;
  source_key: string | null;
  golden_id: string | null;
  field: string;
  reason: string;
  status: string;
}

const issues = (where = `i.status <> 'RESOLVED'`, params: unknown[] = []) =>
  sql<IssueRow>(
    `SELECT i.id::text, r.code AS rule, i.system, s.source_key, i.golden_id, i.field, i.reason, i.status
       FROM dq_issue i JOIN dq_rule r ON r.id = i.rule_id LEFT JOIN source_record s ON s.id = i.source_record_id
      WHERE ${where} ORDER BY i.id`,
    params,
  );

/** the source rows in the hub (not deleted), with what the generator planted in each */
async function plantedRows(): Promise<{ system: SourceSystem; source_key: string; planted: string[] }[]> {
  const truth = (await hub.sources.query(`SELECT system, source_key, planted FROM ${SCHEMAS.truth}.source_person`)).rows as { system: SourceSystem; source_key: string; planted: string[] }[];
  const live = new Set((await sql<{ k: string }>(`SELECT system || '/' || source_key AS k FROM source_record WHERE NOT deleted`)).map((r) => r.k));
  return truth.filter((t) => live.has(`${t.system}/${t.source_key}`));
}

/** rows of persons whose phone (or earlier phone) as generated is no valid number */
async function personsWithPhonesOutsideTheirPlan(): Promise<string[]> {
  const { rows } = await hub.sources.query(`SELECT s.system, s.source_key, p.profile FROM ${SCHEMAS.truth}.source_person s JOIN ${SCHEMAS.truth}.person p USING (person_id)`);
  type Phone = { callingCode: string; national: string } | null;
  const invalid = (phone: Phone) => phone !== null && !parsePhoneNumberFromString(`+${phone.callingCode}${phone.national}`)?.isValid();
  return rows.filter((r) => invalid(r.profile.phone) || invalid(r.profile.previousPhone ?? null)).map((r) => `${r.system}/${r.source_key}`);
}

/**
 * Rows whose phone is written without a country code the hub can read (no '+', or a 00 prefix
 * that is not the reading country's) while the person's number or address is not Chinese: the hub
 * reads such a number in the address's country (CN when it cannot tell), so it may read it wrong.
 * Not a planted error, a real ambiguity of the sources. The sample is regenerated (deterministic).
 */
function phonesWithoutReadableCountry(): string[] {
  const sample = generateSample({ customers: 300, seed: 7, now: new Date('2026-01-01T00:00:00Z') });
  const persons = new Map(sample.persons.map((p) => [p.id, p]));
  const personOf = new Map(sample.truth.map((t) => [`${t.system}/${t.source_key}`, persons.get(t.person_id)!]));
  const ambiguous = (key: string, text: unknown) => {
    if (typeof text !== 'string' || /^\s*(\+|\(?0086|86)/.test(text)) return false;
    const person = personOf.get(key)!;
    return [person.phone, person.previousPhone].some((ph) => ph && ph.country !== 'CN') || [person.address, person.previousAddress].some((ad) => ad && ad.country !== 'CN');
  };
  const profilePhone = (text: string) => { try { return JSON.parse(text).phone as unknown; } catch { return null; } };
  return [
    ...sample.coreBanking.customers.map((c) => [`core_banking/${c.cif_no}`, c.mobile_no] as const),
    ...sample.cards.cardholders.map((c) => [`cards/${c.holder_id}`, profilePhone(c.profile)] as const),
    ...sample.loans.borrowers.map((b) => [`loans/${b.borrower_id}`, b.phone] as const),
  ].filter(([key, text]) => ambiguous(key, text)).map(([key]) => key);
}

const keysOf = (rows: readonly { system: string | null; source_key: string | null }[]) => rows.map((r) => `${r.system}/${r.source_key}`).sort();

async function syncAll(): Promise<string[]> {
  const ingest = new IngestService(hub.orm);
  const changed: string[] = [];
  for (const system of SOURCE_SYSTEMS) await ingest.sync(hub.connectors.get(system)!, { pageSize: 500, onPage: (_r, ids) => void changed.push(...ids) });
  return changed;
}

beforeAll(async () => {
  hub = await startMatchedHub('quality-sample', 300);
  quality = new QualityService(hub.orm, { systems: [...SOURCE_SYSTEMS], pageSize: 97 });
  await quality.sweep();
}, 180_000);

afterAll(async () => {
  await hub?.close();
});

describe('the sweep against what the generator planted', () => {
  it('finds exactly the planted broken resident ids, birth dates differing from the id, and missing required fields', async () => {
    const planted = await plantedRows();
    const open = await issues();
    const expectKeys = (tag: string, systems: readonly string[] = SOURCE_SYSTEMS) => keysOf(planted.filter((p) => systems.includes(p.system) && p.planted.includes(tag)));
    const found = (rule: string, field?: string) => keysOf(open.filter((i) => i.rule === rule && (field === undefined || i.field === field)));

    expect(expectKeys('RESIDENT_ID_INVALID').length).toBeGreaterThan(0);
    expect(found('NATIONAL_ID_VALID')).toEqual(expectKeys('RESIDENT_ID_INVALID'));
    expect(expectKeys('DOB_DIFFERS_FROM_ID').length).toBeGreaterThan(0);
    expect(found('RESIDENT_ID_BIRTH_DATE')).toEqual(expectKeys('DOB_DIFFERS_FROM_ID'));
    expect(found('REQUIRED_FIELDS', 'dateOfBirth')).toEqual(expectKeys('MISSING_DOB'));
    expect(found('REQUIRED_FIELDS', 'nationalId')).toEqual(expectKeys('MISSING_ID', ['core_banking', 'loans']));
    expect(found('REQUIRED_FIELDS', 'phone')).toEqual(expectKeys('MISSING_PHONE'));
    expect(found('REQUIRED_FIELDS', 'email')).toEqual(expectKeys('MISSING_EMAIL', ['cards']));
    // the generator plants no malformed e-mail and no impossible birth date
    expect(found('EMAIL_VALID')).toEqual([]);
    expect(found('DATE_OF_BIRTH_RANGE')).toEqual([]);
    // a transposed phone is often still a valid number; besides, some numbers the generator draws
    // for foreign persons are outside their country's numbering plan (US 212 0xx, DE 1550), and
    // some are written without a country code the hub can read: every invalid phone found is one
    // of those three (exact counts would need the generator to know libphonenumber's plans)
    const transposed = new Set(expectKeys('PHONE_TRANSPOSED'));
    const notANumber = new Set(await personsWithPhonesOutsideTheirPlan());
    const unreadable = new Set(phonesWithoutReadableCountry());
    expect(found('PHONE_VALID').filter((k) => !transposed.has(k) && !notANumber.has(k) && !unreadable.has(k))).toEqual([]);
    expect(found('PHONE_VALID').length).toBeGreaterThan(0);
  });

  it('the report counts per source and rule what the generator planted', async () => {
    const planted = await plantedRows();
    const report = await quality.report(today(), today());
    const count = (system: string, rule: string) => report.filter((r) => r.system === system && r.rule === rule).reduce((n, r) => n + r.open, 0);
    for (const system of SOURCE_SYSTEMS) {
      const tagged = (tag: string) => planted.filter((p) => p.system === system && p.planted.includes(tag)).length;
      expect({ system, ids: count(system, 'NATIONAL_ID_VALID'), dob: count(system, 'RESIDENT_ID_BIRTH_DATE') }).toEqual({ system, ids: tagged('RESIDENT_ID_INVALID'), dob: tagged('DOB_DIFFERS_FROM_ID') });
      const required = system === 'cards' ? ['MISSING_DOB', 'MISSING_PHONE', 'MISSING_EMAIL'] : ['MISSING_DOB', 'MISSING_ID', 'MISSING_PHONE'];
      expect(count(system, 'REQUIRED_FIELDS')).toBe(required.reduce((n, tag) => n + tagged(tag), 0));
    }
    // every row of the day adds up to the open issues
    expect(report.reduce((n, r) => n + r.open, 0)).toBe((await issues()).length);
  });

  it('customer-level findings: consistency and uniqueness name customers, never values', async () => {
    const open = await issues(`i.status <> 'RESOLVED' AND i.subject_key LIKE 'customer:%'`);
    expect(open.some((i) => i.rule === 'CROSS_SOURCE_CONSISTENCY')).toBe(true);
    for (const i of open) {
      expect(i.golden_id).not.toBeNull();
      expect(i.reason).toMatch(/^[A-Z_,]+$/);
    }
    const details = await sql<{ detail: unknown }>(`SELECT detail FROM dq_issue WHERE detail IS NOT NULL`);
    // counts, codes, and the golden ids a shared id is shared with
    const allowed = /^([A-Z_]+|[0-9a-f-]{36}(,[0-9a-f-]{36})*)$/;
    for (const { detail } of details) for (const v of Object.values(detail as object)) expect(typeof v === 'number' || typeof v === 'boolean' || allowed.test(String(v))).toBe(true);
  });

  it('a second sweep opens no duplicate and keeps every issue as it was', async () => {
    const before = await issues();
    await quality.sweep();
    expect((await issues()).map((i) => i.id)).toEqual(before.map((i) => i.id));
  });
});

describe('each rule on bad data planted in a source row, resolved once the row is fixed', () => {
  /** a live core banking customer row, its hub record, and the planted tags */
  async function coreRow(tag: string | null): Promise<{ cif: string; recordId: string; goldenId: string | null }> {
    const planted = (await plantedRows()).filter((p) => p.system === 'core_banking' && (tag === null ? p.planted.length === 0 : p.planted.includes(tag)));
    const [row] = await sql<{ id: string; golden_id: string | null }>(`SELECT id::text, golden_id FROM source_record WHERE system = 'core_banking' AND source_key = ?`, [planted[0]!.source_key]);
    return { cif: planted[0]!.source_key, recordId: row!.id, goldenId: row!.golden_id };
  }
  const updateCore = async (cif: string, set: string, params: unknown[] = []) => {
    await hub.sources.query(`UPDATE ${SCHEMAS.coreBanking}.cif_customer SET ${set}, last_maint_ts = now() WHERE cif_no = $${params.length + 1}`, [...params, cif]);
    const changed = await syncAll();
    expect(changed.length).toBeGreaterThan(0);
    await quality.checkRecords(changed);
  };
  const trueProfile = async (cif: string) =>
    (await hub.sources.query(`SELECT p.profile FROM ${SCHEMAS.truth}.source_person s JOIN ${SCHEMAS.truth}.person p USING (person_id) WHERE s.system = 'core_banking' AND s.source_key = $1`, [cif])).rows[0].profile as {
      dob: string;
      nationalId: { number: string };
    };
  const issueOf = async (rule: string, recordId: string) => (await issues(`r.code = ? AND i.source_record_id = ?`, [rule, recordId])).map((i) => i.status);

  it('NATIONAL_ID_VALID: OPEN → ACKNOWLEDGED by a steward → RESOLVED when the source fixes the id', async () => {
    const { cif, recordId } = await coreRow('RESIDENT_ID_INVALID');
    const [open] = await issues(`r.code = 'NATIONAL_ID_VALID' AND i.source_record_id = ?`, [recordId]);
    expect(open!.status).toBe('OPEN');
    const acknowledged = await quality.acknowledge(open!.id, 'steward-1', 'asked the branch');
    expect(acknowledged).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'steward-1' });
    // a re-check that still finds it keeps the one issue, acknowledged
    await quality.checkRecords([recordId]);
    expect(await issueOf('NATIONAL_ID_VALID', recordId)).toEqual(['ACKNOWLEDGED']);
    await updateCore(cif, 'id_no = $1', [(await trueProfile(cif)).nationalId.number]);
    expect(await issueOf('NATIONAL_ID_VALID', recordId)).toEqual(['RESOLVED']);
    await expect(quality.acknowledge(open!.id, 'steward-1', 'late')).rejects.toThrow(/resolved/);
  });

  it('RESIDENT_ID_BIRTH_DATE and REQUIRED_FIELDS: resolved when the birth date and the phone are fixed', async () => {
    const swapped = await coreRow('DOB_DIFFERS_FROM_ID');
    expect(await issueOf('RESIDENT_ID_BIRTH_DATE', swapped.recordId)).toEqual(['OPEN']);
    await updateCore(swapped.cif, 'birth_dt = $1', [(await trueProfile(swapped.cif)).dob]);
    expect(await issueOf('RESIDENT_ID_BIRTH_DATE', swapped.recordId)).toEqual(['RESOLVED']);

    const noPhone = await coreRow('MISSING_PHONE');
    expect(await issueOf('REQUIRED_FIELDS', noPhone.recordId)).toContain('OPEN');
    await updateCore(noPhone.cif, `mobile_no = '13912345678'`);
    const phoneIssues = await issues(`r.code = 'REQUIRED_FIELDS' AND i.source_record_id = ? AND i.field = 'phone'`, [noPhone.recordId]);
    expect(phoneIssues.map((i) => i.status)).toEqual(['RESOLVED']);
  });

  it('PHONE_VALID, EMAIL_VALID, DATE_OF_BIRTH_RANGE: found when a source row goes bad, resolved when it is fixed', async () => {
    const { cif, recordId } = await coreRow(null);
    const before = (await hub.sources.query(`SELECT mobile_no, email, birth_dt::text FROM ${SCHEMAS.coreBanking}.cif_customer WHERE cif_no = $1`, [cif])).rows[0];
    // a birth date before 1900 never reaches a record (ingest quarantines it, BAD_DATE): an admin
    // narrows the rule instead, as a bank would
    const range = (await quality.listRules()).find((r) => r.code === 'DATE_OF_BIRTH_RANGE')!;
    await quality.updateRule(range.id, { parameters: { earliest: '1930-01-01', minAgeYears: 0 } }, 'admin-1');
    await updateCore(cif, `mobile_no = '12345', email = 'not an address', birth_dt = DATE '1925-05-01'`);
    expect(await issueOf('PHONE_VALID', recordId)).toEqual(['OPEN']);
    expect(await issueOf('EMAIL_VALID', recordId)).toEqual(['OPEN']);
    expect(await issueOf('DATE_OF_BIRTH_RANGE', recordId)).toEqual(['OPEN']);
    await updateCore(cif, 'mobile_no = $1, email = $2, birth_dt = $3::date', [before.mobile_no ?? '13912345678', before.email ?? 'fixed@example.com', before.birth_dt ?? '1980-01-01']);
    expect(await issueOf('PHONE_VALID', recordId)).toEqual(['RESOLVED']);
    expect(await issueOf('EMAIL_VALID', recordId)).toEqual(['RESOLVED']);
    expect(await issueOf('DATE_OF_BIRTH_RANGE', recordId)).toEqual(['RESOLVED']);
  });

  it('CROSS_SOURCE_CONSISTENCY: a linked record whose birth date changes, then is changed back', async () => {
    // a customer of two or more clean records that agree
    const [pick] = await sql<{ golden_id: string; record_id: string; cif: string }>(
      `SELECT r.golden_id, r.id::text AS record_id, r.source_key AS cif FROM source_record r
        WHERE r.system = 'core_banking' AND NOT r.deleted AND r.date_of_birth IS NOT NULL AND r.national_id_type IS DISTINCT FROM 'CN_RESIDENT'
          AND (SELECT count(*) FROM source_record o WHERE o.golden_id = r.golden_id AND NOT o.deleted AND o.date_of_birth IS NOT NULL) >= 2
          AND NOT EXISTS (SELECT 1 FROM dq_issue i WHERE i.golden_id = r.golden_id AND i.status <> 'RESOLVED' AND i.subject_key LIKE 'customer:%')
        ORDER BY r.id LIMIT 1`,
    );
    const before = (await hub.sources.query(`SELECT birth_dt::text FROM ${SCHEMAS.coreBanking}.cif_customer WHERE cif_no = $1`, [pick!.cif])).rows[0].birth_dt as string;
    const consistency = () => issues(`r.code = 'CROSS_SOURCE_CONSISTENCY' AND i.golden_id = ? AND i.field = 'dateOfBirth'`, [pick!.golden_id]);
    await updateCore(pick!.cif, `birth_dt = birth_dt + 400`);
    expect((await consistency()).map((i) => i.status)).toEqual(['OPEN']);
    await updateCore(pick!.cif, `birth_dt = $1::date`, [before]);
    expect((await consistency()).map((i) => i.status)).toEqual(['RESOLVED']);
  });

  it('UNIQUE_NATIONAL_ID: one id on two active customers, until the source corrects it', async () => {
    const [a, b] = await sql<{ golden_id: string; cif: string; national_id: string }>(
      `SELECT DISTINCT ON (r.golden_id) r.golden_id, r.source_key AS cif, r.national_id FROM source_record r
        WHERE r.system = 'core_banking' AND NOT r.deleted AND r.national_id IS NOT NULL AND r.golden_id IS NOT NULL
        ORDER BY r.golden_id LIMIT 2`,
    );
    const sourceId = (await hub.sources.query(`SELECT id_type, id_no FROM ${SCHEMAS.coreBanking}.cif_customer WHERE cif_no = $1`, [a!.cif])).rows[0];
    const otherId = (await hub.sources.query(`SELECT id_type, id_no FROM ${SCHEMAS.coreBanking}.cif_customer WHERE cif_no = $1`, [b!.cif])).rows[0];
    // b's record now carries a's id (not re-matched: the link stays, as until the next match)
    await updateCore(b!.cif, 'id_type = $1, id_no = $2', [sourceId.id_type, sourceId.id_no]);
    const unique = () => issues(`r.code = 'UNIQUE_NATIONAL_ID' AND i.golden_id = ANY(?::uuid[])`, [`{${a!.golden_id},${b!.golden_id}}`]);
    expect((await unique()).filter((i) => i.status === 'OPEN').map((i) => i.golden_id).sort()).toEqual([a!.golden_id, b!.golden_id].sort());
    await updateCore(b!.cif, 'id_type = $1, id_no = $2', [otherId.id_type, otherId.id_no]);
    expect((await unique()).map((i) => i.status)).toEqual(['RESOLVED', 'RESOLVED']);
  });

  it('SOURCE_FRESHNESS: every source stale two days on, fresh again now', async () => {
    const later = new QualityService(hub.orm, { systems: [...SOURCE_SYSTEMS], clock: () => new Date(Date.now() + 2 * 86_400_000) });
    await later.checkSources();
    const stale = await issues(`r.code = 'SOURCE_FRESHNESS'`);
    expect(stale.map((i) => [i.system, i.reason, i.status])).toEqual(SOURCE_SYSTEMS.map((s) => [s, 'STALE', 'OPEN']));
    await quality.checkSources();
    expect((await issues(`r.code = 'SOURCE_FRESHNESS'`)).map((i) => i.status)).toEqual(['RESOLVED', 'RESOLVED', 'RESOLVED']);
  });

  it('re-matching keeps findings in step: a changed record is re-checked after the incremental matcher', async () => {
    const matcher = new IncrementalMatcher(hub.orm, { match: DEFAULT_MATCH_SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY });
    const pending = await sql<{ id: string }>(`SELECT id::text FROM source_record WHERE match_pending_since IS NOT NULL`);
    if (pending.length > 0) await matcher.matchRecords(pending.map((p) => p.id));
    const result = await quality.checkRecords(pending.map((p) => p.id));
    expect(result.records).toBe(pending.length);
  });
});
