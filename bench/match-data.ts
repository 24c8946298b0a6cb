/**
 * Data of the matching benchmark (bench/match.ts), prepared once and cached under .data/bench/:
 * the sample generator's rows, mapped to `SourceCustomer`s by the connectors' own pure mapping
 * functions (from the row objects the connectors select), then `preparePage` as ingest runs it
 * (quarantine, standardization, blocking keys, content hash). Two files come out:
 *
 * - `records.jsonl`: one live (not deleted) record per line, `{"p": <person id>, "r": <MatchRecord>}`;
 *   the MatchRecord is built by `matchRecordFrom` (src/matching/engine/from-standardized.ts),
 *   the function the hub's `toLoadedRecord` builds it with from the stored row, so the in-memory
 *   batch and the hub see the same records.
 * - `source_record.copy`: every stored record (deleted ones too) as COPY text for the hub's
 *   `source_record` table, with explicit ids equal to the MatchRecord ids.
 *
 * `meta.json` is written last: a directory without it is an unfinished preparation.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { mapBorrower, type BorrowerRow as BorrowerItem } from '../connectors/loans/loans.mapping.js';
import { mapCardholder, type CardholderItem } from '../connectors/cards/cards.mapping.js';
import { mapCifCustomer, type CifAddressRow as CifAddressItem, type CifCustomerRow as CifCustomerItem } from '../connectors/core-banking/core-banking.mapping.js';
import type { MappedRow, SourceSystem } from '../connectors/contract.js';
import { matchRecordFrom } from '../src/matching/engine/from-standardized.js';
import type { MatchRecord } from '../src/matching/engine/match-record.js';
import { preparePage, type PageRecord } from '../src/ingest/prepare-page.js';
import { generateSample, type GeneratedSample } from '../src/sample/generator/index.js';

/** rows per preparePage call, as an ingest page */
const PAGE = 5_000;

export interface PreparedMeta {
  customers: number;
  seed: number;
  persons: number;
  sourceRows: Record<SourceSystem, number>;
  quarantined: Record<string, number>;
  storedRecords: number;
  deletedRecords: number;
  liveRecords: number;
  timingsMs: { generate: number; map: number; prepare: number; write: number };
  createdAt: string;
  /** of the code that made the data (generator, mappings, standardization, prepare-page): a change re-prepares */
  codeFingerprint: string;
}

export interface PreparedData {
  dir: string;
  recordsFile: string;
  copyFile: string;
  meta: PreparedMeta;
  /** true when this run prepared it, false when it came from the cache */
  fresh: boolean;
}

export const COPY_COLUMNS = [
  'id', 'system', 'source_key', 'content_hash', 'raw', 'source_updated_at', 'deleted', 'given_name', 'family_name', 'full_name',
  'name_script', 'given_name_pinyin', 'family_name_pinyin', 'date_of_birth', 'national_id', 'national_id_type', 'gender',
  'phones', 'emails', 'address_tokens', 'postcode', 'city', 'standardization_flags', 'blocking_keys',
] as const;
/** index of `deleted` in a COPY line */
export const COPY_DELETED_COLUMN = COPY_COLUMNS.indexOf('deleted');

export function dataDir(root: string, customers: number, seed: number): string {
  return join(root, `match-${customers}-${seed}`);
}

/**
 * sha256 (first 12 hex) of the compiled files under these directories (relative to the compiled
 * project root, dist/), so a cache or a report can say which code it came from
 */
export function codeFingerprint(paths: readonly string[]): string {
  const root = join(__dirname, '..');
  const hash = createHash('sha256');
  const files: string[] = [];
  for (const p of paths) {
    const full = join(root, p);
    if (p.endsWith('.js')) files.push(full);
    else if (existsSync(full)) for (const f of readdirSync(full, { recursive: true }) as string[]) if (f.endsWith('.js')) files.push(join(full, f));
  }
  for (const f of files.sort()) hash.update(f.slice(root.length)).update(readFileSync(f));
  return hash.digest('hex').slice(0, 12);
}

/** the code that makes the benchmark's data */
export const DATA_CODE = ['src/sample/generator', 'src/standardize', 'connectors', 'src/ingest/prepare-page.js', 'bench/match-data.js'];

/** the cached data, or null when it has not been (completely) prepared or was made by other code */
export function cachedData(dir: string): PreparedData | null {
  const metaFile = join(dir, 'meta.json');
  if (!existsSync(metaFile)) return null;
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as PreparedMeta;
  if (meta.codeFingerprint !== codeFingerprint(DATA_CODE)) return null;
  return { dir, recordsFile: join(dir, 'records.jsonl'), copyFile: join(dir, 'source_record.copy'), meta, fresh: false };
}

// ---- the rows as the connectors select them -------------------------------------------------

/** the connectors read timestamps as UTC text with microseconds (connectors/support/postgres-keyset.ts) */
const micros = (iso: string): string => iso.replace(/Z$/, '000Z');

function coreBankingRows(sample: GeneratedSample): CifCustomerItem[] {
  const addresses = new Map<string, CifAddressItem[]>();
  for (const a of sample.coreBanking.addresses) {
    const { cif_no, ...rest } = a;
    const list = addresses.get(cif_no);
    if (list) list.push(rest);
    else addresses.set(cif_no, [rest]);
  }
  return sample.coreBanking.customers.map((c) => ({
    ...c,
    last_maint_ts: micros(c.last_maint_ts),
    addresses: (addresses.get(c.cif_no) ?? []).sort((x, y) => x.addr_seq - y.addr_seq),
  }));
}

function cardholderItems(sample: GeneratedSample): CardholderItem[] {
  // what the cards API answers per holder (src/sample/cards/card-api.server.ts, toCardholder)
  return sample.cards.cardholders.map((h) => ({
    holderId: h.holder_id,
    name: h.full_name,
    status: h.status,
    updatedAt: micros(h.updated_at),
    profile: h.profile,
  }));
}

function borrowerRows(sample: GeneratedSample): BorrowerItem[] {
  return sample.loans.borrowers.map((b) => ({ ...b, borrower_id: String(b.borrower_id), updated_at: micros(b.updated_at) }));
}

// ---- COPY text ---------------------------------------------------------------------------------

const NEEDS_ESCAPE = /[\\\t\n\r]/;
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}
const arrayLiteral = (values: readonly string[]): string => `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

function copyLine(id: number, system: SourceSystem, r: PageRecord): string {
  const s = r.standardized;
  const fields = [
    String(id),
    system,
    copyText(r.sourceKey),
    r.contentHash,
    copyText(JSON.stringify(r.raw)),
    r.sourceUpdatedAt.toISOString(),
    r.deleted ? 't' : 'f',
    copyText(s.givenName),
    copyText(s.familyName),
    copyText(s.fullName),
    copyText(s.nameScript),
    copyText(s.givenNamePinyin),
    copyText(s.familyNamePinyin),
    copyText(s.dateOfBirth),
    copyText(s.nationalId),
    copyText(s.nationalIdType),
    copyText(s.gender),
    copyText(arrayLiteral(s.phones)),
    copyText(arrayLiteral(s.emails)),
    copyText(arrayLiteral(s.addressTokens)),
    copyText(s.postcode),
    copyText(s.city),
    copyText(JSON.stringify(s.flags)),
    copyText(arrayLiteral(r.blockingKeys)),
  ];
  return `${fields.join('\t')}\n`;
}

class Writer {
  private readonly fd: number;
  private buffer = '';
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export function prepareData(dir: string, customers: number, seed: number, log: (msg: string) => void): PreparedData {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const timings = { generate: 0, map: 0, prepare: 0, write: 0 };

  let t = performance.now();
  const sample = generateSample({ customers, seed });
  timings.generate = performance.now() - t;
  log(`generated ${customers} persons in ${(timings.generate / 1000).toFixed(1)} s`);
  const truth = new Map<string, number>();
  for (const row of sample.truth) truth.set(`${row.system}\u0000${row.source_key}`, row.person_id);

  t = performance.now();
  const mapped: [SourceSystem, MappedRow[]][] = [
    ['core_banking', coreBankingRows(sample).map(mapCifCustomer)],
    ['cards', cardholderItems(sample).map(mapCardholder)],
    ['loans', borrowerRows(sample).map(mapBorrower)],
  ];
  timings.map = performance.now() - t;
  const persons = sample.persons.length;
  (sample as Partial<GeneratedSample>).persons = undefined; // let the rest of the sample go
  (sample as Partial<GeneratedSample>).coreBanking = undefined;
  (sample as Partial<GeneratedSample>).cards = undefined;
  (sample as Partial<GeneratedSample>).loans = undefined;

  const records = new Writer(join(dir, 'records.jsonl.tmp'));
  const copy = new Writer(join(dir, 'source_record.copy.tmp'));
  const sourceRows = { core_banking: 0, cards: 0, loans: 0 } as Record<SourceSystem, number>;
  const quarantined: Record<string, number> = {};
  let id = 0;
  let deleted = 0;
  let live = 0;
  for (const [system, rows] of mapped) {
    sourceRows[system] = rows.length;
    // one stored record per source key, the later row winning, as the hub's upsert does
    const bySourceKey = new Map<string, PageRecord>();
    for (let at = 0; at < rows.length; at += PAGE) {
      let p = performance.now();
      const page = preparePage(rows.slice(at, at + PAGE));
      timings.prepare += performance.now() - p;
      for (const q of page.quarantined) quarantined[q.reason] = (quarantined[q.reason] ?? 0) + 1;
      for (const r of page.records) {
        bySourceKey.delete(r.sourceKey);
        bySourceKey.set(r.sourceKey, r);
      }
      if ((at / PAGE) % 40 === 0) log(`${system}: prepared ${Math.min(at + PAGE, rows.length)} / ${rows.length}`);
    }
    rows.length = 0;
    const p = performance.now();
    for (const r of bySourceKey.values()) {
      id += 1;
      copy.write(copyLine(id, system, r));
      if (r.deleted) {
        deleted += 1;
        continue;
      }
      live += 1;
      const person = truth.get(`${system}\u0000${r.sourceKey}`);
      if (person === undefined) throw new Error(`no truth row for ${system} ${r.sourceKey}`);
      records.write(`${JSON.stringify({ p: person, r: matchRecordFrom(String(id), system, r.standardized, r.blockingKeys) })}\n`);
    }
    timings.write += performance.now() - p;
  }
  records.close();
  copy.close();
  renameSync(records.path, join(dir, 'records.jsonl'));
  renameSync(copy.path, join(dir, 'source_record.copy'));
  const meta: PreparedMeta = {
    customers,
    seed,
    persons,
    sourceRows,
    quarantined,
    storedRecords: id,
    deletedRecords: deleted,
    liveRecords: live,
    timingsMs: timings,
    createdAt: new Date().toISOString(),
    codeFingerprint: codeFingerprint(DATA_CODE),
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
  return { ...cachedData(dir)!, fresh: true };
}

/** the live records and their persons, in file (id) order */
export async function readRecords(file: string): Promise<{ records: MatchRecord[]; persons: Int32Array }> {
  const records: MatchRecord[] = [];
  const persons: number[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length === 0) continue;
    const { p, r } = JSON.parse(line) as { p: number; r: MatchRecord };
    records.push(r);
    persons.push(p);
  }
  return { records, persons: Int32Array.from(persons) };
}
