import { blockOrder, candidatePairs, isCanonicalBlock, usableBlockingKeys } from '../../src/matching/engine/index';
import { record } from './records';

const pairsOf = (result: ReturnType<typeof candidatePairs>, ids: string[]) =>
  Array.from({ length: result.count }, (_, k) => [ids[result.left[k]!]!, ids[result.right[k]!]!].sort().join('-')).sort();

describe('candidatePairs', () => {
  const records = [
    record(1, { blockingKeys: ['dn:1985-03-12:JNK', 'nid:X1', 'ph:+861'] }),
    record(2, { blockingKeys: ['dn:1985-03-12:JNK', 'nid:X1', 'ph:+861'] }), // shares three keys with 1
    record(3, { blockingKeys: ['dn:1985-03-12:JNK'] }),
    record(4, { blockingKeys: ['em:a@b.cn'] }),
    record(5, { blockingKeys: ['em:a@b.cn', 'ph:+861'] }),
    record(6, { blockingKeys: ['nid:Y2'] }), // alone in its block
  ];
  const ids = records.map((r) => r.id);

  it('compares the union of the blocks, each pair once, left index below right', () => {
    const result = candidatePairs(records, { maxBlockSize: 10 });
    expect(pairsOf(result, ids)).toEqual(['1-2', '1-3', '1-5', '2-3', '2-5', '4-5']);
    for (let k = 0; k < result.count; k++) expect(result.left[k]!).toBeLessThan(result.right[k]!);
    expect(result.blocks).toBe(4); // dn, em, nid:X1, ph (nid:Y2 has one record)
    expect(result.oversized).toEqual([]);
  });

  it('skips blocks above the cap, reports them, and still pairs records through their other keys', () => {
    const result = candidatePairs(records, { maxBlockSize: 2 });
    expect(result.oversized).toEqual([
      { key: 'dn:1985-03-12:JNK', size: 3 },
      { key: 'ph:+861', size: 3 },
    ]);
    expect(pairsOf(result, ids)).toEqual(['1-2', '4-5']);
  });

  it('does not depend on the order of the records', () => {
    const reversed = [...records].reverse();
    expect(pairsOf(candidatePairs(reversed, { maxBlockSize: 10 }), reversed.map((r) => r.id))).toEqual(
      pairsOf(candidatePairs(records, { maxBlockSize: 10 }), ids),
    );
  });
});

describe('isCanonicalBlock', () => {
  const a = ['dn:1985-03-12:JNK', 'nid:X1', 'ph:+861'];
  const b = ['nid:X1', 'ph:+861', 'zz:1'];
  const [first, second] = ['nid:X1', 'ph:+861'].sort((x, y) => blockOrder(x) - blockOrder(y));

  it('is true only for the first shared key (in block order) both records may use', () => {
    expect(isCanonicalBlock(first!, a, b)).toBe(true);
    expect(isCanonicalBlock(second!, a, b)).toBe(false);
    expect(isCanonicalBlock('dn:1985-03-12:JNK', a, b)).toBe(false);
    expect(isCanonicalBlock(second!, a, b, (k) => k !== first)).toBe(true);
    expect(isCanonicalBlock(first!, a, ['zz:1'])).toBe(false);
  });

  it('agrees with candidatePairs: a pair sharing several keys comes from its canonical block', () => {
    const records = [record(1, { blockingKeys: a }), record(2, { blockingKeys: b })];
    expect(candidatePairs(records, { maxBlockSize: 10 }).count).toBe(1);
  });
});

describe('usableBlockingKeys', () => {
  it('keeps the keys whose block is within the cap (unknown keys count the record alone)', () => {
    const sizes = new Map([
      ['nn:A:JNK', 5000],
      ['nid:X1', 2],
    ]);
    expect(usableBlockingKeys(['nid:X1', 'nn:A:JNK', 'ph:+861'], sizes, 100)).toEqual(['nid:X1', 'ph:+861']);
  });
});
