/**
 * What matching sees of one source record: the standardized fields it compares (the one
 * standardized record type, src/standardize) and its blocking keys, nothing raw. The hub builds
 * these from `source_record` rows (src/matching/record-rows.ts); the evaluation CLI and the
 * benchmarks from standardized customers (from-standardized.ts), so all run one pipeline.
 */
import type { StandardizedRecord } from '../../standardize/index.js';

/** the standardized fields matching compares */
export type MatchedFields = Pick<
  StandardizedRecord,
  | 'givenName'
  | 'familyName'
  | 'givenNamePinyin'
  | 'familyNamePinyin'
  | 'dateOfBirth'
  | 'nationalId'
  | 'gender'
  | 'phones'
  | 'emails'
  | 'addressTokens'
  | 'postcode'
  | 'city'
>;

export interface MatchRecord extends MatchedFields {
  /** source_record id in the hub; the row's position or own id in an evaluation file */
  id: string;
  /** source system (or file label in evaluation) */
  system: string;
  /** sorted, unique (src/standardize/blocking-keys.ts) */
  blockingKeys: string[];
}
