/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) for the u-probability sample: the same
 * records and seed always give the same sample, hence the same model. Never Math.random.
 */
export interface Rng {
  /** uniform integer in [0, n) for n ≤ 2^32 */
  below(n: number): number;
}

export function createRng(seed: number): Rng {
  let s = seed >>> 0 || 0x9e3779b9;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    below(n: number): number {
      // 53-bit uniform float, then scaled: unbiased enough for sampling pairs
      const x = (next() >>> 5) * 67108864 + (next() >>> 6);
      return Math.floor((x / 9007199254740992) * n);
    },
  };
}
