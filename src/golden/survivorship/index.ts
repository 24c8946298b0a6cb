/** Golden customers as pure logic: stable ids across re-clustering, survivorship with provenance. */
export { compareIds, sortIds } from './id-order.js';
export {
  assignGoldenIds,
  type AssignedCluster,
  type GoldenEventDraft,
  type StableIdInput,
  type StableIdResult,
} from './stable-ids.js';
export {
  GOLDEN_FIELDS,
  GOLDEN_FIELD_ATTRIBUTES,
  GOLDEN_FIELD_VALUE_ATTRIBUTES,
  LIST_ATTRIBUTES,
  emptyAttributes,
  type GoldenAttributes,
  type GoldenField,
} from './golden-attributes.js';
export {
  DEFAULT_SURVIVORSHIP_POLICY,
  SURVIVORSHIP_RULES,
  assertValidPolicy,
  type FieldPolicy,
  type SurvivorshipPolicy,
  type SurvivorshipRule,
} from './survivorship-policy.js';
export {
  diffAttributes,
  survive,
  type AttributeChange,
  type GoldenProvenance,
  type Provenance,
  type ProvenanceRule,
  type SurvivalResult,
  type StewardOverride,
  type StewardOverrides,
  type SurvivorRecord,
} from './survivorship.js';
