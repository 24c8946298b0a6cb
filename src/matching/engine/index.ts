/**
 * Matching: pure functions from MatchRecords to scored pairs and clusters (no DB, no queue).
 * blocking -> comparisons -> model (u by random pairs, m by EM, term frequencies) -> scorer ->
 * clustering; `matchBatch` runs them all; steward decisions as labels (`labels.ts`), the thresholds
 * they imply (`label-thresholds.ts`) and the review queue's order (`review-priority.ts`). Import
 * only from here.
 */
export type { MatchRecord } from './match-record.js';
export { matchRecordFrom } from './from-standardized.js';
export { compareIds, idRanks } from './ids.js';
export {
  DEFAULT_MATCH_SETTINGS,
  resolveSettings,
  weightOfProbability,
  probabilityOfWeight,
  type MatchSettings,
} from './settings.js';
export { blockOrder, candidatePairs, isCanonicalBlock, usableBlockingKeys, type CandidatePairs } from './blocking.js';
export {
  FIELDS,
  LEVEL_MASK,
  compareRecords,
  comparisonVector,
  levelOf,
  prepareRecord,
  oneSubstitutionOrSwap,
  withinOneEdit,
  type FieldSpec,
  type PreparedRecord,
} from './comparisons.js';
export { areNicknames, formalNames } from './nicknames.js';
export { areSurnameVariants } from './surname-romanisations.js';
export { runEm, type EmParameters, type EmResult, type EmOptions } from './em.js';
export { buildTermFrequencies, termFrequencyAdjustment, type TermFrequencyTable } from './term-frequency.js';
export { estimateModel, estimateU, type FieldModel, type MatchModel } from './model.js';
export { createScorer, type PairExplanation, type PairExplanationTerm, type Scorer } from './scorer.js';
export { clusterRecords, type WeightedEdge } from './clustering.js';
export {
  countLabels,
  labelledFields,
  DEFAULT_LABEL_PRIOR_PAIRS,
  MIN_LABELS_PER_CLASS,
  type LabelCounts,
  type LabelledPair,
  type LabelOptions,
  type PairLabel,
} from './labels.js';
export { pickThresholds, type LabelledProbability, type ThresholdPick } from './label-thresholds.js';
export { reviewPriority, type ReviewImpact } from './review-priority.js';
export { matchBatch, type BatchOptions, type BatchResult, type BatchStage, type ScoredPair } from './batch.js';
