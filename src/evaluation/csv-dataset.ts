/**
 * Any labelled CSV file as an evaluation data set, by a column mapping, so new labelled data needs
 * no code. Febrl is one such mapping (`FEBRL_MAPPING`). Rows become `SourceCustomer`s (as a
 * connector would map them) and then match records through the hub's standardization.
 *
 * Mapping: field -> columns. Several columns for one text field are joined with a space
 * (address = street_number + address_1); for phone and email each column is one more value.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { DateOrder, NameOrder, SourceCustomer } from '../../connectors/contract.js';
import type { MatchRecord } from '../matching/engine/index.js';
import { toMatchRecord, type EvaluationDataset } from './dataset.js';

export const MAPPABLE_FIELDS = [
  'given_name',
  'family_name',
  'full_name',
  'date_of_birth',
  'national_id',
  'gender',
  'phone',
  'email',
  'address',
  'address_2',
  'city',
  'province',
  'postcode',
  'country',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export interface CsvMapping {
  fields: Partial<Record<MappableField, string[][]>>;
  /** column holding the entity label */
  truthColumn: string;
  /** optional pattern; its first group (else the whole match) is the entity */
  truthPattern?: RegExp;
  /** country of every address when no column gives one (ISO alpha-2) */
  country?: string;
  dateOrder?: DateOrder;
  nameOrder?: NameOrder;
}

/** Febrl: rec-<N>-org / rec-<N>-dup-<k>; the entity is rec-<N>. */
export const FEBRL_MAPPING: CsvMapping = {
  fields: {
    given_name: [['given_name']],
    family_name: [['surname']],
    address: [['street_number', 'address_1']],
    address_2: [['address_2']],
    city: [['suburb']],
    province: [['state']],
    postcode: [['postcode']],
    date_of_birth: [['date_of_birth']],
    national_id: [['soc_sec_id']],
  },
  truthColumn: 'rec_id',
  truthPattern: /^(rec-\d+)/,
  country: 'AU',
  dateOrder: 'YMD',
  nameOrder: 'GIVEN_FAMILY',
};

/**
 * Parses `given_name=col,address=street_number+address_1,phone=home,phone=mobile` into a
 * mapping's fields. Unknown fields are an error (a typo must not silently drop a field).
 */
export function parseFieldMap(text: string): CsvMapping['fields'] {
  const fields: CsvMapping['fields'] = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--map: expected field=column, got "${part}"`);
    const field = part.slice(0, eq).trim() as MappableField;
    if (!MAPPABLE_FIELDS.includes(field)) throw new Error(`--map: unknown field "${field}" (known: ${MAPPABLE_FIELDS.join(', ')})`);
    const columns = part.slice(eq + 1).split('+').map((c) => c.trim()).filter(Boolean);
    if (columns.length === 0) throw new Error(`--map: no column for ${field}`);
    (fields[field] ??= []).push(columns);
  }
  return fields;
}

type Row = Record<string, string>;

export function readCsv(path: string): Row[] {
  const rows = parse(readFileSync(path), { columns: true, bom: true, ltrim: true, rtrim: true, skip_empty_lines: true, relax_column_count: true }) as Row[];
  return rows;
}

/** One file (deduplication) or two (linkage: `linkPath` given). */
export function csvDataset(path: string, mapping: CsvMapping, options: { linkPath?: string; today?: Date; label?: string } = {}): EvaluationDataset {
  const today = options.today ?? new Date();
  const files = options.linkPath ? [path, options.linkPath] : [path];
  const systems = options.linkPath ? ['a', 'b'] : ['a'];
  const records: MatchRecord[] = [];
  // the truth stays with the raw rows until asked for
  const truthOf: { id: string; raw: string }[] = [];
  let nextId = 1;
  files.forEach((file, f) => {
    const rows = readCsv(file);
    checkColumns(file, rows[0], mapping);
    for (const row of rows) {
      const id = String(nextId++);
      records.push(toMatchRecord(id, systems[f]!, toSourceCustomer(id, row, mapping, today), today));
      truthOf.push({ id, raw: row[mapping.truthColumn] ?? '' });
    }
  });
  return {
    label: options.label ?? files.join(' + '),
    records,
    linkage: files.length > 1,
    excluded: 0,
    truth: () => new Map(truthOf.map(({ id, raw }) => [id, entityLabel(raw, mapping.truthPattern)])),
  };
}

function entityLabel(raw: string, pattern: RegExp | undefined): string {
  if (!pattern) return raw;
  const m = pattern.exec(raw);
  return m ? (m[1] ?? m[0]) : raw;
}

function checkColumns(file: string, first: Row | undefined, mapping: CsvMapping): void {
  if (first === undefined) return;
  const wanted = [mapping.truthColumn, ...Object.values(mapping.fields).flat(2)];
  const missing = wanted.filter((c) => !(c in first));
  if (missing.length > 0) throw new Error(`${file}: no column ${missing.join(', ')} (columns: ${Object.keys(first).join(', ')})`);
}

function toSourceCustomer(id: string, row: Row, mapping: CsvMapping, today: Date): SourceCustomer {
  const joined = (field: MappableField): string | null => {
    const groups = mapping.fields[field];
    if (!groups) return null;
    const text = groups.map((cols) => cols.map((c) => row[c]?.trim() ?? '').filter(Boolean).join(' ')).filter(Boolean).join(' ');
    return text === '' ? null : text;
  };
  const each = (field: MappableField): string[] =>
    (mapping.fields[field] ?? []).map((cols) => cols.map((c) => row[c]?.trim() ?? '').filter(Boolean).join(' ')).filter(Boolean);
  const line1 = joined('address');
  const line2 = joined('address_2');
  const city = joined('city');
  const postcode = joined('postcode');
  const country = joined('country') ?? mapping.country ?? null;
  const hasAddress = line1 !== null || line2 !== null || city !== null || postcode !== null;
  const nationalId = joined('national_id');
  const gender = joined('gender')?.toUpperCase()[0];
  return {
    sourceKey: id,
    updatedAt: today,
    deleted: false,
    name: { full: joined('full_name'), given: joined('given_name'), family: joined('family_name'), order: mapping.nameOrder ?? 'GIVEN_FAMILY' },
    dateOfBirth: joined('date_of_birth'),
    dateOrder: mapping.dateOrder ?? 'YMD',
    nationalId: nationalId === null ? null : { type: 'OTHER', number: nationalId },
    gender: gender === 'M' || gender === 'F' ? gender : null,
    phones: each('phone'),
    emails: each('email'),
    addresses: hasAddress
      ? [{ lines: [line1, line2].filter((l): l is string => l !== null), city, province: joined('province'), postcode, country }]
      : [],
    // the truth column stays out of everything the pipeline sees
    raw: Object.fromEntries(Object.entries(row).filter(([column]) => column !== mapping.truthColumn)),
  };
}
