/**
 * A steward's changes to golden customers (issue E, items 2 and 4): merge two customers, move
 * one source record out (to a new customer or a chosen one), split a customer, and decide a
 * scored pair. Each is stored as steward constraints on pairs of source records in matching's
 * `match_candidate` (STEWARD_LINK = must-link, NOT_A_MATCH = cannot-link; the newest decision on a
 * pair replaces an older one), then applied at once: the touched records' components are
 * re-clustered with every constraint, exactly as the incremental path and a batch would (so a
 * later run gives the same answer and never undoes it), and written by golden's writer — all in
 * one transaction under matching's advisory lock, so no batch or incremental run interleaves.
 *
 * Optimistic locking: every change names the version of each golden customer it changes; the
 * rows are locked (FOR UPDATE) and checked first, and a stale version is VERSION_CONFLICT with
 * the current versions, before anything is written. A customer merged away or retired since is
 * stale too (its version moved on).
 *
 * History: golden's writer records the structural events (MERGED, SPLIT, RECORDS_LINKED, …) and
 * changed attributes with the steward as actor and their reason, and each change adds one
 * `STEWARD_<ACTION>` event on every customer it touched, with the customers' records and versions
 * before and after.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { HubError } from '../errors.js';
import { writeGoldenCustomers } from '../golden/golden-writer.js';
import { GoldenRepository, type NewEvent } from '../golden/golden.repository.js';
import { compareIds } from '../matching/engine/index.js';
import { clusterLoaded, type ResolutionSettings } from '../matching/incremental-match.service.js';
import { MatchingRepository, type DecidedPair } from '../matching/matching.repository.js';
import { LatestScorer } from '../matching/latest-scorer.js';

export type StewardAction = 'MERGE' | 'UNMERGE' | 'SPLIT' | 'DECIDE_MATCH';
export type MatchDecision = 'MERGE' | 'NOT_A_MATCH';

export interface ExpectedVersion {
  customerId: string;
  version: number;
}

/** a golden customer as a change left it */
export interface CustomerState {
  id: string;
  version: number;
  status: string;
  mergedInto: string | null;
  /** live source records, in id order */
  sourceRecordIds: string[];
}

export interface StewardChange {
  action: StewardAction;
  /** every customer the change touched, as it left them (merged-away ones redirect) */
  customers: CustomerState[];
}

export interface MergeInput {
  survivorId: string;
  otherId: string;
  reason: string;
  survivorVersion: number;
  otherVersion: number;
}

export interface UnmergeInput {
  customerId: string;
  sourceRecordId: string;
  targetCustomerId?: string | null;
  reason: string;
  version: number;
  targetVersion?: number | null;
}

export interface SplitInput {
  customerId: string;
  groups: string[][];
  reason: string;
  version: number;
}

export interface DecideInput {
  candidateId: string;
  decision: MatchDecision;
  reason: string;
  expectedVersions: ExpectedVersion[];
}

export type DecideOutcome = { ok: true; change: StewardChange } | { ok: false; error: HubError };

const MAX_REASON = 2000;
/** a customer's records a split may name (a person has a handful; a thousand is a data error) */
const MAX_SPLIT_RECORDS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECORD_ID = /^[0-9]{1,18}$/;

export class StewardshipService {
  private readonly latestScorer: LatestScorer;

  constructor(
    private readonly orm: MikroORM,
    private readonly settings: ResolutionSettings,
  ) {
    this.latestScorer = new LatestScorer(settings.match);
  }

  /** one customer: every record of both, pinned together; `survivorId` keeps its id whatever the ages */
  merge(actor: string, input: MergeInput, em?: EntityManager): Promise<StewardChange> {
    const reason = checkReason(input.reason);
    checkCustomerId('survivorId', input.survivorId);
    checkCustomerId('otherId', input.otherId);
    if (input.survivorId.toLowerCase() === input.otherId.toLowerCase()) {
      throw new HubError('BAD_USER_INPUT', 'otherId: a customer cannot be merged with itself', { extensions: { argument: 'otherId', reason: 'SAME_CUSTOMER' } });
    }
    return this.inChange(em, async (tx) => {
      const before = await this.checkVersions(tx, [
        { customerId: input.survivorId, version: input.survivorVersion, argument: 'survivorVersion' },
        { customerId: input.otherId, version: input.otherVersion, argument: 'otherVersion' },
      ]);
      const all = before.flatMap((c) => c.sourceRecordIds).sort(compareIds);
      const decisions = [...chain(all), ...(await this.apartWithin(tx, all))];
      return this.apply(tx, actor, reason, 'MERGE', before, decisions, all, {
        details: { survivorId: input.survivorId, otherId: input.otherId },
        preferredIds: [input.survivorId],
        holds: (clusterOf) => all.every((id) => clusterOf.get(id) === clusterOf.get(all[0]!)),
      });
    });
  }

  /** one record out of a customer: to a new customer, or pinned to the records of `targetCustomerId` */
  unmerge(actor: string, input: UnmergeInput, em?: EntityManager): Promise<StewardChange> {
    const reason = checkReason(input.reason);
    checkCustomerId('customerId', input.customerId);
    checkRecordId('sourceRecordId', input.sourceRecordId);
    const target = input.targetCustomerId ?? null;
    if (target !== null) {
      checkCustomerId('targetCustomerId', target);
      if (target.toLowerCase() === input.customerId.toLowerCase()) {
        throw new HubError('BAD_USER_INPUT', 'targetCustomerId: the record is already in that customer', { extensions: { argument: 'targetCustomerId', reason: 'SAME_CUSTOMER' } });
      }
      if (input.targetVersion === null || input.targetVersion === undefined) {
        throw new HubError('BAD_USER_INPUT', 'targetVersion: required with targetCustomerId', { extensions: { argument: 'targetVersion', reason: 'MISSING_VERSION' } });
      }
    }
    return this.inChange(em, async (tx) => {
      const expected = [{ customerId: input.customerId, version: input.version, argument: 'version' }];
      if (target !== null) expected.push({ customerId: target, version: input.targetVersion!, argument: 'targetVersion' });
      const before = await this.checkVersions(tx, expected);
      const from = before[0]!;
      const record = input.sourceRecordId;
      if (!from.sourceRecordIds.includes(record)) {
        throw new HubError('BAD_USER_INPUT', 'sourceRecordId: not a live record of that customer', { extensions: { argument: 'sourceRecordId', reason: 'NOT_IN_CUSTOMER' } });
      }
      const rest = from.sourceRecordIds.filter((id) => id !== record);
      if (rest.length === 0 && target === null) {
        throw new HubError('BAD_USER_INPUT', 'sourceRecordId: the only record of its customer cannot leave it for a new one', { extensions: { argument: 'sourceRecordId', reason: 'ONLY_RECORD' } });
      }
      const moved = target === null ? [record] : [record, ...before[1]!.sourceRecordIds].sort(compareIds);
      const decisions = [...(await this.partition(tx, from.sourceRecordIds, [moved.filter((id) => from.sourceRecordIds.includes(id))], moved))];
      if (target !== null) decisions.push(...chain(moved), ...(await this.apartWithin(tx, moved)));
      const claims = new Map<string, string>();
      if (rest.length > 0) claims.set(from.id, rest[0]!);
      if (target !== null) claims.set(target, before[1]!.sourceRecordIds[0] ?? record);
      return this.apply(tx, actor, reason, 'UNMERGE', before, decisions, from.sourceRecordIds, {
        details: { customerId: input.customerId, sourceRecordId: record, targetCustomerId: target },
        preferredIds: target === null ? [] : [target],
        claims,
        holds: (clusterOf) =>
          rest.every((id) => clusterOf.get(id) !== clusterOf.get(record)) && moved.every((id) => clusterOf.get(id) === clusterOf.get(record)),
      });
    });
  }

  /** named groups of records become customers of their own, each pinned together; the records not named stay */
  split(actor: string, input: SplitInput, em?: EntityManager): Promise<StewardChange> {
    const reason = checkReason(input.reason);
    checkCustomerId('customerId', input.customerId);
    if (input.groups.length === 0 || input.groups.some((g) => g.length === 0)) {
      throw new HubError('BAD_USER_INPUT', 'groups: at least one group, none empty', { extensions: { argument: 'groups', reason: 'EMPTY_GROUP' } });
    }
    const named = input.groups.flat();
    if (named.length > MAX_SPLIT_RECORDS) throw new HubError('BAD_USER_INPUT', `groups: at most ${MAX_SPLIT_RECORDS} records`, { extensions: { argument: 'groups', reason: 'TOO_MANY' } });
    for (const id of named) checkRecordId('groups', id);
    if (new Set(named).size !== named.length) {
      throw new HubError('BAD_USER_INPUT', 'groups: a record is named more than once', { extensions: { argument: 'groups', reason: 'OVERLAPPING_GROUPS' } });
    }
    return this.inChange(em, async (tx) => {
      const before = await this.checkVersions(tx, [{ customerId: input.customerId, version: input.version, argument: 'version' }]);
      const records = before[0]!.sourceRecordIds;
      const foreign = named.filter((id) => !records.includes(id));
      if (foreign.length > 0) {
        throw new HubError('BAD_USER_INPUT', 'groups: a record is not a live record of that customer', { extensions: { argument: 'groups', reason: 'NOT_IN_CUSTOMER', sourceRecordId: foreign[0]! } });
      }
      const groups = input.groups.map((g) => [...g].sort(compareIds));
      const rest = records.filter((id) => !named.includes(id));
      if (groups.length + (rest.length > 0 ? 1 : 0) < 2) {
        throw new HubError('BAD_USER_INPUT', 'groups: the split leaves the customer whole', { extensions: { argument: 'groups', reason: 'NOTHING_TO_SPLIT' } });
      }
      const decisions = await this.partition(tx, records, groups, named);
      for (const g of groups) decisions.push(...chain(g), ...(await this.apartWithin(tx, g)));
      // the records that stay keep the id; with none left, the default rule (largest part)
      const claims = new Map<string, string>(rest.length > 0 ? [[input.customerId, rest[0]!]] : []);
      const parts = rest.length > 0 ? [...groups, rest] : groups;
      return this.apply(tx, actor, reason, 'SPLIT', before, decisions, records, {
        details: { customerId: input.customerId, groups },
        claims,
        holds: (clusterOf) => {
          const of = groups.map((g) => clusterOf.get(g[0]!));
          if (groups.some((g, i) => g.some((id) => clusterOf.get(id) !== of[i]))) return false;
          const taken = parts.map((p) => p.map((id) => clusterOf.get(id)));
          return taken.every((mine, i) => taken.every((theirs, j) => i === j || !mine.some((c) => theirs.includes(c))));
        },
      });
    });
  }

  /** a scored pair decided: MERGE pins its two records together, NOT_A_MATCH keeps them apart */
  decide(actor: string, input: DecideInput, em?: EntityManager): Promise<StewardChange> {
    const reason = checkReason(input.reason);
    if (input.decision !== 'MERGE' && input.decision !== 'NOT_A_MATCH') {
      throw new HubError('BAD_USER_INPUT', 'decision: MERGE or NOT_A_MATCH', { extensions: { argument: 'decision' } });
    }
    for (const v of input.expectedVersions) checkCustomerId('expectedVersions', v.customerId);
    return this.inChange(em, async (tx) => {
      const pair = /^[0-9]{1,18}$/.test(input.candidateId) ? await new MatchingRepository(tx).candidate(input.candidateId) : null;
      if (!pair) throw new HubError('NOT_FOUND', 'id: no such match candidate', { extensions: { argument: 'id' } });
      const holding = [...new Set((await new MatchingRepository(tx).goldensOfRecords([pair.a, pair.b])).map((l) => l.golden_id))].sort();
      const named = new Map(input.expectedVersions.map((v) => [v.customerId.toLowerCase(), v]));
      const missing = holding.filter((id) => !named.has(id.toLowerCase()));
      if (missing.length > 0) {
        const current = await new GoldenRepository(tx).versionsOf(missing);
        throw new HubError('BAD_USER_INPUT', 'expectedVersions: name the version of each customer holding a record of the pair', {
          extensions: { argument: 'expectedVersions', reason: 'MISSING_VERSION', currentVersions: current.map((c) => ({ customerId: c.id, version: c.version })) },
        });
      }
      const before = await this.checkVersions(tx, input.expectedVersions.map((v) => ({ ...v, argument: 'expectedVersions' })));
      const status = input.decision === 'MERGE' ? 'STEWARD_LINK' : 'NOT_A_MATCH';
      const decisions: DecidedPair[] = [{ a: pair.a, b: pair.b, status }];
      return this.apply(tx, actor, reason, 'DECIDE_MATCH', before, decisions, [pair.a, pair.b], {
        details: { candidateId: pair.id, decision: input.decision, sourceRecordIds: [pair.a, pair.b] },
        holds: (clusterOf) => {
          const a = clusterOf.get(pair.a);
          const b = clusterOf.get(pair.b);
          // a record deleted at its source is in no cluster: nothing left to hold
          if (a === undefined || b === undefined) return true;
          return input.decision === 'MERGE' ? a === b : a !== b;
        },
      });
    });
  }

  /**
   * Many pairs in one transaction, each in a savepoint of its own: one that fails (a stale
   * version, an unknown pair, a conflict) is rolled back alone and answered with its error; the
   * others stay. In order: a later item sees the versions the earlier ones left.
   */
  async decideMany(actor: string, items: readonly DecideInput[], em?: EntityManager): Promise<DecideOutcome[]> {
    if (items.length > MAX_BULK) throw new HubError('BAD_USER_INPUT', `decisions: at most ${MAX_BULK} in one call`, { extensions: { argument: 'decisions', reason: 'TOO_MANY' } });
    const run = async (tx: EntityManager) => {
      const out: DecideOutcome[] = [];
      for (const item of items) {
        try {
          out.push({ ok: true, change: await tx.transactional((savepoint) => this.decide(actor, item, savepoint)) });
        } catch (err) {
          if (!(err instanceof HubError) || !ITEM_ERRORS.has(err.code)) throw err;
          out.push({ ok: false, error: err });
        }
      }
      return out;
    };
    return em ? run(em) : this.orm.em.fork().transactional(run);
  }

  // the one way a change is made

  /** in the caller's transaction (the access log's), else one of its own; under matching's lock either way */
  private async inChange<T>(em: EntityManager | undefined, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const run = async (tx: EntityManager) => {
      await new MatchingRepository(tx).lockMatching();
      return work(tx);
    };
    return em ? run(em) : this.orm.em.fork().transactional(run);
  }

  /** locks the named customers and checks their versions; their state in the order named */
  private async checkVersions(tx: EntityManager, expected: readonly (ExpectedVersion & { argument: string })[]): Promise<CustomerState[]> {
    const ids = [...new Set(expected.map((e) => e.customerId.toLowerCase()))];
    const rows = new Map((await new GoldenRepository(tx).lockForChange(ids)).map((r) => [r.id.toLowerCase(), r]));
    for (const e of expected) {
      if (!rows.has(e.customerId.toLowerCase())) {
        throw new HubError('NOT_FOUND', `${e.argument}: no golden customer ${e.customerId}`, { extensions: { argument: e.argument, customerId: e.customerId } });
      }
    }
    const stale = expected.filter((e) => {
      const row = rows.get(e.customerId.toLowerCase())!;
      return row.version !== e.version || row.status !== 'ACTIVE';
    });
    if (stale.length > 0) {
      const first = rows.get(stale[0]!.customerId.toLowerCase())!;
      throw new HubError('VERSION_CONFLICT', `${stale[0]!.argument}: the customer changed since (version ${first.version}${first.status === 'ACTIVE' ? '' : `, ${first.status}`}); read it again`, {
        extensions: {
          argument: stale[0]!.argument,
          customerId: first.id,
          currentVersion: first.version,
          currentVersions: [...rows.values()].map((r) => ({ customerId: r.id, version: r.version, status: r.status, mergedInto: r.merged_into })),
        },
      });
    }
    const members = await this.membersOf(tx, ids);
    const seen = new Set<string>();
    const states: CustomerState[] = [];
    for (const e of expected) {
      const row = rows.get(e.customerId.toLowerCase())!;
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      states.push({ id: row.id, version: row.version, status: row.status, mergedInto: row.merged_into, sourceRecordIds: members.get(row.id) ?? [] });
    }
    return states;
  }

  private async membersOf(tx: EntityManager, goldenIds: readonly string[]): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>();
    for (const r of await new MatchingRepository(tx).liveRecordsOfGoldens(goldenIds)) {
      const list = members.get(r.golden_id);
      if (list) list.push(r.id);
      else members.set(r.golden_id, [r.id]);
    }
    for (const list of members.values()) list.sort(compareIds);
    return members;
  }

  /**
   * Stores the decisions, re-clusters the components of the touched records with every
   * constraint and writes the outcome through golden's writer. The new clusters must honour every
   * steward decision among the records and `holds` (the steward's intent): an older decision that
   * contradicts the new one (a record pinned to one kept apart) is a CONFLICT, and nothing is
   * written — the steward undoes or changes that one first (e.g. splits instead of cutting one pair).
   */
  private async apply(
    tx: EntityManager,
    actor: string,
    reason: string,
    action: StewardAction,
    before: readonly CustomerState[],
    decisions: readonly DecidedPair[],
    touched: readonly string[],
    options: {
      details: Record<string, unknown>;
      preferredIds?: readonly string[];
      claims?: ReadonlyMap<string, string>;
      holds: (clusterOf: ReadonlyMap<string, number>) => boolean;
    },
  ): Promise<StewardChange> {
    const repo = new MatchingRepository(tx);
    const scorer = await this.latestScorer.get(repo);
    if (!scorer) throw new HubError('CONFLICT', 'there is no match model yet: the first batch has to run before a steward can decide', { extensions: { reason: 'NO_MODEL' } });
    await repo.decidePairs(dedupe(decisions), actor, reason);

    const beforeRecords = [...new Set([...before.flatMap((c) => c.sourceRecordIds), ...touched])];
    const seeds = [...new Set([...beforeRecords, ...(await repo.membersOfGoldens(beforeRecords))])];
    const component = await repo.componentsOf(seeds);
    const loaded = await repo.loadRecords(component);
    const clusters = await clusterLoaded(repo, loaded, scorer.scorer, this.settings.match);
    const clusterOf = new Map<string, number>();
    clusters.forEach((c, i) => c.forEach((id) => clusterOf.set(id, i)));
    // every steward decision among these records must hold, not only the new ones: a change that
    // would leave an older pin or cut unhonoured (the clustering skips a join that contradicts) is refused
    const decided = (await repo.pairsAmong(component)).filter((p) => p.status === 'STEWARD_LINK' || p.status === 'NOT_A_MATCH');
    const honoured = decided.every((p) => {
      const a = clusterOf.get(p.a);
      const b = clusterOf.get(p.b);
      if (a === undefined || b === undefined) return true; // deleted at its source
      return p.status === 'STEWARD_LINK' ? a === b : a !== b;
    });
    if (!honoured || !options.holds(clusterOf)) {
      throw new HubError('CONFLICT', 'an earlier steward decision contradicts this one (records pinned together or kept apart elsewhere); undo that one first', {
        extensions: { reason: 'DECISIONS_CONFLICT' },
      });
    }
    const removed = await repo.deletedLinked(component);
    await repo.lockRecords([...clusters.flat(), ...removed]);
    await writeGoldenCustomers(tx, {
      clusters,
      records: new Map(loaded.map((r) => [r.match.id, r.survivor])),
      removedRecordIds: removed,
      policy: this.settings.survivorship,
      actor,
      reason,
      now: new Date(),
      preferredIds: options.preferredIds,
      claims: options.claims,
    });

    // the customers touched: those named, and those now holding any of their records
    const afterLinks = await repo.goldensOfRecords(beforeRecords);
    const ids = [...new Set([...before.map((c) => c.id), ...afterLinks.map((l) => l.golden_id)])].sort();
    const goldens = new GoldenRepository(tx);
    const members = await this.membersOf(tx, ids);
    const after: CustomerState[] = (await goldens.versionsOf(ids)).map((g) => ({
      id: g.id,
      version: g.version,
      status: g.status,
      mergedInto: g.merged_into,
      sourceRecordIds: members.get(g.id) ?? [],
    }));
    const event = (goldenId: string): NewEvent => ({
      golden_id: goldenId,
      type: `STEWARD_${action}`,
      actor,
      reason,
      details: { ...options.details, decisions: dedupe(decisions).length },
      before: { customers: before },
      after: { customers: after },
    });
    await goldens.appendEvents(ids.map(event));
    return { action, customers: after };
  }

  /**
   * Cannot-link pairs between the parts a customer's records are cut into (`groups`, and the
   * records not named), and must-links that keep together what a steward pinned before: where an
   * earlier pin ran through a record that now leaves, the records it held that stay are chained
   * again.
   */
  private async partition(tx: EntityManager, records: readonly string[], groups: readonly string[][], named: readonly string[]): Promise<DecidedPair[]> {
    const inNamed = new Set(named);
    const rest = records.filter((id) => !inNamed.has(id));
    const parts = [...groups.map((g) => g.filter((id) => records.includes(id))), rest].filter((p) => p.length > 0);
    const out: DecidedPair[] = [];
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j < parts.length; j++) {
        for (const a of parts[i]!) for (const b of parts[j]!) out.push(ordered(a, b, 'NOT_A_MATCH'));
      }
    }
    // earlier pins among the records that stay: their steward-link components, re-chained
    const pins = (await new MatchingRepository(tx).pairsAmong(rest)).filter((p) => p.status === 'STEWARD_LINK');
    const allPins = (await new MatchingRepository(tx).pairsAmong([...records])).filter((p) => p.status === 'STEWARD_LINK');
    if (allPins.length > pins.length) {
      const parent = new Map(records.map((id) => [id, id]));
      const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
      for (const p of allPins) parent.set(find(p.a), find(p.b));
      const byRoot = new Map<string, string[]>();
      for (const id of rest) {
        const root = find(id);
        const list = byRoot.get(root);
        if (list) list.push(id);
        else byRoot.set(root, [id]);
      }
      for (const list of byRoot.values()) out.push(...chain(list.sort(compareIds)));
    }
    return out;
  }

  /** not-a-match decisions among records a steward now says are one: replaced by links (the newest decision wins) */
  private async apartWithin(tx: EntityManager, records: readonly string[]): Promise<DecidedPair[]> {
    const pairs = await new MatchingRepository(tx).pairsAmong(records);
    return pairs.filter((p) => p.status === 'NOT_A_MATCH').map((p) => ordered(p.a, p.b, 'STEWARD_LINK'));
  }

}

/** decisions per call of decideMatches */
export const MAX_BULK = 100;

/** the errors one item of a bulk decision is answered with; anything else fails the whole call */
const ITEM_ERRORS = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'VERSION_CONFLICT']);

/** must-links joining consecutive records (in id order): the fewest pairs that pin them all together */
function chain(sorted: readonly string[]): DecidedPair[] {
  const out: DecidedPair[] = [];
  for (let i = 1; i < sorted.length; i++) out.push(ordered(sorted[i - 1]!, sorted[i]!, 'STEWARD_LINK'));
  return out;
}

function ordered(a: string, b: string, status: DecidedPair['status']): DecidedPair {
  return compareIds(a, b) <= 0 ? { a, b, status } : { a: b, b: a, status };
}

/** one decision per pair, the last given winning (a cut made after a pin overrides it) */
function dedupe(decisions: readonly DecidedPair[]): DecidedPair[] {
  const byPair = new Map<string, DecidedPair>();
  for (const d of decisions) byPair.set(`${d.a}:${d.b}`, d);
  return [...byPair.values()];
}

function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '') throw new HubError('BAD_USER_INPUT', 'reason: say why', { extensions: { argument: 'reason', reason: 'EMPTY' } });
  if (trimmed.length > MAX_REASON) throw new HubError('BAD_USER_INPUT', `reason: at most ${MAX_REASON} characters`, { extensions: { argument: 'reason', reason: 'TOO_LONG' } });
  return trimmed;
}

function checkCustomerId(argument: string, id: string): void {
  if (!UUID.test(id)) throw new HubError('NOT_FOUND', `${argument}: no golden customer ${id.slice(0, 40)}`, { extensions: { argument } });
}

function checkRecordId(argument: string, id: string): void {
  if (!RECORD_ID.test(id)) throw new HubError('BAD_USER_INPUT', `${argument}: a source record id is a number`, { extensions: { argument, reason: 'BAD_RECORD_ID' } });
}
