import { compareIds, idRanks } from '../../src/matching/engine/index';

describe('compareIds / idRanks', () => {
  it('orders plain numbers numerically, then other ids as strings: a total order', () => {
    const ids = ['10', '9a', '9', 'b', '100000000000000000001', 'a', '2'];
    expect([...ids].sort(compareIds)).toEqual(['2', '9', '10', '100000000000000000001', '9a', 'a', 'b']);
    for (const x of ids) for (const y of ids) expect(Math.sign(compareIds(x, y)) + Math.sign(compareIds(y, x))).toBe(0);
  });

  it('ranks records by id, with the same order for numeric and mixed id sets', () => {
    expect([...idRanks(['30', '4', '200'])]).toEqual([1, 0, 2]);
    expect([...idRanks(['30', '4', 'x', '200'])]).toEqual([1, 0, 3, 2]);
  });

  it('refuses duplicate ids', () => {
    expect(() => idRanks(['1', 'a', 'a'])).toThrow(/duplicate/);
  });
});
