/**
 * Survivorship: the source records of one cluster in, one golden record out, field by field,
 * with the provenance of every value (which record, which rule, when). Pure and deterministic:
 * the same records and policy give the same output, whatever their order, so a re-run changes
 * nothing (apart from `survivedAt`, which is `now`).
 *
 * - A golden field's attributes survive together from one record (golden-attributes.ts).
 * - Null, blank and empty values never win: a record without a value for a field is not a
 *   candidate for it; a field no record has stays null (or empty) and has no provenance.
 * - Single-valued fields: the policy's rules narrow the candidate records in order (each keeps
 *   the best of the ones left). The rule recorded is the first after which one value is left;
 *   ONLY_VALUE when the candidates agreed from the start; TIE_BREAK when several values are
 *   still left after every rule, and the value of the smallest record id (`compareIds`) wins.
 *   Among the records holding the surviving value, the provenance names the one the rules
 *   rank first (so the most trusted, most recent witness), then the smallest id.
 * - Multi-valued fields (`multi`: phones, e-mails): every distinct value is kept, ordered by
 *   the rules (a value scores as its best record: highest trust, latest change; frequency is
 *   the number of records holding it), then by the smallest record holding it and its place in
 *   that record's list (a source's own primary first). Each value has its own provenance; its
 *   rule is the first that orders it against its neighbour (the next value for the first one,
 *   the previous one for the rest), TIE_BREAK if none does, ONLY_VALUE when it is alone.
 *
 * Steward overrides (`golden_override`) are input: an overridden field takes the steward's value
 * whatever the records say, with provenance rule STEWARD_OVERRIDE naming the steward and the
 * reason (no record: `recordId`, `system` and `sourceKey` are empty).
 */
import {
  GOLDEN_FIELDS,
  GOLDEN_FIELD_ATTRIBUTES,
  GOLDEN_FIELD_VALUE_ATTRIBUTES,
  LIST_ATTRIBUTES,
  emptyAttributes,
  type GoldenAttributes,
  type GoldenField,
} from './golden-attributes.js';
import { compareIds } from './id-order.js';
import { assertValidPolicy, type FieldPolicy, type SurvivorshipPolicy, type SurvivorshipRule } from './survivorship-policy.js';


/** one source record as survivorship needs it: its standardized fields and where it comes from */
export interface SurvivorRecord extends GoldenAttributes {
  recordId: string;
  system: string;
  sourceKey: string;
  /** ISO timestamp: the source's own change time */
  sourceUpdatedAt: string;
}

/** why a value survived: the deciding rule, ONLY_VALUE (no contest), TIE_BREAK (no rule decided: smallest record id) or a steward's override */
export type ProvenanceRule = SurvivorshipRule | 'ONLY_VALUE' | 'TIE_BREAK' | 'STEWARD_OVERRIDE';

/** a steward's sticky value of one golden field */
export interface StewardOverride {
  /** the field's attributes (others of the record are ignored; missing ones are empty) */
  value: Partial<GoldenAttributes>;
  actor: string;
  reason: string;
  /** ISO timestamp: when the steward set it */
  setAt: string;
}

export type StewardOverrides = Partial<Record<GoldenField, StewardOverride>>;

export interface Provenance {
  recordId: string;
  system: string;
  sourceKey: string;
  rule: ProvenanceRule;
  /** the source record's change time */
  sourceUpdatedAt: string;
  /** when survivorship ran (`now`) */
  survivedAt: string;
  /** STEWARD_OVERRIDE: who set the value and why */
  actor?: string;
  reason?: string;
}

/** per golden field that has a value: one provenance, or one per value (same order) for a multi field */
export type GoldenProvenance = Partial<Record<GoldenField, Provenance | Provenance[]>>;

export interface SurvivalResult {
  attributes: GoldenAttributes;
  provenance: GoldenProvenance;
}

type FieldValue = Partial<Record<keyof GoldenAttributes, string | string[] | null>>;

interface Context {
  /** a record's source change time in ms (see timeOf) */
  time: (record: SurvivorRecord) => number;
}

interface Candidate {
  record: SurvivorRecord;
  /** equal values, equal keys */
  key: string;
  value: FieldValue;
}

export function survive(records: readonly SurvivorRecord[], policy: SurvivorshipPolicy, now: Date, overrides: StewardOverrides = {}): SurvivalResult {
  assertValidPolicy(policy);
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.recordId)) throw new Error(`record ${record.recordId} is given twice`);
    seen.add(record.recordId);
  }
  const survivedAt = now.toISOString();
  // parsed once: every rule and every field reads them
  const times = new Map(records.map((r) => [r, timeOf(r)]));
  const context: Context = { time: (r) => times.get(r)! };
  const attributes = emptyAttributes();
  const provenance: GoldenProvenance = {};
  const provenanceOf = (record: SurvivorRecord, rule: ProvenanceRule): Provenance => ({
    recordId: record.recordId,
    system: record.system,
    sourceKey: record.sourceKey,
    rule,
    sourceUpdatedAt: record.sourceUpdatedAt,
    survivedAt,
  });

  for (const field of GOLDEN_FIELDS) {
    const fieldPolicy = policy[field];
    if (fieldPolicy.multi) {
      const attribute = GOLDEN_FIELD_ATTRIBUTES[field][0] as 'phones' | 'emails';
      const survived = surviveMulti(records, attribute, fieldPolicy, context);
      if (survived.length === 0) continue;
      attributes[attribute] = survived.map((s) => s.value);
      provenance[field] = survived.map((s) => provenanceOf(s.record, s.rule));
    } else {
      const survived = surviveSingle(records, field, fieldPolicy, context);
      if (survived === null) continue;
      Object.assign(attributes, survived.candidate.value);
      provenance[field] = provenanceOf(survived.candidate.record, survived.rule);
    }
  }
  for (const field of GOLDEN_FIELDS) {
    const override = overrides[field];
    if (!override) continue;
    for (const a of GOLDEN_FIELD_ATTRIBUTES[field]) {
      const v = override.value[a];
      (attributes as unknown as Record<string, unknown>)[a] = LIST_ATTRIBUTES.has(a) ? (Array.isArray(v) ? [...v] : []) : (v ?? null);
    }
    const steward: Provenance = {
      recordId: '',
      system: '',
      sourceKey: '',
      rule: 'STEWARD_OVERRIDE',
      sourceUpdatedAt: override.setAt,
      survivedAt,
      actor: override.actor,
      reason: override.reason,
    };
    if (policy[field].multi) {
      const values = attributes[GOLDEN_FIELD_ATTRIBUTES[field][0] as 'phones' | 'emails'];
      if (values.length > 0) provenance[field] = values.map(() => ({ ...steward }));
      else delete provenance[field];
    } else {
      provenance[field] = steward;
    }
  }
  return { attributes, provenance };
}

// ---- single-valued fields -------------------------------------------------------------------

function surviveSingle(records: readonly SurvivorRecord[], field: GoldenField, policy: FieldPolicy, context: Context): { candidate: Candidate; rule: ProvenanceRule } | null {
  const candidates: Candidate[] = [];
  for (const record of records) {
    const value = fieldValue(record, field);
    if (value !== null) candidates.push({ record, value, key: JSON.stringify(GOLDEN_FIELD_ATTRIBUTES[field].map((a) => value[a])) });
  }
  if (candidates.length === 0) return null;

  let current = candidates;
  let rule: ProvenanceRule | undefined = distinctValues(current) === 1 ? 'ONLY_VALUE' : undefined;
  for (const next of policy.rules) {
    const contested = distinctValues(current) > 1;
    current = narrow(next, current, policy, context);
    if (rule === undefined && contested && distinctValues(current) === 1) rule = next;
  }
  return { candidate: bySmallestRecordId(current), rule: rule ?? 'TIE_BREAK' };
}

/** the field's attributes of a record, blanks as null and blank list items dropped; null when it has no value */
function fieldValue(record: SurvivorRecord, field: GoldenField): FieldValue | null {
  const value: FieldValue = {};
  for (const attribute of GOLDEN_FIELD_ATTRIBUTES[field]) {
    value[attribute] = LIST_ATTRIBUTES.has(attribute) ? cleanList(record[attribute] as string[] | null) : cleanText(record[attribute] as string | null);
  }
  const present = GOLDEN_FIELD_VALUE_ATTRIBUTES[field].some((attribute) => {
    const v = value[attribute];
    return Array.isArray(v) ? v.length > 0 : v !== null;
  });
  return present ? value : null;
}

function narrow(rule: SurvivorshipRule, candidates: Candidate[], policy: FieldPolicy, context: Context): Candidate[] {
  if (candidates.length <= 1) return candidates;
  const frequency = new Map<string, number>();
  if (rule === 'MOST_FREQUENT') for (const c of candidates) frequency.set(c.key, (frequency.get(c.key) ?? 0) + 1);
  const score = (c: Candidate): number[] => {
    switch (rule) {
      case 'SOURCE_TRUST':
        return [trustOf(policy, c.record.system)];
      case 'MOST_FREQUENT':
        return [frequency.get(c.key)!];
      case 'MOST_RECENT':
        return [context.time(c.record)];
      case 'MOST_COMPLETE':
        return completeness(Object.values(c.value));
      case 'PREFERRED_SCRIPT':
        return [-scriptRank(policy, c.value.nameScript as string | null)];
    }
  };
  const scored = candidates.map((c) => ({ c, s: score(c) }));
  const best = scored.reduce((top, x) => (compareScores(x.s, top) > 0 ? x.s : top), scored[0].s);
  return scored.filter((x) => compareScores(x.s, best) === 0).map((x) => x.c);
}

function distinctValues(candidates: readonly Candidate[]): number {
  return new Set(candidates.map((c) => c.key)).size;
}

function bySmallestRecordId<T extends { record: SurvivorRecord }>(items: readonly T[]): T {
  return items.reduce((min, x) => (compareIds(x.record.recordId, min.record.recordId) < 0 ? x : min));
}

// ---- multi-valued fields --------------------------------------------------------------------

interface MultiValue {
  value: string;
  /** records holding the value, by record id */
  holders: SurvivorRecord[];
  /** the value's place in the list of its first holder */
  position: number;
}

function surviveMulti(
  records: readonly SurvivorRecord[],
  attribute: 'phones' | 'emails',
  policy: FieldPolicy,
  context: Context,
): { value: string; record: SurvivorRecord; rule: ProvenanceRule }[] {
  const values = new Map<string, MultiValue>();
  for (const record of [...records].sort((a, b) => compareIds(a.recordId, b.recordId))) {
    cleanList(record[attribute]).forEach((value, position) => {
      const entry = values.get(value);
      if (entry === undefined) values.set(value, { value, holders: [record], position });
      else if (entry.holders[entry.holders.length - 1] !== record) entry.holders.push(record);
    });
  }
  const score = (rule: SurvivorshipRule, v: MultiValue): number[] => {
    switch (rule) {
      case 'SOURCE_TRUST':
        return [Math.max(...v.holders.map((r) => trustOf(policy, r.system)))];
      case 'MOST_FREQUENT':
        return [v.holders.length];
      case 'MOST_RECENT':
        return [Math.max(...v.holders.map(context.time))];
      case 'MOST_COMPLETE':
        return completeness([v.value]);
      case 'PREFERRED_SCRIPT':
        return [0];
    }
  };
  const decidingRule = (a: MultiValue, b: MultiValue): SurvivorshipRule | undefined =>
    policy.rules.find((rule) => compareScores(score(rule, a), score(rule, b)) !== 0);
  const ordered = [...values.values()].sort((a, b) => {
    const rule = decidingRule(a, b);
    if (rule !== undefined) return compareScores(score(rule, b), score(rule, a));
    return compareIds(a.holders[0].recordId, b.holders[0].recordId) || a.position - b.position || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  });

  return ordered.map((v, i) => {
    const neighbour = ordered.length === 1 ? undefined : ordered[i === 0 ? 1 : i - 1];
    const rule: ProvenanceRule = neighbour === undefined ? 'ONLY_VALUE' : (decidingRule(v, neighbour) ?? 'TIE_BREAK');
    // the best witness of the value: the holders narrowed by the same rules, then the smallest id
    let witnesses: Candidate[] = v.holders.map((record) => ({ record, key: v.value, value: { [attribute]: [v.value] } }));
    for (const next of policy.rules) witnesses = narrow(next, witnesses, policy, context);
    return { value: v.value, record: bySmallestRecordId(witnesses).record, rule };
  });
}

// ---- scores ---------------------------------------------------------------------------------

function trustOf(policy: FieldPolicy, system: string): number {
  return policy.trust?.[system] ?? 0;
}

/** the source's change time; an unreadable one counts as oldest */
function timeOf(record: SurvivorRecord): number {
  const time = Date.parse(record.sourceUpdatedAt);
  return Number.isNaN(time) ? -Infinity : time;
}

function scriptRank(policy: FieldPolicy, script: string | null): number {
  const scripts = policy.scripts ?? [];
  const rank = script === null ? -1 : scripts.indexOf(script);
  return rank === -1 ? scripts.length : rank;
}

/** [parts present (one per list item), characters] */
function completeness(parts: readonly (string | string[] | null | undefined)[]): number[] {
  let count = 0;
  let chars = 0;
  for (const part of parts) {
    for (const text of Array.isArray(part) ? part : part == null ? [] : [part]) {
      count += 1;
      chars += Array.from(text).length;
    }
  }
  return [count, chars];
}

/** lexicographic; higher is better */
function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i] ? 1 : -1;
  return 0;
}

function cleanText(text: string | null | undefined): string | null {
  return text == null || text.trim() === '' ? null : text;
}

function cleanList(list: readonly (string | null)[] | null | undefined): string[] {
  const kept: string[] = [];
  for (const item of list ?? []) if (item != null && item.trim() !== '' && !kept.includes(item)) kept.push(item);
  return kept;
}

// ---- history --------------------------------------------------------------------------------

export interface AttributeChange {
  field: GoldenField;
  /** the field's attributes before (nulls and empty lists for a golden that did not exist) */
  before: Partial<GoldenAttributes>;
  after: Partial<GoldenAttributes>;
}

/**
 * The golden fields whose attributes differ, in GOLDEN_FIELDS order, each with its attributes
 * before and after (for `golden_event`). `before` null: a new golden, every field with a value
 * is a change. Attributes missing from a stored record count as null / empty; the order of a
 * multi-valued list counts (the first phone is the one apps call).
 */
export function diffAttributes(before: Partial<GoldenAttributes> | null | undefined, after: Partial<GoldenAttributes>): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const field of GOLDEN_FIELDS) {
    const old = pickField(before ?? {}, field);
    const now = pickField(after, field);
    if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ field, before: old, after: now });
  }
  return changes;
}

function pickField(attributes: Partial<GoldenAttributes>, field: GoldenField): Partial<GoldenAttributes> {
  const picked: Partial<Record<keyof GoldenAttributes, unknown>> = {};
  for (const attribute of GOLDEN_FIELD_ATTRIBUTES[field]) {
    const value = attributes[attribute];
    picked[attribute] = LIST_ATTRIBUTES.has(attribute) ? [...((value as string[] | null | undefined) ?? [])] : (value ?? null);
  }
  return picked as Partial<GoldenAttributes>;
}
