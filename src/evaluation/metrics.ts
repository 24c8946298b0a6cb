/**
 * Pairwise quality of a clustering against the truth: a predicted pair is two records in one
 * cluster, a true pair two records of one entity. Precision = TP / predicted, recall =
 * TP / true, F1 their harmonic mean. For linkage (two files) only pairs across systems count,
 * on both sides.
 */
export interface PairwiseMetrics {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ScoringOptions {
  /** count only pairs whose records are in different systems */
  crossSystemOnly?: boolean;
  systemOf?: (id: string) => string;
}

/** `truth`: record id -> entity; records missing from it are their own entity */
export function pairwiseMetrics(clusters: readonly (readonly string[])[], truth: ReadonlyMap<string, string>, options: ScoringOptions = {}): PairwiseMetrics {
  const cross = options.crossSystemOnly === true;
  const systemOf = options.systemOf ?? (() => '');
  const entityOf = (id: string) => truth.get(id) ?? `\u0000${id}`;

  let predictedPairs = 0;
  let truePositives = 0;
  for (const cluster of clusters) {
    predictedPairs += countPairs(cluster, systemOf, cross);
    const byEntity = groupBy(cluster, entityOf);
    for (const members of byEntity.values()) truePositives += countPairs(members, systemOf, cross);
  }
  let truePairs = 0;
  const allIds = clusters.flat();
  for (const members of groupBy(allIds, entityOf).values()) truePairs += countPairs(members, systemOf, cross);

  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truePairs,
    predictedPairs,
    truePositives,
    falsePositives: predictedPairs - truePositives,
    falseNegatives: truePairs - truePositives,
    precision,
    recall,
    f1,
  };
}

/** Up to `limit` wrong pairs of each kind, for error analysis. */
export function errorPairs(
  clusters: readonly (readonly string[])[],
  truth: ReadonlyMap<string, string>,
  limit: number,
  options: ScoringOptions = {},
): { falsePositives: [string, string][]; falseNegatives: [string, string][] } {
  const cross = options.crossSystemOnly === true;
  const systemOf = options.systemOf ?? (() => '');
  const entityOf = (id: string) => truth.get(id) ?? `\u0000${id}`;
  const clusterOf = new Map<string, number>();
  clusters.forEach((c, i) => c.forEach((id) => clusterOf.set(id, i)));
  const counts = (x: string, y: string) => !cross || systemOf(x) !== systemOf(y);

  const falsePositives: [string, string][] = [];
  for (const cluster of clusters) {
    for (let i = 0; i < cluster.length && falsePositives.length < limit; i++) {
      for (let j = i + 1; j < cluster.length && falsePositives.length < limit; j++) {
        const [x, y] = [cluster[i]!, cluster[j]!];
        if (counts(x, y) && entityOf(x) !== entityOf(y)) falsePositives.push([x, y]);
      }
    }
  }
  const falseNegatives: [string, string][] = [];
  for (const members of groupBy(clusters.flat(), entityOf).values()) {
    for (let i = 0; i < members.length && falseNegatives.length < limit; i++) {
      for (let j = i + 1; j < members.length && falseNegatives.length < limit; j++) {
        const [x, y] = [members[i]!, members[j]!];
        if (counts(x, y) && clusterOf.get(x) !== clusterOf.get(y)) falseNegatives.push([x, y]);
      }
    }
  }
  return { falsePositives, falseNegatives };
}

/** pairs among `ids`; across systems only when `cross` */
function countPairs(ids: readonly string[], systemOf: (id: string) => string, cross: boolean): number {
  const n = ids.length;
  let pairs = (n * (n - 1)) / 2;
  if (cross && n > 1) {
    for (const group of groupBy(ids, systemOf).values()) pairs -= (group.length * (group.length - 1)) / 2;
  }
  return pairs;
}

function groupBy(ids: readonly string[], key: (id: string) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const k = key(id);
    const g = groups.get(k);
    if (g) g.push(id);
    else groups.set(k, [id]);
  }
  return groups;
}
