/**
 * Survivorship policy as data: per golden field, which rules pick the surviving value and how
 * much each source system is trusted for it. `survive` (survivorship.ts) applies it; a bank
 * changes the policy, not the code.
 *
 * Rules, applied in order, each keeping only the best candidates of the ones left:
 * - SOURCE_TRUST: the records of the most trusted system (`trust`, higher wins; a system not
 *   listed counts 0);
 * - MOST_FREQUENT: the value carried by the most records;
 * - MOST_RECENT: the records the source changed last (`sourceUpdatedAt`);
 * - MOST_COMPLETE: the value with the most parts (list items count one each), then the most
 *   characters (an address with street, postcode and city over one with a city only);
 * - PREFERRED_SCRIPT (name only): the name in the script that comes first in `scripts`.
 */
import { GOLDEN_FIELDS, GOLDEN_FIELD_ATTRIBUTES, LIST_ATTRIBUTES, type GoldenField } from './golden-attributes.js';

export type SurvivorshipRule = 'SOURCE_TRUST' | 'MOST_FREQUENT' | 'MOST_RECENT' | 'MOST_COMPLETE' | 'PREFERRED_SCRIPT';

export const SURVIVORSHIP_RULES: readonly SurvivorshipRule[] = ['SOURCE_TRUST', 'MOST_FREQUENT', 'MOST_RECENT', 'MOST_COMPLETE', 'PREFERRED_SCRIPT'];

export interface FieldPolicy {
  /** applied in order, each narrows the candidates; the first after which one value is left is the one recorded */
  rules: SurvivorshipRule[];
  /** per source system, higher wins; systems not listed count 0 */
  trust?: Record<string, number>;
  /** list fields (phones, emails) only: keep every distinct value, ordered by the rules, each with its own provenance */
  multi?: boolean;
  /** PREFERRED_SCRIPT: name scripts, preferred first; a script not listed comes after all listed ones */
  scripts?: string[];
}

export type SurvivorshipPolicy = Record<GoldenField, FieldPolicy>;

/** identity data: what the bank verified in person, at the branch, against the document */
const KYC_TRUST = { core_banking: 3, loans: 2, cards: 1 };
/** contact data: the card processor reaches the customer every month (OTP, statements), so it finds out first */
const CONTACT_TRUST = { cards: 3, core_banking: 2, loans: 1 };

/**
 * A bank's defaults.
 *
 * - name: a CJK name first, then the most frequent form, then KYC trust, then the latest. The
 *   legal name of a CN resident is the one in characters (the resident id card); a romanisation
 *   is a lossy transliteration (many characters, one pinyin), the form a source keeps only when
 *   it cannot store characters. Counting those transliterations as votes against the
 *   characters would let the display flip between scripts depending on which systems a customer
 *   happens to be in; standardization already ranks a CJK name above a romanised one for the
 *   same reason. Latin-only customers are unaffected. Then frequency: typos are rare and
 *   scattered, so the form most sources agree on is the right one.
 * - dateOfBirth, gender: most frequent (a typo or a swapped day/month is one source's error),
 *   then KYC trust, then the latest.
 * - nationalId (+ type): KYC trust first, then most frequent: core banking checked the document
 *   at the branch; a card application's id number is typed by the applicant.
 * - phones, e-mails: every distinct value kept, the latest first (people change numbers;
 *   the source that changed last knows the current one), then contact trust, then frequency.
 * - address: the latest (people move), then the most complete, then KYC trust.
 */
export const DEFAULT_SURVIVORSHIP_POLICY: SurvivorshipPolicy = {
  name: { rules: ['PREFERRED_SCRIPT', 'MOST_FREQUENT', 'SOURCE_TRUST', 'MOST_RECENT'], trust: KYC_TRUST, scripts: ['CJK', 'LATIN', 'MIXED'] },
  dateOfBirth: { rules: ['MOST_FREQUENT', 'SOURCE_TRUST', 'MOST_RECENT'], trust: KYC_TRUST },
  nationalId: { rules: ['SOURCE_TRUST', 'MOST_FREQUENT', 'MOST_RECENT'], trust: KYC_TRUST },
  gender: { rules: ['MOST_FREQUENT', 'SOURCE_TRUST', 'MOST_RECENT'], trust: KYC_TRUST },
  phones: { rules: ['MOST_RECENT', 'SOURCE_TRUST', 'MOST_FREQUENT'], trust: CONTACT_TRUST, multi: true },
  emails: { rules: ['MOST_RECENT', 'SOURCE_TRUST', 'MOST_FREQUENT'], trust: CONTACT_TRUST, multi: true },
  address: { rules: ['MOST_RECENT', 'MOST_COMPLETE', 'SOURCE_TRUST'], trust: KYC_TRUST },
};

/** Throws on a policy `survive` cannot apply as written (a policy is data, possibly from configuration). */
export function assertValidPolicy(policy: SurvivorshipPolicy): void {
  for (const field of GOLDEN_FIELDS) {
    const fieldPolicy = policy[field];
    if (fieldPolicy === undefined) throw new Error(`survivorship policy has no entry for ${field}`);
    if (!Array.isArray(fieldPolicy.rules) || fieldPolicy.rules.length === 0) throw new Error(`survivorship policy for ${field} has no rules`);
    for (const rule of fieldPolicy.rules) {
      if (!SURVIVORSHIP_RULES.includes(rule)) throw new Error(`survivorship policy for ${field}: unknown rule ${String(rule)}`);
      if (rule === 'PREFERRED_SCRIPT' && field !== 'name') throw new Error(`survivorship policy for ${field}: PREFERRED_SCRIPT applies to name only`);
    }
    for (const [system, trust] of Object.entries(fieldPolicy.trust ?? {})) {
      if (!Number.isFinite(trust)) throw new Error(`survivorship policy for ${field}: trust of ${system} is not a number`);
    }
    if (fieldPolicy.multi && !(GOLDEN_FIELD_ATTRIBUTES[field].length === 1 && LIST_ATTRIBUTES.has(GOLDEN_FIELD_ATTRIBUTES[field][0]))) {
      throw new Error(`survivorship policy for ${field}: multi applies to list fields (phones, emails) only`);
    }
  }
}
