/**
 * A MatchRecord from a standardized record: the fields matching compares and the blocking keys,
 * nothing else. The evaluation CLI, the benchmarks and the hub's stored rows
 * (src/matching/record-rows.ts) all go through this one function. `keys`: blocking keys already
 * computed (ingest stores them); computed here when omitted.
 */
import { blockingKeys } from '../../standardize/index.js';
import type { MatchedFields, MatchRecord } from './match-record.js';

export function matchRecordFrom(id: string, system: string, s: MatchedFields, keys?: string[]): MatchRecord {
  return {
    id,
    system,
    givenName: s.givenName,
    familyName: s.familyName,
    givenNamePinyin: s.givenNamePinyin,
    familyNamePinyin: s.familyNamePinyin,
    dateOfBirth: s.dateOfBirth,
    nationalId: s.nationalId,
    gender: s.gender,
    phones: s.phones,
    emails: s.emails,
    addressTokens: s.addressTokens,
    postcode: s.postcode,
    city: s.city,
    blockingKeys: keys ?? blockingKeys(s),
  };
}
