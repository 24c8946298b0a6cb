/**
 * Data-quality rules as data (like segment rules): each stored rule names a check (the code that
 * evaluates it), its parameters, a severity and whether it is enabled, so a bank tunes them
 * without a release. A rule is validated on load and on every change: a check that does not exist
 * or parameters of the wrong shape are refused (RuleError), never half-applied. Pure.
 */
import { z } from 'zod';

export const QUALITY_KINDS = ['VALIDITY', 'COMPLETENESS', 'UNIQUENESS', 'CONSISTENCY', 'TIMELINESS'] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

export const SEVERITIES = ['INFO', 'WARNING', 'ERROR'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** what a check looks at: one source record, one golden customer, the whole set, one source system */
export type CheckScope = 'RECORD' | 'CUSTOMER' | 'SET' | 'SYSTEM';

/** fields a record-level rule can name (the standardized fields of a source record) */
export const RECORD_FIELDS = ['name', 'dateOfBirth', 'nationalId', 'gender', 'phone', 'email', 'address'] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

const systems = z.array(z.string().min(1)).min(1).optional();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Each check: its kind, its scope and the shape of its parameters. `systems` (record checks):
 * the source systems the rule applies to; absent, all.
 */
export const CHECKS = {
  /** a national id the source gave that standardization rejected (CN resident id: bad check digit, length, date) */
  nationalIdValid: { kind: 'VALIDITY', scope: 'RECORD', parameters: z.object({ systems }).strict() },
  /** a valid CN resident id whose embedded birth date is not the record's date of birth */
  residentIdBirthDate: { kind: 'VALIDITY', scope: 'RECORD', parameters: z.object({ systems }).strict() },
  /** phone numbers that are not valid numbers; with `mobileOnly`, also valid numbers that are not mobiles */
  phoneFormat: { kind: 'VALIDITY', scope: 'RECORD', parameters: z.object({ systems, mobileOnly: z.boolean().default(false) }).strict() },
  /** e-mail addresses that are not addresses */
  emailFormat: { kind: 'VALIDITY', scope: 'RECORD', parameters: z.object({ systems }).strict() },
  /** a date of birth that is not a date, or outside [earliest, today − minAgeYears] */
  dateRange: {
    kind: 'VALIDITY',
    scope: 'RECORD',
    parameters: z.object({ systems, earliest: isoDate.default('1900-01-01'), minAgeYears: z.number().int().min(0).max(150).default(0) }).strict(),
  },
  /** fields each source system must fill (absent: neither a value nor a rejected one) */
  requiredFields: {
    kind: 'COMPLETENESS',
    scope: 'RECORD',
    parameters: z.object({ bySystem: z.record(z.string(), z.array(z.enum(RECORD_FIELDS)).min(1)) }).strict(),
  },
  /** linked source records of one golden customer that disagree on a field */
  crossSourceConsistency: {
    kind: 'CONSISTENCY',
    scope: 'CUSTOMER',
    parameters: z.object({ fields: z.array(z.enum(['dateOfBirth', 'nationalId', 'name'])).min(1) }).strict(),
  },
  /** one national id on two or more ACTIVE golden customers */
  uniqueNationalId: { kind: 'UNIQUENESS', scope: 'SET', parameters: z.object({}).strict() },
  /** a source not read to its end within its expected interval */
  sourceFreshness: {
    kind: 'TIMELINESS',
    scope: 'SYSTEM',
    parameters: z.object({ maxAgeMinutes: z.number().positive(), bySystem: z.record(z.string(), z.number().positive()).optional() }).strict(),
  },
} as const satisfies Record<string, { kind: QualityKind; scope: CheckScope; parameters: z.ZodType }>;

export type CheckName = keyof typeof CHECKS;
export type CheckParameters<C extends CheckName> = z.output<(typeof CHECKS)[C]['parameters']>;

export class RuleError extends Error {}

/** a rule as stored */
export interface RawQualityRule {
  id: number;
  code: string;
  kind: string;
  check: string;
  parameters: unknown;
  severity: string;
  enabled: boolean;
}

/** a rule ready to run */
export type QualityRule = { [C in CheckName]: { id: number; code: string; kind: QualityKind; check: C; scope: CheckScope; parameters: CheckParameters<C>; severity: Severity; enabled: boolean } }[CheckName];

export function parseRule(raw: RawQualityRule): QualityRule {
  const check = CHECKS[raw.check as CheckName];
  if (!check) throw new RuleError(`rule ${raw.code}: no check named ${raw.check}`);
  if (raw.kind !== check.kind) throw new RuleError(`rule ${raw.code}: check ${raw.check} is of kind ${check.kind}, not ${raw.kind}`);
  if (!(SEVERITIES as readonly string[]).includes(raw.severity)) throw new RuleError(`rule ${raw.code}: severity must be one of ${SEVERITIES.join(', ')}`);
  const parsed = check.parameters.safeParse(raw.parameters ?? {});
  if (!parsed.success) {
    // paths and messages name parameters, never data
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(parameters)'}: ${i.message}`).join('; ');
    throw new RuleError(`rule ${raw.code}: bad parameters (${problem})`);
  }
  return { id: raw.id, code: raw.code, kind: check.kind, check: raw.check, scope: check.scope, parameters: parsed.data, severity: raw.severity, enabled: raw.enabled } as QualityRule;
}

/** the enabled rules, validated; a malformed stored rule throws RuleError */
export function enabledRules(raw: readonly RawQualityRule[]): QualityRule[] {
  return raw.map(parseRule).filter((r) => r.enabled);
}

/**
 * A finding: which rule, on which field, and why — reason codes only. Findings never carry the
 * values they are about: they go to stewards through the policy gate and may reach logs.
 */
export interface Finding {
  rule: string;
  field: string | null;
  reason: string;
  /** counts and codes only, e.g. { distinctValues: 2 } */
  detail?: Record<string, number | string | boolean>;
}

/** The rules the hub starts with (seeded by Migration20261202600000). */
export const DEFAULT_RULES: readonly (Omit<RawQualityRule, 'id'> & { description: string })[] = [
  { code: 'NATIONAL_ID_VALID', kind: 'VALIDITY', check: 'nationalIdValid', parameters: {}, severity: 'ERROR', enabled: true, description: 'National id rejected by standardization (CN resident id: check digit, length or embedded date)' },
  { code: 'RESIDENT_ID_BIRTH_DATE', kind: 'VALIDITY', check: 'residentIdBirthDate', parameters: {}, severity: 'WARNING', enabled: true, description: "CN resident id's birth date differs from the record's date of birth" },
  { code: 'PHONE_VALID', kind: 'VALIDITY', check: 'phoneFormat', parameters: { mobileOnly: false }, severity: 'WARNING', enabled: true, description: 'Phone number that is not a valid number in its numbering plan' },
  { code: 'EMAIL_VALID', kind: 'VALIDITY', check: 'emailFormat', parameters: {}, severity: 'WARNING', enabled: true, description: 'E-mail address that is not an address' },
  { code: 'DATE_OF_BIRTH_RANGE', kind: 'VALIDITY', check: 'dateRange', parameters: { earliest: '1900-01-01', minAgeYears: 0 }, severity: 'ERROR', enabled: true, description: 'Date of birth not a date, in the future or before 1900' },
  {
    code: 'REQUIRED_FIELDS',
    kind: 'COMPLETENESS',
    check: 'requiredFields',
    parameters: {
      bySystem: {
        core_banking: ['name', 'dateOfBirth', 'nationalId', 'phone'],
        cards: ['name', 'dateOfBirth', 'phone', 'email'],
        loans: ['name', 'dateOfBirth', 'nationalId', 'phone'],
      },
    },
    severity: 'WARNING',
    enabled: true,
    description: 'A field the source system is expected to fill is missing (KYC: id and birth date for accounts and loans; contact for cards)',
  },
  { code: 'CROSS_SOURCE_CONSISTENCY', kind: 'CONSISTENCY', check: 'crossSourceConsistency', parameters: { fields: ['dateOfBirth', 'nationalId', 'name'] }, severity: 'WARNING', enabled: true, description: 'Linked source records of one customer disagree on date of birth, national id or name' },
  { code: 'UNIQUE_NATIONAL_ID', kind: 'UNIQUENESS', check: 'uniqueNationalId', parameters: {}, severity: 'ERROR', enabled: true, description: 'One national id on two or more active golden customers (a missed merge or a wrong id)' },
  { code: 'SOURCE_FRESHNESS', kind: 'TIMELINESS', check: 'sourceFreshness', parameters: { maxAgeMinutes: 1440 }, severity: 'ERROR', enabled: true, description: 'A source system not read to its end within its expected interval (default a day)' },
];
