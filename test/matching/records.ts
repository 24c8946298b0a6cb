/** Test helper: a MatchRecord with every field empty unless given (pure, no DB). */
import type { MatchRecord } from '../../src/matching/engine/index';

export function record(id: string | number, fields: Partial<MatchRecord> = {}): MatchRecord {
  return {
    id: String(id),
    system: 'test',
    givenName: null,
    familyName: null,
    givenNamePinyin: fields.givenName ?? null,
    familyNamePinyin: fields.familyName ?? null,
    dateOfBirth: null,
    nationalId: null,
    gender: null,
    phones: [],
    emails: [],
    addressTokens: [],
    postcode: null,
    city: null,
    blockingKeys: [],
    ...fields,
  };
}
