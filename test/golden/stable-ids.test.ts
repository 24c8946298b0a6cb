import { assignGoldenIds, type StableIdInput, type StableIdResult } from '../../src/golden/survivorship/stable-ids.js';
import { compareIds } from '../../src/golden/survivorship/id-order.js';

/** a factory handing out n1, n2, ... */
function counter(prefix = 'n'): () => string {
  let next = 0;
  return () => `${prefix}${++next}`;
}

interface Golden {
  id: string;
  age: number;
  records: string[];
}

function input(clusters: string[][], goldens: Golden[], extra: Partial<StableIdInput> = {}): StableIdInput {
  const previous = new Map<string, string>();
  for (const g of goldens) for (const r of g.records) previous.set(r, g.id);
  return {
    clusters,
    previous,
    goldenAge: new Map(goldens.map((g) => [g.id, g.age])),
    newId: counter(),
    ...extra,
  };
}

/** the state a caller would store after a run: record -> golden id, and every id's age */
function stateAfter(before: StableIdInput, result: StableIdResult): Pick<StableIdInput, 'previous' | 'goldenAge'> {
  const previous = new Map(before.previous);
  for (const r of before.removedRecordIds ?? []) previous.delete(r);
  const goldenAge = new Map(before.goldenAge);
  let age = Math.max(0, ...goldenAge.values());
  for (const c of result.clusters) {
    for (const r of c.recordIds) previous.set(r, c.goldenId);
    if (c.created) goldenAge.set(c.goldenId, ++age);
  }
  return { previous, goldenAge };
}

const ids = (result: StableIdResult) => result.clusters.map((c) => [c.goldenId, c.recordIds]);

describe('assignGoldenIds: first run', () => {
  it('gives every cluster of new records a new id and a CREATED event', () => {
    const result = assignGoldenIds(input([['3', '1'], ['2']], []));
    expect(ids(result)).toEqual([
      ['n1', ['1', '3']],
      ['n2', ['2']],
    ]);
    expect(result.clusters.every((c) => c.created)).toBe(true);
    expect(result.clusters[0].joined).toEqual(['1', '3']);
    expect(result.events).toEqual([
      { type: 'CREATED', goldenId: 'n1', recordIds: ['1', '3'] },
      { type: 'CREATED', goldenId: 'n2', recordIds: ['2'] },
    ]);
    expect(result.redirects.size).toBe(0);
    expect(result.retired).toEqual([]);
  });

  it('ignores empty clusters', () => {
    const result = assignGoldenIds(input([[], ['1']], []));
    expect(ids(result)).toEqual([['n1', ['1']]]);
  });
});

describe('assignGoldenIds: stability', () => {
  it('keeps every id and emits nothing when the same clustering is run again, any number of times', () => {
    const clusters = [['1', '2', '3'], ['4'], ['5', '6']];
    let run = input(clusters, []);
    const first = assignGoldenIds(run);
    let state = stateAfter(run, first);
    for (let i = 0; i < 3; i++) {
      run = { clusters, ...state, newId: counter('again') };
      const again = assignGoldenIds(run);
      expect(ids(again)).toEqual(ids(first));
      expect(again.events).toEqual([]);
      expect(again.redirects.size).toBe(0);
      expect(again.clusters.every((c) => !c.created && c.joined.length === 0 && c.left.length === 0)).toBe(true);
      state = stateAfter(run, again);
    }
  });

  it('leaves alone a golden none of whose records were re-clustered (partial, incremental run)', () => {
    const goldens = [
      { id: 'A', age: 1, records: ['1', '2'] },
      { id: 'B', age: 2, records: ['3'] },
    ];
    const result = assignGoldenIds(input([['3', '4']], goldens));
    expect(ids(result)).toEqual([['B', ['3', '4']]]);
    expect(result.retired).toEqual([]);
    expect(result.events).toEqual([{ type: 'RECORDS_LINKED', goldenId: 'B', recordIds: ['4'] }]);
  });
});

describe('assignGoldenIds: new records', () => {
  it('lets a new record join the cluster it falls in, keeping that golden id', () => {
    const goldens = [{ id: 'A', age: 1, records: ['1', '2'] }];
    const result = assignGoldenIds(input([['1', '2', '9']], goldens));
    expect(result.clusters).toEqual([{ goldenId: 'A', recordIds: ['1', '2', '9'], created: false, joined: ['9'], left: [] }]);
    expect(result.events).toEqual([{ type: 'RECORDS_LINKED', goldenId: 'A', recordIds: ['9'] }]);
  });

  it('gives a cluster of only new records a new id next to existing ones', () => {
    const goldens = [{ id: 'A', age: 1, records: ['1'] }];
    const result = assignGoldenIds(input([['1'], ['7', '8']], goldens));
    expect(ids(result)).toEqual([
      ['A', ['1']],
      ['n1', ['7', '8']],
    ]);
    expect(result.events).toEqual([{ type: 'CREATED', goldenId: 'n1', recordIds: ['7', '8'] }]);
  });
});

describe('assignGoldenIds: merge', () => {
  const goldens = [
    { id: 'young', age: 5, records: ['1', '2', '3'] },
    { id: 'old', age: 1, records: ['4'] },
    { id: 'middle', age: 3, records: ['5'] },
  ];

  it('keeps the oldest id, even when it holds the fewest records, and redirects the others to it', () => {
    const result = assignGoldenIds(input([['1', '2', '3', '4', '5']], goldens));
    expect(result.clusters).toEqual([
      { goldenId: 'old', recordIds: ['1', '2', '3', '4', '5'], created: false, joined: ['1', '2', '3', '5'], left: [] },
    ]);
    expect([...result.redirects]).toEqual([
      ['middle', 'old'],
      ['young', 'old'],
    ]);
    expect(result.events).toEqual([
      { type: 'MERGED', goldenId: 'old', absorbedIds: ['middle', 'young'], recordIds: ['1', '2', '3', '4', '5'] },
    ]);
  });

  it('reports new records that arrive with the merge as linked', () => {
    const result = assignGoldenIds(input([['1', '2', '3', '4', '99']], goldens));
    expect(result.events).toEqual([
      { type: 'MERGED', goldenId: 'old', absorbedIds: ['young'], recordIds: ['1', '2', '3', '4', '99'] },
      { type: 'RECORDS_LINKED', goldenId: 'old', recordIds: ['99'] },
    ]);
    expect(result.clusters[0].joined).toEqual(['1', '2', '3', '99']);
  });

  it('is stable after the merge: the next run changes nothing', () => {
    const run = input([['1', '2', '3', '4', '5']], goldens);
    const first = assignGoldenIds(run);
    const again = assignGoldenIds({ clusters: run.clusters, ...stateAfter(run, first), newId: counter('x') });
    expect(ids(again)).toEqual(ids(first));
    expect(again.events).toEqual([]);
    expect(again.redirects.size).toBe(0);
  });
});

describe('assignGoldenIds: split', () => {
  it('leaves the id with the largest part and gives the others new ids', () => {
    const goldens = [{ id: 'A', age: 1, records: ['1', '2', '3', '4', '5', '6'] }];
    const result = assignGoldenIds(input([['1'], ['2', '3', '4'], ['5', '6']], goldens));
    expect(ids(result)).toEqual([
      ['n1', ['1']],
      ['A', ['2', '3', '4']],
      ['n2', ['5', '6']],
    ]);
    expect(result.clusters[1]).toEqual({ goldenId: 'A', recordIds: ['2', '3', '4'], created: false, joined: [], left: ['1', '5', '6'] });
    expect(result.clusters[0]).toMatchObject({ created: true, joined: ['1'], left: [] });
    expect(result.events).toEqual([{ type: 'SPLIT', goldenId: 'A', newIds: ['n1', 'n2'], movedRecordIds: ['1', '5', '6'] }]);
    expect(result.redirects.size).toBe(0);
  });

  it('breaks a tie between equal parts by the smallest record id, numerically', () => {
    const goldens = [{ id: 'A', age: 1, records: ['9', '10', '100', '11'] }];
    // as strings '10' < '9', numerically 9 < 10: the part holding 9 keeps the id
    const result = assignGoldenIds(input([['10', '11'], ['9', '100']], goldens));
    expect(ids(result)).toEqual([
      ['A', ['9', '100']],
      ['n1', ['10', '11']],
    ]);
  });

  it('moves records to an existing golden as unlinked there and linked here, not as a split', () => {
    const goldens = [
      { id: 'A', age: 1, records: ['1', '2', '3'] },
      { id: 'B', age: 2, records: ['4', '5'] },
    ];
    const result = assignGoldenIds(input([['1', '2'], ['3', '4', '5']], goldens));
    expect(ids(result)).toEqual([
      ['A', ['1', '2']],
      ['B', ['3', '4', '5']],
    ]);
    expect(result.clusters[0].left).toEqual(['3']);
    expect(result.clusters[1].joined).toEqual(['3']);
    expect(result.events).toEqual([
      { type: 'RECORDS_UNLINKED', goldenId: 'A', recordIds: ['3'] },
      { type: 'RECORDS_LINKED', goldenId: 'B', recordIds: ['3'] },
    ]);
  });

  it('links new records that join a split-off part to its new golden', () => {
    const goldens = [{ id: 'A', age: 1, records: ['1', '2', '3'] }];
    const result = assignGoldenIds(input([['1', '2'], ['3', '50']], goldens));
    expect(result.events).toEqual([
      { type: 'SPLIT', goldenId: 'A', newIds: ['n1'], movedRecordIds: ['3'] },
      { type: 'RECORDS_LINKED', goldenId: 'n1', recordIds: ['50'] },
    ]);
  });
});

describe('assignGoldenIds: merge and split at once', () => {
  it('splits one golden and merges its largest part into an older one in the same run', () => {
    const goldens = [
      { id: 'old', age: 1, records: ['10', '11'] },
      { id: 'young', age: 2, records: ['1', '2', '3', '4'] },
    ];
    // young's records 1,2,3 go with old's; 4 goes alone
    const result = assignGoldenIds(input([['1', '2', '3', '10', '11'], ['4']], goldens));
    expect(ids(result)).toEqual([
      ['old', ['1', '2', '3', '10', '11']],
      ['n1', ['4']],
    ]);
    expect([...result.redirects]).toEqual([['young', 'old']]);
    expect(result.events).toEqual([
      { type: 'SPLIT', goldenId: 'young', newIds: ['n1'], movedRecordIds: ['4'] },
      { type: 'MERGED', goldenId: 'old', absorbedIds: ['young'], recordIds: ['1', '2', '3', '10', '11'] },
    ]);
  });

  it('re-partitions two goldens into two others: each keeps the cluster with most of its records', () => {
    const goldens = [
      { id: 'A', age: 1, records: ['1', '2', '3'] },
      { id: 'B', age: 2, records: ['4', '5', '6'] },
    ];
    const result = assignGoldenIds(input([['1', '2', '4'], ['3', '5', '6']], goldens));
    expect(ids(result)).toEqual([
      ['A', ['1', '2', '4']],
      ['B', ['3', '5', '6']],
    ]);
    expect(result.redirects.size).toBe(0);
  });

  it('never gives two clusters the same id and never redirects to an absorbed id', () => {
    // three goldens, re-clustered every which way
    const goldens = [
      { id: 'A', age: 3, records: ['1', '2', '3', '4'] },
      { id: 'B', age: 1, records: ['5', '6'] },
      { id: 'C', age: 2, records: ['7', '8', '9'] },
    ];
    const partitions = [
      [['1', '2', '5', '7'], ['3', '4', '6', '8', '9']],
      [['1', '5', '6'], ['2', '7', '8'], ['3', '4', '9']],
      [['1', '2', '3', '4', '5', '6', '7', '8', '9']],
      [['1'], ['2'], ['3'], ['4'], ['5'], ['6'], ['7'], ['8'], ['9']],
    ];
    for (const clusters of partitions) {
      const result = assignGoldenIds(input(clusters, goldens));
      const goldenIds = result.clusters.map((c) => c.goldenId);
      expect(new Set(goldenIds).size).toBe(goldenIds.length);
      for (const survivor of result.redirects.values()) {
        expect(result.redirects.has(survivor)).toBe(false);
        expect(goldenIds).toContain(survivor);
      }
      for (const absorbed of result.redirects.keys()) expect(goldenIds).not.toContain(absorbed);
    }
  });
});

describe('assignGoldenIds: removed records', () => {
  it('retires a golden all of whose records were removed at the source', () => {
    const goldens = [
      { id: 'A', age: 1, records: ['1', '2'] },
      { id: 'B', age: 2, records: ['3'] },
    ];
    const result = assignGoldenIds(input([['3']], goldens, { removedRecordIds: ['1', '2'] }));
    expect(result.retired).toEqual(['A']);
    expect(result.events).toEqual([{ type: 'RETIRED', goldenId: 'A' }]);
    expect(ids(result)).toEqual([['B', ['3']]]);
  });

  it('unlinks a removed record from a golden that lives on', () => {
    const goldens = [{ id: 'A', age: 1, records: ['1', '2', '3'] }];
    const result = assignGoldenIds(input([['1', '3']], goldens, { removedRecordIds: ['2'] }));
    expect(result.clusters).toEqual([{ goldenId: 'A', recordIds: ['1', '3'], created: false, joined: [], left: ['2'] }]);
    expect(result.retired).toEqual([]);
    expect(result.events).toEqual([{ type: 'RECORDS_UNLINKED', goldenId: 'A', recordIds: ['2'] }]);
  });

  it('does not retire a golden that still has records the caller did not re-cluster', () => {
    const goldens = [{ id: 'A', age: 1, records: ['1', '2'] }];
    const result = assignGoldenIds(input([], goldens, { removedRecordIds: ['1'] }));
    expect(result.retired).toEqual([]);
    expect(result.events).toEqual([{ type: 'RECORDS_UNLINKED', goldenId: 'A', recordIds: ['1'] }]);
  });

  it('ignores removed records the hub never linked', () => {
    const result = assignGoldenIds(input([['1']], [{ id: 'A', age: 1, records: ['1'] }], { removedRecordIds: ['77'] }));
    expect(result.events).toEqual([]);
    expect(result.retired).toEqual([]);
  });
});

describe('assignGoldenIds: determinism', () => {
  const goldens = [
    { id: 'A', age: 2, records: ['1', '2', '3', '4'] },
    { id: 'B', age: 1, records: ['5', '6'] },
    { id: 'C', age: 3, records: ['7', '8', '9'] },
  ];
  const clusters = [['12', '1', '2', '5'], ['3', '4'], ['6', '11'], ['8', '7', '10']];

  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const copy = [...items];
    let s = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  it('gives identical output, events included, whatever the order of clusters, records and maps', () => {
    const reference = assignGoldenIds(input(clusters, goldens, { removedRecordIds: ['9'] }));
    for (let seed = 1; seed <= 20; seed++) {
      const permuted = shuffled(clusters, seed).map((c, i) => shuffled(c, seed + i));
      const permutedGoldens = shuffled(goldens, seed).map((g) => ({ ...g, records: shuffled(g.records, seed) }));
      const result = assignGoldenIds(input(permuted, permutedGoldens, { removedRecordIds: ['9'] }));
      expect(result.clusters).toEqual(reference.clusters);
      expect([...result.redirects]).toEqual([...reference.redirects]);
      expect(result.events).toEqual(reference.events);
    }
  });

  it('orders clusters by their smallest record id and draws new ids in that order', () => {
    const result = assignGoldenIds(input([['30'], ['4'], ['200']], []));
    expect(ids(result)).toEqual([
      ['n1', ['4']],
      ['n2', ['30']],
      ['n3', ['200']],
    ]);
  });

  it('orders ids numerically when both are numeric, any numeric before any other, else as strings', () => {
    const sorted = ['b', '10', '2', 'a10', '1a', '002', 'a9'].sort(compareIds);
    expect(sorted).toEqual(['002', '2', '10', '1a', 'a10', 'a9', 'b']);
    expect(compareIds('123456789012345678901', '123456789012345678902')).toBeLessThan(0);
  });
});

describe('assignGoldenIds: bad input', () => {
  it('rejects a record in two clusters', () => {
    expect(() => assignGoldenIds(input([['1', '2'], ['2']], []))).toThrow(/record 2 appears more than once/);
  });

  it('rejects a record both clustered and removed', () => {
    expect(() => assignGoldenIds(input([['1']], [], { removedRecordIds: ['1'] }))).toThrow(/both clustered and removed/);
  });

  it('rejects a previous golden id without an age', () => {
    const bad: StableIdInput = { clusters: [['1']], previous: new Map([['1', 'A']]), goldenAge: new Map(), newId: counter() };
    expect(() => assignGoldenIds(bad)).toThrow(/golden id A .* has no age/);
  });

  it('rejects a new id that is already in use', () => {
    const goldens = [{ id: 'A', age: 1, records: ['1'] }];
    expect(() => assignGoldenIds(input([['1'], ['2']], goldens, { newId: () => 'A' }))).toThrow(/already in use/);
    let n = 0;
    const repeating = () => (n++ < 2 ? 'same' : 'other');
    expect(() => assignGoldenIds(input([['1'], ['2']], [], { newId: repeating }))).toThrow(/same, which is already in use/);
  });
});

describe('claims (a steward keeps an id with the records that stay)', () => {
  it('a golden goes to the cluster holding its claimed record, not to the tie rule', () => {
    const goldens = [{ id: 'g1', age: 0, records: ['1', '2'] }];
    const byRule = assignGoldenIds(input([['1'], ['2']], goldens));
    expect(byRule.clusters.find((c) => c.goldenId === 'g1')?.recordIds).toEqual(['1']);
    const claimed = assignGoldenIds(input([['1'], ['2']], goldens, { claims: new Map([['g1', '2']]) }));
    expect(claimed.clusters.find((c) => c.goldenId === 'g1')?.recordIds).toEqual(['2']);
    expect(claimed.clusters.find((c) => c.recordIds.includes('1'))?.goldenId).toBe('n1');
  });

  it('a claim naming a record in no cluster is ignored', () => {
    const goldens = [{ id: 'g1', age: 0, records: ['1', '2'] }];
    const result = assignGoldenIds(input([['1'], ['2']], goldens, { claims: new Map([['g1', '9']]) }));
    expect(result.clusters.find((c) => c.goldenId === 'g1')?.recordIds).toEqual(['1']);
  });
});
