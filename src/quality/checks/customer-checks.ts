/**
 * Checks across the linked source records of one golden customer. Pure; findings say which
 * field disagrees and how many distinct values there are, never the values.
 */
import type { Finding, QualityRule } from './rules.js';

/** one linked, non-deleted source record of a customer, as the consistency check compares it */
export interface LinkedRecordFacts {
  system: string;
  dateOfBirth: string | null;
  nationalId: string | null;
  /** the name in one comparable form (pinyin of family and given, order-free), null when none */
  nameKey: string | null;
}

/**
 * A name in a form two records of one person share across scripts and orders: the pinyin (or
 * folded Latin) parts, spaces and hyphens dropped, sorted — so 张伟, 'ZHANG, WEI' and 'Wei Zhang'
 * agree, and a typo, a nickname or another romanisation does not.
 */
export function nameKey(familyPinyin: string | null | undefined, givenPinyin: string | null | undefined): string | null {
  const parts = [familyPinyin, givenPinyin].map((p) => (p ?? '').toLowerCase().replace(/[\s'-]/g, '')).filter((p) => p.length > 0);
  return parts.length === 0 ? null : parts.sort().join(' ');
}

const FIELD_VALUE = {
  dateOfBirth: (r: LinkedRecordFacts) => r.dateOfBirth,
  nationalId: (r: LinkedRecordFacts) => r.nationalId,
  name: (r: LinkedRecordFacts) => r.nameKey,
} as const;

export function checkCustomerRule(rule: QualityRule, records: readonly LinkedRecordFacts[]): Finding[] {
  if (rule.check !== 'crossSourceConsistency') return [];
  const findings: Finding[] = [];
  for (const field of rule.parameters.fields) {
    const values = new Set(records.map(FIELD_VALUE[field]).filter((v): v is string => v !== null));
    if (values.size > 1) {
      const systems = new Set(records.filter((r) => FIELD_VALUE[field](r) !== null).map((r) => r.system));
      findings.push({ rule: rule.code, field, reason: systems.size > 1 ? 'DIFFERS_ACROSS_SOURCES' : 'DIFFERS_WITHIN_SOURCE', detail: { distinctValues: values.size } });
    }
  }
  return findings;
}

/** every enabled customer-level rule on one customer's linked records */
export function checkCustomer(rules: readonly QualityRule[], records: readonly LinkedRecordFacts[]): Finding[] {
  return rules.filter((r) => r.enabled && r.scope === 'CUSTOMER').flatMap((r) => checkCustomerRule(r, records));
}
