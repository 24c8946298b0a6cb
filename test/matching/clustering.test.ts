import { clusterRecords, weightOfProbability, type WeightedEdge } from '../../src/matching/engine/index';
import { record } from './records';

const settings = { autoLinkProbability: 0.95, reviewProbability: 0.5 };
const STRONG = 20;
const APART = -30;

/** records 1..n; weights from a table keyed 'a-b' (ids), APART for any pair not in it */
function setup(n: number, weights: Record<string, number>) {
  const records = Array.from({ length: n }, (_, i) => record(i + 1));
  const weightOfIds = (x: string, y: string) => weights[`${x}-${y}`] ?? weights[`${y}-${x}`] ?? APART;
  const edges: WeightedEdge[] = Object.entries(weights).map(([key, weight]) => {
    const [x, y] = key.split('-');
    return { a: Number(x) - 1, b: Number(y) - 1, weight };
  });
  const weightOf = (a: number, b: number) => weightOfIds(records[a]!.id, records[b]!.id);
  return { records, edges, weightOf };
}

const idsOf = (clusters: number[][], records: { id: string }[]) => clusters.map((c) => c.map((i) => records[i]!.id));

describe('clusterRecords', () => {
  it('keeps two strong triangles apart when one strong bridge joins them, even a stronger one', () => {
    for (const bridge of [STRONG - 5, STRONG + 5]) {
      const { records, edges, weightOf } = setup(6, { '1-2': STRONG, '1-3': STRONG, '2-3': STRONG, '4-5': STRONG, '4-6': STRONG, '5-6': STRONG, '3-4': bridge });
      expect(idsOf(clusterRecords(records, edges, weightOf, settings), records)).toEqual([
        ['1', '2', '3'],
        ['4', '5', '6'],
      ]);
    }
  });

  it('merges a genuine cluster whose duplicates are only weakly alike among themselves', () => {
    // 1 is the original; 2 and 3 are duplicates strongly like 1 but only a little like each other
    const { records, edges, weightOf } = setup(3, { '1-2': STRONG, '1-3': STRONG, '2-3': 1 });
    expect(idsOf(clusterRecords(records, edges, weightOf, settings), records)).toEqual([['1', '2', '3']]);
  });

  it('puts every record in exactly one cluster, singletons included', () => {
    const { records, edges, weightOf } = setup(5, { '1-2': STRONG, '4-5': 2 /* review level only */ });
    expect(idsOf(clusterRecords(records, edges, weightOf, settings), records)).toEqual([['1', '2'], ['3'], ['4'], ['5']]);
  });

  it('never puts a cannot-link pair in one cluster', () => {
    const { records, edges, weightOf } = setup(3, { '1-2': STRONG, '1-3': STRONG, '2-3': STRONG });
    const apart = (a: number, b: number) => [records[a]!.id, records[b]!.id].sort().join('-') === '2-3';
    const clusters = idsOf(clusterRecords(records, edges, weightOf, settings, apart), records);
    for (const c of clusters) expect(c.includes('2') && c.includes('3')).toBe(false);
    expect(clusters.flat().sort()).toEqual(['1', '2', '3']);
  });

  it('joins a must-link pair whatever its weight, then grows clusters by the average as usual', () => {
    // a steward merged 2 and 3, which score as strangers (APART); 1 is strongly like 2
    const lone = setup(4, { '1-2': STRONG });
    const idx = (id: string) => lone.records.findIndex((r) => r.id === id);
    const must = [[idx('3'), idx('2')] as const];
    // 1 then joins {2, 3} only if the cluster as a whole agrees: here 1-3 is APART, so not
    expect(idsOf(clusterRecords(lone.records, lone.edges, lone.weightOf, settings, undefined, must), lone.records)).toEqual([['1'], ['2', '3'], ['4']]);
    const agree = setup(4, { '1-2': STRONG, '1-3': -10 });
    expect(idsOf(clusterRecords(agree.records, agree.edges, agree.weightOf, settings, undefined, must), agree.records)).toEqual([['1', '2', '3'], ['4']]);
  });

  it('does not join a must-link pair when a cannot-link pair would end in one cluster', () => {
    const { records, edges, weightOf } = setup(3, { '1-2': STRONG, '1-3': STRONG });
    const idx = (id: string) => records.findIndex((r) => r.id === id);
    const apart = (a: number, b: number) => [records[a]!.id, records[b]!.id].sort().join('-') === '1-3';
    const clusters = idsOf(clusterRecords(records, edges, weightOf, settings, apart, [[idx('2'), idx('3')], [idx('1'), idx('2')]]), records);
    for (const c of clusters) expect(c.includes('1') && c.includes('3')).toBe(false);
    expect(clusters).toEqual([['1', '2'], ['3']]);
  });

  it('clusters a component alone exactly as inside the whole data set, whatever the positions', () => {
    // component A: records 1-4 (a pair of triangles sharing an edge and a tie on weights); B: 5-7
    const weights: Record<string, number> = { '1-2': STRONG, '2-3': STRONG, '1-3': STRONG, '3-4': STRONG, '2-4': 5, '5-6': STRONG, '6-7': STRONG, '5-7': STRONG };
    const whole = setup(7, weights);
    const wholeClusters = idsOf(clusterRecords(whole.records, whole.edges, whole.weightOf, settings), whole.records);

    // component A alone, its records in reverse order
    const ids = ['4', '3', '2', '1'];
    const records = ids.map((id) => record(id));
    const at = new Map(ids.map((id, i) => [id, i]));
    const edges = Object.entries(weights)
      .map(([key, weight]) => key.split('-'))
      .filter(([x]) => at.has(x!))
      .map(([x, y]) => ({ a: at.get(x!)!, b: at.get(y!)!, weight: weights[`${x}-${y}`]! }));
    const weightOf = (a: number, b: number) => whole.weightOf(Number(records[a]!.id) - 1, Number(records[b]!.id) - 1);
    const alone = idsOf(clusterRecords(records, edges, weightOf, settings), records);

    const inWhole = wholeClusters.filter((c) => c.every((id) => at.has(id)));
    expect(alone).toEqual(inWhole);
    expect(wholeClusters.filter((c) => !c.some((id) => at.has(id)))).toEqual([['5', '6', '7']]);
  });

  it('uses the thresholds: an edge below auto-link links nothing, however many there are', () => {
    const justBelow = weightOfProbability(settings.autoLinkProbability) - 0.01;
    const { records, edges, weightOf } = setup(3, { '1-2': justBelow, '2-3': justBelow, '1-3': justBelow });
    expect(clusterRecords(records, edges, weightOf, settings)).toHaveLength(3);
  });
});
