/**
 * Reading source records for matching: one SQL column list and one row mapper, so the batch
 * and the incremental path see a record exactly alike (same MatchRecord, same survivorship input).
 */
import type { MatchRecord } from './engine/match-record.js';
import type { SurvivorRecord } from '../golden/survivorship/index.js';

/** the columns both paths select, `s` being source_record */
export const RECORD_COLUMNS = `s.id::text AS id, s.system, s.source_key, s.source_updated_at, s.given_name, s.family_name,
  s.full_name, s.name_script, s.given_name_pinyin, s.family_name_pinyin, to_char(s.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  s.national_id, s.national_id_type, s.gender, s.phones, s.emails, s.address_tokens, s.postcode, s.city, s.blocking_keys`;

export interface RecordRow {
  id: string;
  system: string;
  source_key: string;
  source_updated_at: Date | string;
  given_name: string | null;
  family_name: string | null;
  full_name: string | null;
  name_script: string | null;
  given_name_pinyin: string | null;
  family_name_pinyin: string | null;
  date_of_birth: string | null;
  national_id: string | null;
  national_id_type: string | null;
  gender: string | null;
  phones: string[];
  emails: string[];
  address_tokens: string[];
  postcode: string | null;
  city: string | null;
  blocking_keys: string[];
}

/** a record as matching and survivorship need it */
export interface LoadedRecord {
  match: MatchRecord;
  survivor: SurvivorRecord;
}

export function toLoadedRecord(row: RecordRow): LoadedRecord {
  const gender = row.gender === 'M' || row.gender === 'F' ? row.gender : null;
  const match: MatchRecord = {
    id: row.id,
    system: row.system,
    givenName: row.given_name,
    familyName: row.family_name,
    givenNamePinyin: row.given_name_pinyin,
    familyNamePinyin: row.family_name_pinyin,
    dateOfBirth: row.date_of_birth,
    nationalId: row.national_id,
    gender,
    phones: row.phones,
    emails: row.emails,
    addressTokens: row.address_tokens,
    postcode: row.postcode,
    city: row.city,
    blockingKeys: row.blocking_keys,
  };
  const survivor: SurvivorRecord = {
    recordId: row.id,
    system: row.system,
    sourceKey: row.source_key,
    sourceUpdatedAt: new Date(row.source_updated_at).toISOString(),
    givenName: row.given_name,
    familyName: row.family_name,
    fullName: row.full_name,
    nameScript: row.name_script,
    dateOfBirth: row.date_of_birth,
    nationalId: row.national_id,
    nationalIdType: row.national_id_type,
    gender,
    phones: row.phones,
    emails: row.emails,
    addressTokens: row.address_tokens,
    postcode: row.postcode,
    city: row.city,
  };
  return { match, survivor };
}
