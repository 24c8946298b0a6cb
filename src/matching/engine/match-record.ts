/**
 * What matching sees of one source record: its standardized fields (src/standardize) and its
 * blocking keys, nothing raw. The hub builds these from `source_record` rows; the evaluation
 * CLI builds them from CSV files through the same standardization, so both run one pipeline.
 */
export interface MatchRecord {
  /** source_record id in the hub; the row's position or own id in an evaluation file */
  id: string;
  /** source system (or file label in evaluation) */
  system: string;
  givenName: string | null;
  familyName: string | null;
  /** pinyin forms: for Latin names the comparison form without spaces, `'` and `-` */
  givenNamePinyin: string | null;
  familyNamePinyin: string | null;
  /** ISO yyyy-mm-dd */
  dateOfBirth: string | null;
  nationalId: string | null;
  gender: 'M' | 'F' | null;
  /** E.164 */
  phones: string[];
  emails: string[];
  /** sorted, unique */
  addressTokens: string[];
  postcode: string | null;
  city: string | null;
  /** sorted, unique (src/standardize/blocking-keys.ts) */
  blockingKeys: string[];
}
