import { runEm, type EmParameters } from '../../src/matching/engine/index';

/**
 * Three fields with two, three and two levels; the pattern counts are the exact expectations of a
 * Fellegi-Sunter mixture with known λ, m and u, so EM must give those parameters back.
 */
const levelCounts = [2, 3, 2];
const truth: EmParameters = {
  lambda: 0.2,
  m: [
    [0.9, 0.1],
    [0.7, 0.2, 0.1],
    [0.95, 0.05],
  ],
  u: [
    [0.05, 0.95],
    [0.01, 0.09, 0.9],
    [0.3, 0.7],
  ],
};

function expectedPatterns(p: EmParameters, total: number): { levels: Uint8Array; counts: Float64Array } {
  const rows: number[][] = [];
  const counts: number[] = [];
  for (let a = 1; a <= 2; a++) {
    for (let b = 1; b <= 3; b++) {
      for (let c = 1; c <= 2; c++) {
        const m = p.m[0]![a - 1]! * p.m[1]![b - 1]! * p.m[2]![c - 1]!;
        const u = p.u[0]![a - 1]! * p.u[1]![b - 1]! * p.u[2]![c - 1]!;
        rows.push([a, b, c]);
        counts.push(total * (p.lambda * m + (1 - p.lambda) * u));
      }
    }
  }
  return { levels: Uint8Array.from(rows.flat()), counts: Float64Array.from(counts) };
}

const start: EmParameters = {
  lambda: 0.5,
  m: [
    [0.8, 0.2],
    [0.6, 0.3, 0.1],
    [0.8, 0.2],
  ],
  u: [
    [0.2, 0.8],
    [0.1, 0.2, 0.7],
    [0.5, 0.5],
  ],
};

describe('runEm', () => {
  const { levels, counts } = expectedPatterns(truth, 1_000_000);

  it('recovers λ, m and u of a known mixture and reports convergence', () => {
    const em = runEm(levels, counts, levelCounts, start, { maxIterations: 2000, tolerance: 1e-9, pseudoCount: 0 });
    expect(em.converged).toBe(true);
    expect(em.iterations).toBeGreaterThan(1);
    expect(em.iterations).toBeLessThan(2000);
    expect(em.lambda).toBeCloseTo(truth.lambda, 3);
    em.m.forEach((row, f) => row.forEach((m, l) => expect(m).toBeCloseTo(truth.m[f]![l]!, 3)));
    em.u.forEach((row, f) => row.forEach((u, l) => expect(u).toBeCloseTo(truth.u[f]![l]!, 3)));
  });

  it('with u fixed at its true value, recovers m and λ', () => {
    const em = runEm(levels, counts, levelCounts, { ...start, u: truth.u }, { maxIterations: 2000, tolerance: 1e-10, pseudoCount: 0, fixU: true });
    expect(em.converged).toBe(true);
    expect(em.u).toEqual(truth.u);
    expect(em.lambda).toBeCloseTo(truth.lambda, 4);
    em.m.forEach((row, f) => row.forEach((m, l) => expect(m).toBeCloseTo(truth.m[f]![l]!, 4)));
  });

  it('leaves an ignored field alone and still recovers the others', () => {
    const em = runEm(levels, counts, levelCounts, { ...start, u: truth.u }, { maxIterations: 2000, tolerance: 1e-10, pseudoCount: 0, fixU: true, ignoreFields: [1] });
    expect(em.m[1]).toEqual(start.m[1]);
    expect(em.lambda).toBeCloseTo(truth.lambda, 3);
    expect(em.m[0]![0]).toBeCloseTo(truth.m[0]![0]!, 3);
    expect(em.m[2]![0]).toBeCloseTo(truth.m[2]![0]!, 3);
  });

  it('stops at the iteration limit and says it did not converge', () => {
    const em = runEm(levels, counts, levelCounts, start, { maxIterations: 2, tolerance: 1e-12 });
    expect(em.iterations).toBe(2);
    expect(em.converged).toBe(false);
  });
});
