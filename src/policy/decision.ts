/**
 * The policy decision for one field of one person, pure: the policy table's decision for the
 * caller's role and purpose per category, the person's consent where the policy requires it,
 * and the most restrictive outcome over the field's categories. Nothing listed means DENY. A
 * field returned because of consent names the statement it relied on (`consentRef`), for the
 * access log. Which statement is in force is decided in SQL (`consent_current`), not here.
 */
import type { WithholdReason } from '../api/access-recorder.js';
import type { DataCategory } from './categories.js';

export type PolicyDecision = 'ALLOW' | 'MASK' | 'REQUIRE_CONSENT' | 'DENY';

export type FieldOutcome = { kind: 'ALLOW'; consentRef?: string } | { kind: 'MASK'; consentRef?: string } | { kind: 'WITHHOLD'; reason: WithholdReason };

/** a customer's current consent to the request's purpose */
export interface ConsentState {
  status: 'GRANTED' | 'DENIED' | 'REVOKED';
  categories: readonly string[];
  expiresAt: Date | null;
  /** the statement's reference in the access log (consentRef of consent.repository.ts) */
  ref?: string;
}

/** decisions for one role and purpose, by category */
export type PolicyFor = ReadonlyMap<DataCategory, PolicyDecision>;

const RANK = { ALLOW: 0, MASK: 1, WITHHOLD: 2 } as const;

export function decideCategory(decision: PolicyDecision | undefined, category: DataCategory, consent: ConsentState | null, now: Date): FieldOutcome {
  switch (decision) {
    case 'ALLOW':
      return { kind: 'ALLOW' };
    case 'MASK':
      return { kind: 'MASK' };
    case 'REQUIRE_CONSENT':
      if (!consent || consent.status !== 'GRANTED' || !consent.categories.includes(category)) return { kind: 'WITHHOLD', reason: 'NO_CONSENT' };
      if (consent.expiresAt !== null && consent.expiresAt.getTime() <= now.getTime()) return { kind: 'WITHHOLD', reason: 'CONSENT_EXPIRED' };
      return consent.ref === undefined ? { kind: 'ALLOW' } : { kind: 'ALLOW', consentRef: consent.ref };
    default:
      return { kind: 'WITHHOLD', reason: 'POLICY_DENY' };
  }
}

/**
 * The most restrictive outcome over a field's categories (the first withholding reason wins);
 * returned in full or masked, it names the consent statement any of its categories relied on.
 */
export function decideField(policy: PolicyFor | null, categories: readonly DataCategory[], consent: ConsentState | null, now: Date): FieldOutcome {
  if (policy === null) return { kind: 'WITHHOLD', reason: 'POLICY_DENY' }; // no purpose declared
  let outcome: FieldOutcome = { kind: 'ALLOW' };
  let consentRef: string | undefined;
  for (const category of categories) {
    const next = decideCategory(policy.get(category), category, consent, now);
    if (next.kind === 'ALLOW' && next.consentRef !== undefined) consentRef = next.consentRef;
    if (RANK[next.kind] > RANK[outcome.kind]) outcome = next;
    if (outcome.kind === 'WITHHOLD') return outcome;
  }
  return consentRef === undefined ? outcome : { kind: outcome.kind, consentRef };
}

/** whether any category needs the person's consent (so their consent must be loaded) */
export function needsConsent(policy: PolicyFor | null, categories: readonly DataCategory[]): boolean {
  return policy !== null && categories.some((c) => policy.get(c) === 'REQUIRE_CONSENT');
}
