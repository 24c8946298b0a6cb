/**
 * A stored source record as matching and survivorship need it: one row mapper, so the batch and
 * the incremental path see a record exactly alike (same MatchRecord, same survivorship input).
 * The rows come from ingest's SourceRecordRepository (src/ingest/source-record.repository.ts).
 */
import { matchRecordFrom } from './engine/from-standardized.js';
import type { MatchRecord } from './engine/match-record.js';
import type { SurvivorRecord } from '../golden/survivorship/index.js';
import type { StoredStandardizedRecord } from '../ingest/stored-record.js';

/** a record as matching and survivorship need it */
export interface LoadedRecord {
  match: MatchRecord;
  survivor: SurvivorRecord;
}

export function toLoadedRecord(row: StoredStandardizedRecord): LoadedRecord {
  const gender = row.gender === 'M' || row.gender === 'F' ? row.gender : null;
  const match = matchRecordFrom(
    row.id,
    row.system,
    {
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
    },
    row.blocking_keys,
  );
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
