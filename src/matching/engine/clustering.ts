/**
 * Clustering that resists chaining. Linking every pair above the auto-link threshold and taking
 * connected components lets one strong but wrong bridge (a shared phone, a twin) weld two people
 * together, and chains grow with the data. Instead: agglomerative average linkage, driven by the
 * strong edges.
 *
 * Edges at or above the auto-link weight are taken best supported first (the number of records
 * strongly linked to both ends: edges inside a clique of duplicates come before a lone bridge,
 * even a stronger one), then strongest first. Each would merge the two clusters of its ends; the merge happens only when the average weight over ALL cross pairs of
 * the two clusters (pairs no block compared are scored on demand through `weightOf`) reaches the
 * review weight, and no cross pair is cannot-link. One bridge between two tight groups of three
 * brings eight strongly negative cross pairs with it and is refused; a genuine duplicate whose
 * weight to one cluster member is weaker still joins when the cluster as a whole agrees.
 * (Average rather than complete linkage: one noisy record pair inside a true cluster must not
 * split it; measured on Febrl and the sample data, average keeps recall where complete lost it.)
 *
 * Must-link pairs (a steward's merge) are joined first, whatever their weight, unless a
 * cannot-link pair would end in the joined cluster: the steward's decision wins over the scores,
 * and the strong edges then grow the clusters from there as usual. (For locality below, a
 * must-link pair counts as one more strong edge.)
 *
 * Deterministic and local: edges are ordered by support and weight, then by the ids of their
 * ends (never by array positions), and a merge only looks at records of the two clusters, which lie in one
 * connected component of the strong-edge graph. So a component clusters the same alone as inside
 * the whole data set, which is what lets the incremental path re-cluster just the component a
 * new record touches.
 */
import { idRanks } from './ids.js';
import type { MatchRecord } from './match-record.js';
import { weightOfProbability, type MatchSettings } from './settings.js';

export interface WeightedEdge {
  /** record indexes */
  a: number;
  b: number;
  weight: number;
}

export function clusterRecords(
  records: readonly MatchRecord[],
  edges: readonly WeightedEdge[],
  weightOf: (a: number, b: number) => number,
  settings: Pick<MatchSettings, 'autoLinkProbability' | 'reviewProbability'>,
  cannotLink?: (a: number, b: number) => boolean,
  mustLink?: readonly (readonly [number, number])[],
): number[][] {
  const n = records.length;
  const autoLink = weightOfProbability(settings.autoLinkProbability);
  const review = weightOfProbability(settings.reviewProbability);
  const rank = idRanks(records.map((r) => r.id));

  // every weight already known, so cross-pair averages only score pairs no block compared
  const known = new Map<number, number>();
  const pairKey = (x: number, y: number) => (x < y ? x * n + y : y * n + x);
  for (const e of edges) if (e.a !== e.b) known.set(pairKey(e.a, e.b), e.weight);

  const strong = edges.filter((e) => e.weight >= autoLink && e.a !== e.b);
  const support = strongSupport(strong);
  const lo = (e: WeightedEdge) => Math.min(rank[e.a]!, rank[e.b]!);
  const hi = (e: WeightedEdge) => Math.max(rank[e.a]!, rank[e.b]!);
  const order = strong.map((_, i) => i);
  order.sort((i, j) => {
    const x = strong[i]!;
    const y = strong[j]!;
    return support[j]! - support[i]! || y.weight - x.weight || lo(x) - lo(y) || hi(x) - hi(y);
  });

  // clusters: union-find over records, member lists at the roots, a fresh label per merge so a
  // refused pair of clusters is not evaluated again while neither changes
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const members = new Map<number, number[]>();
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) label[i] = i;
  let nextLabel = n;
  const refused = new Set<number>();
  const labelKey = (x: number, y: number) => (x < y ? x * 4 * n + y : y * 4 * n + x);

  // steward merges first, in id order of their ends so the outcome does not depend on input order
  const joins = (mustLink ?? []).map(([a, b]) => (rank[a]! <= rank[b]! ? [a, b] : [b, a]) as [number, number]);
  joins.sort((x, y) => rank[x[0]]! - rank[y[0]]! || rank[x[1]]! - rank[y[1]]!);
  for (const [a, b] of joins) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    const ma = members.get(ra) ?? [ra];
    const mb = members.get(rb) ?? [rb];
    if (cannotLink && ma.some((x) => mb.some((y) => cannotLink(x, y)))) continue;
    const [root, child] = ma.length >= mb.length ? [ra, rb] : [rb, ra];
    parent[child] = root;
    members.set(root, (root === ra ? ma : mb).concat(root === ra ? mb : ma));
    members.delete(child);
    label[root] = nextLabel++;
  }

  for (const i of order) {
    const e = strong[i]!;
    const ra = find(e.a);
    const rb = find(e.b);
    if (ra === rb) continue;
    const key = labelKey(label[ra]!, label[rb]!);
    if (refused.has(key)) continue;
    const ma = members.get(ra) ?? [ra];
    const mb = members.get(rb) ?? [rb];
    let sum = 0;
    let allowed = true;
    for (const x of ma) {
      for (const y of mb) {
        if (cannotLink?.(x, y)) {
          allowed = false;
          break;
        }
        const k = pairKey(x, y);
        let w = known.get(k);
        if (w === undefined) {
          w = weightOf(x, y);
          known.set(k, w);
        }
        sum += w;
      }
      if (!allowed) break;
    }
    if (!allowed || sum / (ma.length * mb.length) < review) {
      refused.add(key);
      continue;
    }
    // the larger cluster's root stays the root
    const [root, child] = ma.length >= mb.length ? [ra, rb] : [rb, ra];
    parent[child] = root;
    members.set(root, (root === ra ? ma : mb).concat(root === ra ? mb : ma));
    members.delete(child);
    label[root] = nextLabel++;
  }

  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  }
  const clusters = [...byRoot.values()].map((c) => c.sort((x, y) => rank[x]! - rank[y]!));
  return clusters.sort((x, y) => rank[x[0]!]! - rank[y[0]!]!);
}

/** per strong edge: how many records are strongly linked to both of its ends */
function strongSupport(strong: readonly WeightedEdge[]): Uint32Array {
  const neighbours = new Map<number, number[]>();
  const add = (x: number, y: number) => {
    const list = neighbours.get(x);
    if (list) list.push(y);
    else neighbours.set(x, [y]);
  };
  for (const e of strong) {
    add(e.a, e.b);
    add(e.b, e.a);
  }
  for (const list of neighbours.values()) list.sort((x, y) => x - y);
  const support = new Uint32Array(strong.length);
  strong.forEach((e, k) => {
    const x = neighbours.get(e.a)!;
    const y = neighbours.get(e.b)!;
    let i = 0;
    let j = 0;
    let common = 0;
    while (i < x.length && j < y.length) {
      if (x[i] === y[j]) {
        if (x[i] !== e.a && x[i] !== e.b) common++;
        i++;
        j++;
      } else if (x[i]! < y[j]!) i++;
      else j++;
    }
    support[k] = common;
  });
  return support;
}
