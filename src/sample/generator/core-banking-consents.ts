/**
 * Core banking consent statements: the marketing consent (`MKT`) a branch or channel keyed into
 * the CIF, one current statement per customer. About 40 % gave it, 15 % refused, 5 % withdrew it
 * and 40 % were never asked; some grants run for two years. A few statements are malformed (an
 * unknown status code, or no signing date), which the hub must quarantine. Drawn from a random
 * stream of their own, so adding them changed no other row and no truth. Pure.
 */
import { addMonths, dateOf } from './calendar.js';
import type { Random } from './random.js';
import { dateBetween } from './rendering.js';
import type { CifConsentRow, CifCustomerRow } from './rows.js';

const CONSENT_RATES = {
  /** Y / N / W shares; the rest have no row */
  given: 0.4,
  refused: 0.15,
  withdrawn: 0.05,
  /** grants that expire two years after signing */
  expiring: 0.3,
  malformed: 0.005,
} as const;

const CHANNELS: readonly (readonly [string, number])[] = [['BR', 50], ['MB', 30], ['IB', 15], ['CC', 5]];

export type ConsentCode = 'Y' | 'N' | 'W';

/** One statement with `status`, signed on `signedOn`. */
export function consentStatement(rng: Random, cifNo: string, status: ConsentCode, signedOn: string): CifConsentRow {
  const expires = status === 'Y' && rng.chance(CONSENT_RATES.expiring);
  return {
    cif_no: cifNo,
    purpose_code: 'MKT',
    status,
    signed_on: signedOn,
    channel: rng.weighted(CHANNELS),
    expires_on: expires ? addMonths(signedOn, 24) : null,
  };
}

function drawStatus(rng: Random): ConsentCode | null {
  const r = rng.next();
  if (r < CONSENT_RATES.given) return 'Y';
  if (r < CONSENT_RATES.given + CONSENT_RATES.refused) return 'N';
  if (r < CONSENT_RATES.given + CONSENT_RATES.refused + CONSENT_RATES.withdrawn) return 'W';
  return null;
}

/** Statements for these customers, signed between account opening and their last maintenance. */
export function renderCoreBankingConsents(rng: Random, customers: readonly CifCustomerRow[]): CifConsentRow[] {
  const rows: CifConsentRow[] = [];
  for (const c of customers) {
    const status = drawStatus(rng);
    if (status === null) continue;
    const row = consentStatement(rng, c.cif_no, status, dateBetween(rng, c.open_dt, dateOf(new Date(c.last_maint_ts))));
    if (rng.chance(CONSENT_RATES.malformed)) {
      if (rng.chance(0.5)) row.status = 'X';
      else row.signed_on = null;
    }
    rows.push(row);
  }
  return rows;
}

/** The customer's next statement: a grant is withdrawn; a refusal, withdrawal or silence becomes a grant or a refusal. */
export function nextConsentStatus(rng: Random, current: string | null): ConsentCode {
  if (current === 'Y') return 'W';
  return rng.chance(0.7) ? 'Y' : 'N';
}
