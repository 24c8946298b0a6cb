import { BoundedCache } from '../../src/standardize/bounded-cache.js';

describe('BoundedCache', () => {
  it('computes a value once per key while it is held', () => {
    const cache = new BoundedCache<number>(10);
    const compute = jest.fn((key: string) => key.length);
    expect(cache.getOrCompute('abc', compute)).toBe(3);
    expect(cache.getOrCompute('abc', compute)).toBe(3);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('keeps falsy values cached', () => {
    const cache = new BoundedCache<string | null>(10);
    const compute = jest.fn(() => null);
    cache.getOrCompute('x', compute);
    cache.getOrCompute('x', compute);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('drops the least recently used keys and keeps the ones in use', () => {
    const cache = new BoundedCache<string>(4);
    const compute = jest.fn((key: string) => key.toUpperCase());
    for (const key of ['a', 'b', 'c', 'd', 'a', 'e', 'f', 'a']) cache.getOrCompute(key, compute);
    expect(compute.mock.calls.map(([key]) => key)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    compute.mockClear();
    cache.getOrCompute('b', compute);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('never holds more than its bound', () => {
    const cache = new BoundedCache<number>(100);
    const compute = jest.fn(() => 1);
    for (let i = 0; i < 1000; i++) cache.getOrCompute(String(i), compute);
    compute.mockClear();
    for (let i = 0; i < 1000; i++) cache.getOrCompute(String(i), compute);
    expect(compute.mock.calls.length).toBeGreaterThanOrEqual(900);
  });
});
