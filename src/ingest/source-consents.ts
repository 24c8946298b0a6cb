/**
 * A record's consent statements as the hub stores them (`source_consent`), checked: the hub does
 * not rely on every connector keeping the contract, and a statement it cannot read quarantines
 * the row (BAD_CONSENT) rather than being dropped or guessed, as with a date of birth. Pure.
 *
 * When: a source that keeps only the day ('2024-03-01', taken as the UTC day) stated it some time
 * in that day, so `given_at` is the day's start and `latest_given_at` its end; an instant is both.
 * An expiry date ends the consent at the start of that day (the stricter reading).
 */
import type { SourceConsent } from '../../connectors/contract.js';
import { parseTimestamp } from '../../connectors/support/row-checks.js';
import { PURPOSE_PATTERN } from '../policy/purpose.js';
import { isRealDate } from '../standardize/calendar.js';

export interface SourceConsentRow {
  purpose: string;
  categories: string[];
  status: SourceConsent['status'];
  given_at: string; // ISO instants
  latest_given_at: string;
  expires_at: string | null;
  channel: string;
  evidence: string | null;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const STATUSES = new Set<string>(['GRANTED', 'DENIED', 'REVOKED']);

/** The span of time an ISO date or instant stands for, or null when it is neither. */
function readWhen(text: unknown): { from: Date; until: Date } | null {
  const date = typeof text === 'string' ? ISO_DATE.exec(text) : null;
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!isRealDate(y, m, d)) return null;
    const from = new Date(Date.UTC(y, m - 1, d));
    return { from, until: new Date(from.getTime() + DAY_MS) };
  }
  const instant = parseTimestamp(text);
  return instant && { from: instant, until: instant };
}

/** The rows to store, or what is wrong with the first statement that cannot be read (no values named). */
export function sourceConsentRows(consents: readonly SourceConsent[] | undefined): { ok: true; rows: SourceConsentRow[] } | { ok: false; bad: string } {
  const rows = new Map<string, SourceConsentRow>();
  for (const c of consents ?? []) {
    if (!PURPOSE_PATTERN.test(c.purpose)) return { ok: false, bad: 'consents: purpose is not upper-case letters and _' };
    if (!STATUSES.has(c.status)) return { ok: false, bad: `consents: ${c.purpose} status is not GRANTED, DENIED or REVOKED` };
    const given = readWhen(c.givenAt);
    if (!given) return { ok: false, bad: `consents: ${c.purpose} givenAt is not an ISO date or instant` };
    const expires = c.expiresAt == null ? null : readWhen(c.expiresAt);
    if (c.expiresAt != null && !expires) return { ok: false, bad: `consents: ${c.purpose} expiresAt is not an ISO date or instant` };
    if (rows.has(c.purpose)) return { ok: false, bad: `consents: ${c.purpose} stated twice` };
    rows.set(c.purpose, {
      purpose: c.purpose,
      categories: [...c.categories],
      status: c.status,
      given_at: given.from.toISOString(),
      latest_given_at: given.until.toISOString(),
      expires_at: expires && expires.from.toISOString(),
      channel: c.channel,
      evidence: c.evidence ?? null,
    });
  }
  return { ok: true, rows: [...rows.values()] };
}
