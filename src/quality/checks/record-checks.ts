/**
 * Checks of one source record, on what ingest stored of it: the standardized fields and the
 * flags standardization left for values it rejected (a rejected value is not kept, its flag is
 * what the checks see). Pure; findings carry field names and reason codes, never values.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { residentIdFacts, standardizeChineseResidentId } from '../../standardize/national-id.js';
import type { Finding, QualityRule, RecordField } from './rules.js';

/** one source record as the checks read it */
export interface RecordFacts {
  system: string;
  hasName: boolean;
  dateOfBirth: string | null;
  nationalId: string | null;
  nationalIdType: string | null;
  gender: string | null;
  phones: readonly string[];
  emails: readonly string[];
  hasAddress: boolean;
  /** standardization flags: { field, code } */
  flags: readonly { field: string; code: string }[];
}

const email = z.email();

const flagsOf = (facts: RecordFacts, field: string) => facts.flags.filter((f) => f.field === field);

function present(facts: RecordFacts, field: RecordField): boolean {
  switch (field) {
    case 'name':
      return facts.hasName;
    case 'dateOfBirth':
      return facts.dateOfBirth !== null;
    case 'nationalId':
      return facts.nationalId !== null;
    case 'gender':
      return facts.gender !== null;
    case 'phone':
      return facts.phones.length > 0;
    case 'email':
      return facts.emails.length > 0;
    case 'address':
      return facts.hasAddress;
  }
}

/** the ISO date `years` before `today` (29 February falls back to the 28th) */
function yearsBefore(today: Date, years: number): string {
  const y = today.getUTCFullYear() - years;
  const m = today.getUTCMonth() + 1;
  const d = m === 2 && today.getUTCDate() === 29 ? 28 : today.getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function uniqueReasons(field: string, reasons: readonly string[], rule: string): Finding[] {
  return [...new Set(reasons)].map((reason) => ({ rule, field, reason }));
}

/** what one record-level rule finds on one record */
export function checkRecordRule(rule: QualityRule, facts: RecordFacts, today: Date = new Date()): Finding[] {
  if (rule.scope !== 'RECORD') return [];
  if ('systems' in rule.parameters && rule.parameters.systems && !rule.parameters.systems.includes(facts.system)) return [];
  switch (rule.check) {
    case 'nationalIdValid':
      return uniqueReasons('nationalId', flagsOf(facts, 'nationalId').map((f) => f.code), rule.code);
    case 'residentIdBirthDate': {
      if (facts.nationalIdType !== 'CN_RESIDENT' || facts.nationalId === null || facts.dateOfBirth === null) return [];
      // stored ids passed standardization; checked again so a hand-edited row cannot pass unread
      const id = standardizeChineseResidentId(facts.nationalId, today);
      if (!('value' in id)) return [{ rule: rule.code, field: 'nationalId', reason: id.flag }];
      return residentIdFacts(id.value).birthDate === facts.dateOfBirth ? [] : [{ rule: rule.code, field: 'dateOfBirth', reason: 'DIFFERS_FROM_RESIDENT_ID' }];
    }
    case 'phoneFormat': {
      const reasons = flagsOf(facts, 'phone').map((f) => f.code);
      for (const phone of facts.phones) {
        const parsed = parsePhoneNumberFromString(phone);
        if (!parsed?.isValid()) reasons.push('INVALID');
        else if (rule.parameters.mobileOnly) {
          const type = parsed.getType();
          if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') reasons.push('NOT_MOBILE');
        }
      }
      return uniqueReasons('phone', reasons, rule.code);
    }
    case 'emailFormat': {
      const reasons = flagsOf(facts, 'email').map((f) => f.code);
      for (const address of facts.emails) if (!email.safeParse(address).success) reasons.push('INVALID');
      return uniqueReasons('email', reasons, rule.code);
    }
    case 'dateRange': {
      // the standardizer's codes: IMPOSSIBLE_DATE, OUT_OF_RANGE, UNPARSABLE, AMBIGUOUS (AMBIGUOUS
      // is a date read two ways or one differing from the id: not a range problem)
      const reasons = flagsOf(facts, 'dateOfBirth').map((f) => f.code).filter((c) => c !== 'AMBIGUOUS');
      const dob = facts.dateOfBirth;
      if (dob !== null) {
        if (dob < rule.parameters.earliest) reasons.push('BEFORE_EARLIEST');
        else if (dob > yearsBefore(today, rule.parameters.minAgeYears)) reasons.push(rule.parameters.minAgeYears === 0 ? 'IN_FUTURE' : 'TOO_YOUNG');
      }
      return uniqueReasons('dateOfBirth', reasons, rule.code);
    }
    case 'requiredFields': {
      const required = rule.parameters.bySystem[facts.system] ?? [];
      // a value the source gave but standardization rejected is invalid, not missing
      return required.filter((field) => !present(facts, field) && flagsOf(facts, field).length === 0).map((field) => ({ rule: rule.code, field, reason: 'MISSING' }));
    }
    default:
      return [];
  }
}

/** every enabled record-level rule on one record */
export function checkRecord(rules: readonly QualityRule[], facts: RecordFacts, today: Date = new Date()): Finding[] {
  return rules.filter((r) => r.enabled && r.scope === 'RECORD').flatMap((r) => checkRecordRule(r, facts, today));
}
