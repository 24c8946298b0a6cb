/**
 * A MatchRecord from a standardized customer: the fields matching compares and the blocking
 * keys, nothing else. The evaluation CLI goes through this; so can the hub, which stores the
 * same standardized fields on source_record.
 */
import { blockingKeys, type StandardizedCustomer } from '../../standardize/index.js';
import type { MatchRecord } from './match-record.js';

export function matchRecordFrom(id: string, system: string, s: StandardizedCustomer): MatchRecord {
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
    blockingKeys: blockingKeys(s),
  };
}
