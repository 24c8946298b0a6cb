/**
 * The policy table (role × purpose × category → decision), cached briefly so the gate costs no
 * query per field, and per request the caller's decisions plus their consent loader. Changes
 * are kept in `access_policy_change` and take effect at once in this process, within
 * POLICY_CACHE_MS in others.
 */
import DataLoader from 'dataloader';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '../api/auth.js';
import { RequestSlot, type RequestScope } from '../api/request-scope.js';
import { AccessPolicyRepository, type PolicyRow } from './access-policy.repository.js';
import { DataCategory } from './categories.js';
import { HubError } from '../errors.js';
import { assertPurpose } from './purpose.js';
import { ConsentRepository, consentState } from './consent.repository.js';
import { decideCategory, decideField, needsConsent, type ConsentState, type FieldOutcome, type PolicyDecision, type PolicyFor } from './decision.js';

export type { PolicyRow };

export interface PolicyCaller {
  principal: Principal;
  purpose: string | null;
}

const POLICY_CACHE_MS = 5000;

export class PolicyService {
  private cache: { at: number; rows: Promise<PolicyRow[]> } | null = null;
  private readonly slot = new RequestSlot<RequestPolicy>('policy decisions');

  constructor(private readonly orm: MikroORM, private readonly now: () => Date = () => new Date()) {}

  rows(): Promise<PolicyRow[]> {
    if (!this.cache || Date.now() - this.cache.at > POLICY_CACHE_MS) {
      const rows = new AccessPolicyRepository(this.orm.em.fork()).all();
      rows.catch(() => (this.cache = null)); // a failed load is not cached
      this.cache = { at: Date.now(), rows };
    }
    return this.cache.rows;
  }

  async decisions(role: string, purpose: string): Promise<PolicyFor> {
    const rows = (await this.rows()).filter((r) => r.role === role && r.purpose === purpose);
    return new Map(rows.map((r) => [r.category, r.decision]));
  }

  /**
   * The caller's policy: the table read and consents loaded once for everything it asks. Given the
   * request's scope (the API), one per request, kept there and dropped with it; without, a new one.
   */
  forRequest(caller: PolicyCaller, scope?: RequestScope): RequestPolicy {
    const create = () => new RequestPolicy(this, caller, new ConsentRepository(this.orm.em.fork()), this.now);
    return scope ? scope.of(this.slot, create) : create();
  }

  /** `em`: the transaction to change it in (the mutation's, with its access-log entry); default its own */
  async set(entry: { role: string; purpose: string; category: DataCategory; decision: PolicyDecision }, actor: string, em: EntityManager = this.orm.em.fork()): Promise<PolicyRow> {
    assertPurpose(entry.purpose);
    const row = await em.transactional(async (tx) => {
      const repo = new AccessPolicyRepository(tx);
      const before = await repo.lockDecision(entry.role, entry.purpose, entry.category);
      const after = await repo.upsert(entry, actor);
      await repo.recordChange(entry, before ?? null, actor);
      return after;
    });
    this.invalidate();
    return row;
  }

  /**
   * Drops the cached table. `set` does so, but inside a caller's transaction that has not
   * committed yet a concurrent request could cache the old table again: the caller invalidates
   * once more after its commit.
   */
  invalidate(): void {
    this.cache = null;
  }
}

/** how a search or filter on one category may run for this caller */
export type SearchScope = { kind: 'ALL' } | { kind: 'CONSENTED'; purpose: string; category: DataCategory } | { kind: 'REFUSED' };

export class RequestPolicy {
  private decisionsOf: Promise<PolicyFor | null> | null = null;
  private readonly consents: DataLoader<string, ConsentState | null>;

  constructor(
    private readonly service: PolicyService,
    private readonly caller: PolicyCaller,
    consents: ConsentRepository,
    private readonly now: () => Date,
  ) {
    this.consents = new DataLoader(async (ids) => {
      const rows = await consents.current(ids, caller.purpose ?? '');
      const byId = new Map(rows.map((r) => [r.golden_id, consentState(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** the caller's decisions by category; null when no purpose was declared */
  private decisions(): Promise<PolicyFor | null> {
    const { purpose, principal } = this.caller;
    this.decisionsOf ??= purpose === null ? Promise.resolve(null) : this.service.decisions(principal.role, purpose);
    return this.decisionsOf;
  }

  async decide(categories: readonly DataCategory[], subjectId: string | null): Promise<FieldOutcome> {
    const policy = await this.decisions();
    const consent = subjectId && needsConsent(policy, categories) ? await this.consents.load(subjectId) : null;
    return decideField(policy, categories, consent, this.now());
  }

  /** the customer's statement in force that covers this category for the request's purpose (its ref), null if none */
  async consentFor(subjectId: string, category: DataCategory): Promise<{ ref?: string } | null> {
    const outcome = decideCategory('REQUIRE_CONSENT', category, await this.consents.load(subjectId), this.now());
    return outcome.kind === 'ALLOW' ? { ref: outcome.consentRef } : null;
  }

  /**
   * Reading customers at all needs a declared purpose: without one even a list of ids (who is a
   * customer, how many records each has) would leave with no purpose to log it under.
   */
  requirePurpose(): string {
    if (this.caller.purpose === null) throw new HubError('FORBIDDEN', 'x-purpose: declare the purpose customer data is read for', { extensions: { reason: 'NO_PURPOSE' } });
    return this.caller.purpose;
  }

  /**
   * A lookup by the key of one person's record (system + source key) tells whose record it is,
   * as reading IDENTITY in full does: refused without that right, and under REQUIRE_CONSENT it
   * finds only a consenting person. Answers whether the person found may be shown: with the
   * consent statement it relies on where it needs one.
   */
  async identityLookup(argument: string): Promise<(subjectId: string | null) => Promise<{ ref?: string } | null>> {
    this.requirePurpose();
    const scope = await this.searchScope(DataCategory.IDENTITY);
    if (scope.kind === 'REFUSED') {
      throw new HubError('FORBIDDEN', `${argument}: looking up a person's record needs IDENTITY data for this role and purpose`, { extensions: { argument, reason: 'SEARCH_NOT_ALLOWED' } });
    }
    // under consent, a record linked to no customer has no one's consent to rely on: not found
    return async (subjectId) => (scope.kind === 'ALL' ? {} : subjectId === null ? null : this.consentFor(subjectId, DataCategory.IDENTITY));
  }

  /**
   * Searching or filtering on a category reveals it (who has this phone?), so it needs the same
   * right as reading it in full: ALLOW searches everyone, REQUIRE_CONSENT only those who
   * consented, MASK and DENY not at all.
   */
  async searchScope(category: DataCategory): Promise<SearchScope> {
    const policy = await this.decisions();
    switch (policy?.get(category)) {
      case 'ALLOW':
        return { kind: 'ALL' };
      case 'REQUIRE_CONSENT':
        return { kind: 'CONSENTED', purpose: this.caller.purpose!, category };
      default:
        return { kind: 'REFUSED' };
    }
  }
}


