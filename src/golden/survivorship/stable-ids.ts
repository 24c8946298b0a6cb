/**
 * Stable golden customer ids across re-clustering. Pure: ids, maps and a caller-supplied id
 * factory in; ids, redirects and event drafts out.
 *
 * Matching re-clusters source records: the whole data set in a batch, or one affected component
 * incrementally. Apps, stewards and auditors hold golden ids (in their own databases, in
 * tickets, in the access log), so an id must mean the same customer for as long as it can:
 *
 * 1. **Claim.** Every previous golden id with at least one record in the new clustering is
 *    claimed by exactly one new cluster: the one holding most of its records; on a tie, the
 *    cluster holding the smallest of its records (`compareIds`). The biggest part of a customer
 *    is what the rest of the bank most likely knows under that id, and a rule that only looks at
 *    record ids gives the same answer on every run and in every process.
 * 2. **Keep the oldest.** A cluster that claimed ids keeps the oldest of them (lowest
 *    `goldenAge`; equal ages by id). The others become redirects to it (status MERGED): the
 *    oldest id has been handed out longest, so keeping it breaks the fewest references.
 * 3. **New ids.** A cluster that claimed nothing gets a fresh id from `newId`: either all its
 *    records are new to the hub (CREATED) or it is a part split off goldens whose ids other
 *    clusters kept (the SPLIT of each of those goldens names it).
 * 4. **Untouched unless mentioned.** A record that is neither in `clusters` nor in
 *    `removedRecordIds` keeps its link: the caller re-clustered only part of the data. So a
 *    previous golden none of whose records appear is left alone, unless every record `previous`
 *    knows for it was removed (deleted at the source): then it is RETIRED. Callers must therefore
 *    re-cluster all remaining records of a golden they touch; a golden with some records removed
 *    and the rest not re-clustered only gets a RECORDS_UNLINKED event.
 *
 * Consequences the rules guarantee: an unchanged cluster keeps its id on every re-run (it claims
 * its own id and nothing else, so no events); each id is claimed by one cluster at most, so no
 * two clusters share an id, and fresh ids are checked against every id in sight; a redirect
 * always points at an id that a cluster kept in this call, never at one absorbed in it, so no
 * chain of redirects forms within one call (the caller still repoints older redirects to a
 * survivor that is itself absorbed later). Output is sorted (clusters by their smallest record
 * id, ids by `compareIds`) and fresh ids are drawn in that order, so input order never matters.
 *
 * Malformed input throws: a record in two clusters (or twice in one), a record both clustered
 * and removed, a previous golden id without an age, a fresh id that is already in use.
 */
import { compareIds, sortIds } from './id-order.js';

export interface StableIdInput {
  /** the new clustering: record ids, each in one cluster at most; empty clusters are ignored */
  clusters: readonly (readonly string[])[];
  /**
   * record id -> golden id before this run; absent: a record new to the hub. Must hold at least
   * every record of the goldens that the clustered and removed records belonged to: a record
   * missing here is invisible (not in `left`, and a golden whose records here were all removed is
   * retired even if it has others).
   */
  previous: ReadonlyMap<string, string>;
  /** golden id -> creation order, lower = older; must hold every golden id in `previous` */
  goldenAge: ReadonlyMap<string, number>;
  /** records deleted at the source since the last run; never also in `clusters` */
  removedRecordIds?: readonly string[];
  /** id factory (uuid in the hub, a counter in tests); called once per new cluster, in output order */
  newId: () => string;
  /**
   * golden id -> a record of it: that golden is claimed by the cluster holding this record, not by
   * the one holding most of its records (a steward moving records out of a customer keeps its id
   * with the records that stay). Ignored where the record is in no cluster.
   */
  claims?: ReadonlyMap<string, string>;
}

export interface AssignedCluster {
  goldenId: string;
  /** sorted */
  recordIds: string[];
  /** the id is new in this call */
  created: boolean;
  /** records whose link changes to `goldenId` (not linked to it before): new records, records of absorbed or split goldens; all records when `created`; sorted */
  joined: string[];
  /** records linked to `goldenId` before that are now in another cluster or removed; sorted */
  left: string[];
}

export type GoldenEventDraft =
  /** a new golden of records that were all new to the hub */
  | { type: 'CREATED'; goldenId: string; recordIds: string[] }
  /** `goldenId` (the survivor) absorbed `absorbedIds`, which now redirect to it; `recordIds`: all its records after the merge */
  | { type: 'MERGED'; goldenId: string; absorbedIds: string[]; recordIds: string[] }
  /** parts of `goldenId` became new goldens `newIds`; `movedRecordIds`: the records that went to them. `goldenId` kept the largest part (it may be absorbed by a MERGED in the same call) */
  | { type: 'SPLIT'; goldenId: string; newIds: string[]; movedRecordIds: string[] }
  /** records joined `goldenId` that came neither with a merge nor with a split: new records, or records moved from a golden that lives on */
  | { type: 'RECORDS_LINKED'; goldenId: string; recordIds: string[] }
  /** records left `goldenId` for an existing golden, or were removed at the source */
  | { type: 'RECORDS_UNLINKED'; goldenId: string; recordIds: string[] }
  /** every record of `goldenId` was removed at the source */
  | { type: 'RETIRED'; goldenId: string };

export interface StableIdResult {
  /** one per non-empty input cluster, sorted by smallest record id */
  clusters: AssignedCluster[];
  /** absorbed golden id -> survivor, sorted by absorbed id; a survivor is never a key */
  redirects: Map<string, string>;
  /** sorted */
  retired: string[];
  /**
   * In this order: per previous golden (by id) its SPLIT then RECORDS_UNLINKED; per cluster (in
   * output order) CREATED or MERGED, then RECORDS_LINKED; then RETIRED (by id). Empty when
   * nothing changed.
   */
  events: GoldenEventDraft[];
}

export function assignGoldenIds(input: StableIdInput): StableIdResult {
  const { previous, goldenAge } = input;
  const removed = new Set(input.removedRecordIds ?? []);

  for (const [recordId, goldenId] of previous) {
    if (!goldenAge.has(goldenId)) throw new Error(`golden id ${goldenId} of record ${recordId} has no age in goldenAge`);
  }

  const clusters = input.clusters.filter((c) => c.length > 0).map((c) => sortIds(c));
  clusters.sort((a, b) => compareIds(a[0], b[0]));
  const clusterOf = new Map<string, number>();
  clusters.forEach((records, index) => {
    for (const recordId of records) {
      if (clusterOf.has(recordId)) throw new Error(`record ${recordId} appears more than once in clusters`);
      if (removed.has(recordId)) throw new Error(`record ${recordId} is both clustered and removed`);
      clusterOf.set(recordId, index);
    }
  });

  // every record `previous` knows per golden (to tell `left` and retirement)
  const recordsOf = new Map<string, string[]>();
  for (const [recordId, goldenId] of previous) pushTo(recordsOf, goldenId, recordId);

  // 1. claims: previous golden -> the cluster holding most of its records
  // (records are sorted, so the first record of a golden met in a cluster is its part's smallest)
  const best = new Map<string, { index: number; size: number; smallest: string }>();
  const parts = new Map<string, { size: number; smallest: string }>();
  clusters.forEach((records, index) => {
    parts.clear();
    for (const recordId of records) {
      const goldenId = previous.get(recordId);
      if (goldenId === undefined) continue;
      const part = parts.get(goldenId);
      if (part === undefined) parts.set(goldenId, { size: 1, smallest: recordId });
      else part.size += 1;
    }
    for (const [goldenId, part] of parts) {
      const top = best.get(goldenId);
      if (top === undefined || part.size > top.size || (part.size === top.size && compareIds(part.smallest, top.smallest) < 0)) {
        best.set(goldenId, { index, size: part.size, smallest: part.smallest });
      }
    }
  });
  for (const [goldenId, recordId] of input.claims ?? []) {
    const index = clusterOf.get(recordId);
    if (index !== undefined && best.has(goldenId)) best.set(goldenId, { index, size: 0, smallest: recordId });
  }
  const claimsOf = clusters.map((): string[] => []);
  const claimedBy = new Map<string, number>();
  for (const [goldenId, { index }] of best) {
    claimsOf[index].push(goldenId);
    claimedBy.set(goldenId, index);
  }

  // 2./3. each cluster keeps its oldest claim, or gets a fresh id
  const issued = new Set<string>();
  const olderFirst = (a: string, b: string) => goldenAge.get(a)! - goldenAge.get(b)! || compareIds(a, b);
  const redirects = new Map<string, string>();
  const absorbedInto = clusters.map((): string[] => []);
  const goldenIds = clusters.map((_, index) => {
    const claims = claimsOf[index];
    if (claims.length === 0) {
      const id = input.newId();
      // every id in `previous` has an age (checked above), so goldenAge knows every id in use
      if (goldenAge.has(id) || issued.has(id)) throw new Error(`newId returned ${id}, which is already in use`);
      issued.add(id);
      return id;
    }
    claims.sort(olderFirst);
    absorbedInto[index] = sortIds(claims.slice(1));
    return claims[0];
  });
  clusters.forEach((_, index) => {
    for (const absorbed of absorbedInto[index]) redirects.set(absorbed, goldenIds[index]);
  });
  const sortedRedirects = new Map(sortIds(redirects.keys()).map((absorbed) => [absorbed, redirects.get(absorbed)!]));

  const assigned: AssignedCluster[] = clusters.map((records, index) => {
    const goldenId = goldenIds[index];
    const created = claimsOf[index].length === 0;
    const left = created ? [] : sortIds((recordsOf.get(goldenId) ?? []).filter((r) => removed.has(r) || (clusterOf.has(r) && clusterOf.get(r) !== index)));
    return {
      goldenId,
      recordIds: records,
      created,
      joined: records.filter((r) => previous.get(r) !== goldenId),
      left,
    };
  });

  // events, losing side: what each previous golden gave away
  const events: GoldenEventDraft[] = [];
  const retired: string[] = [];
  const mentioned = new Set<string>();
  for (const goldenId of claimedBy.keys()) mentioned.add(goldenId);
  for (const recordId of removed) {
    const goldenId = previous.get(recordId);
    if (goldenId !== undefined) mentioned.add(goldenId);
  }
  for (const goldenId of sortIds(mentioned)) {
    const kept = claimedBy.get(goldenId);
    const newIds = new Set<string>();
    const moved: string[] = [];
    const unlinked: string[] = [];
    for (const recordId of recordsOf.get(goldenId) ?? []) {
      if (removed.has(recordId)) {
        unlinked.push(recordId);
        continue;
      }
      const index = clusterOf.get(recordId);
      if (index === undefined || index === kept) continue;
      if (assigned[index].created) {
        newIds.add(assigned[index].goldenId);
        moved.push(recordId);
      } else {
        unlinked.push(recordId);
      }
    }
    if (kept === undefined && unlinked.length === (recordsOf.get(goldenId) ?? []).length) {
      retired.push(goldenId);
      continue;
    }
    if (newIds.size > 0) events.push({ type: 'SPLIT', goldenId, newIds: sortIds(newIds), movedRecordIds: sortIds(moved) });
    if (unlinked.length > 0) events.push({ type: 'RECORDS_UNLINKED', goldenId, recordIds: sortIds(unlinked) });
  }

  // events, gaining side: what each cluster became
  assigned.forEach((cluster, index) => {
    const { goldenId, recordIds } = cluster;
    const absorbed = absorbedInto[index];
    if (cluster.created) {
      const fresh = recordIds.filter((r) => !previous.has(r));
      if (fresh.length === recordIds.length) {
        events.push({ type: 'CREATED', goldenId, recordIds: [...recordIds] });
      } else if (fresh.length > 0) {
        events.push({ type: 'RECORDS_LINKED', goldenId, recordIds: fresh });
      }
      return;
    }
    if (absorbed.length > 0) events.push({ type: 'MERGED', goldenId, absorbedIds: [...absorbed], recordIds: [...recordIds] });
    const own = new Set([goldenId, ...absorbed]);
    const linked = recordIds.filter((r) => {
      const before = previous.get(r);
      return before === undefined || !own.has(before);
    });
    if (linked.length > 0) events.push({ type: 'RECORDS_LINKED', goldenId, recordIds: linked });
  });
  for (const goldenId of retired) events.push({ type: 'RETIRED', goldenId });

  return { clusters: assigned, redirects: sortedRedirects, retired, events };
}

function pushTo<K>(map: Map<K, string[]>, key: K, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
