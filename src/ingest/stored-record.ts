/**
 * A source record's standardized fields as `source_record` stores them and matching reads them
 * back: the one standardized record type (src/standardize, StandardizedRecord) as columns, plus
 * the row's identity and blocking keys. Derived, not re-declared: a field added to
 * standardization appears here and in MatchRecord by itself.
 */
import type { Columns } from '../db/columns.js';
import type { StandardizedRecord } from '../standardize/index.js';

export type StoredStandardizedRecord = Columns<StandardizedRecord> & {
  /** source_record id (bigint as text) */
  id: string;
  system: string;
  source_key: string;
  source_updated_at: Date | string;
  blocking_keys: string[];
};
