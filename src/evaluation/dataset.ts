/**
 * A labelled evaluation data set: match records built through the hub's own standardization,
 * and the truth kept apart, read only after the pipeline has run (`truth()`).
 */
import type { SourceCustomer } from '../../connectors/contract.js';
import { matchRecordFrom, type MatchRecord } from '../matching/engine/index.js';
import { standardizeCustomer } from '../standardize/index.js';

export interface EvaluationDataset {
  label: string;
  records: MatchRecord[];
  /** two-file linkage: only pairs across systems are predicted and counted */
  linkage: boolean;
  /** source rows that did not become a record (quarantined by a connector mapping) */
  excluded: number;
  /** record id -> entity; call only after scoring */
  truth(): Map<string, string>;
}

/** Standardizes a source customer (as the hub does on ingest) and makes its match record. */
export function toMatchRecord(id: string, system: string, customer: SourceCustomer, today: Date): MatchRecord {
  return matchRecordFrom(id, system, standardizeCustomer(customer, today));
}
