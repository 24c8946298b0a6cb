/**
 * Expectation-maximisation for the Fellegi-Sunter mixture on the candidate pairs: each pair is a
 * match with probability λ, and given its class the fields' levels are independent with
 * probabilities m (matches) and u (non-matches). Identical comparison vectors are counted once
 * as a pattern with a count, so one iteration costs the number of distinct patterns (hundreds to
 * a few thousand), not the number of pairs.
 *
 * u is estimated here too, but only as a nuisance parameter: non-matches inside blocks agree far
 * more often than random pairs (they were blocked together for agreeing). The model's final u
 * comes from random pairs (model.ts); m and λ are what EM is for.
 */
export interface EmParameters {
  /** share of matches among the pairs */
  lambda: number;
  /** m[f][l - 1]: probability of level l of field f among matches (level 0, null, excluded) */
  m: number[][];
  u: number[][];
}

export interface EmResult extends EmParameters {
  iterations: number;
  converged: boolean;
  /** largest change of λ or any m in the last iteration */
  lastChange: number;
}

export interface EmOptions {
  maxIterations: number;
  tolerance: number;
  /** pseudo-count added to every level (keeps unseen levels away from probability 0) */
  pseudoCount?: number;
  /** keep u as given (estimated elsewhere, from random pairs) and estimate only m and λ */
  fixU?: boolean;
  /** fields to leave out (their levels are treated as null); their m and u stay as given */
  ignoreFields?: readonly number[];
}

/**
 * `levels`: patterns × fields level numbers (0 = null), row-major; `counts`: pairs per pattern;
 * `levelCounts[f]`: number of non-null levels of field f.
 */
export function runEm(levels: Uint8Array, counts: Float64Array, levelCounts: readonly number[], init: EmParameters, options: EmOptions): EmResult {
  const fields = levelCounts.length;
  const patterns = counts.length;
  const ignored = new Set(options.ignoreFields ?? []);
  const alpha = options.pseudoCount ?? 0.5;
  let { lambda } = init;
  let m = init.m.map((row) => [...row]);
  let u = init.u.map((row) => [...row]);
  const total = counts.reduce((s, c) => s + c, 0);
  let iterations = 0;
  let lastChange = Infinity;
  const logM = m.map((row) => new Float64Array(row.length));
  const logU = u.map((row) => new Float64Array(row.length));

  while (iterations < options.maxIterations && lastChange > options.tolerance) {
    iterations++;
    for (let f = 0; f < fields; f++) {
      for (let l = 0; l < levelCounts[f]!; l++) {
        logM[f]![l] = Math.log(m[f]![l]!);
        logU[f]![l] = Math.log(u[f]![l]!);
      }
    }
    const mNum = levelCounts.map((n) => new Float64Array(n));
    const uNum = levelCounts.map((n) => new Float64Array(n));
    const logLambda = Math.log(lambda);
    const logNotLambda = Math.log(1 - lambda);
    let matchMass = 0;
    for (let p = 0; p < patterns; p++) {
      let lm = logLambda;
      let lu = logNotLambda;
      const row = p * fields;
      for (let f = 0; f < fields; f++) {
        const level = levels[row + f]!;
        if (level === 0 || ignored.has(f)) continue;
        lm += logM[f]![level - 1]!;
        lu += logU[f]![level - 1]!;
      }
      const post = 1 / (1 + Math.exp(lu - lm));
      const c = counts[p]!;
      matchMass += c * post;
      for (let f = 0; f < fields; f++) {
        const level = levels[row + f]!;
        if (level === 0 || ignored.has(f)) continue;
        mNum[f]![level - 1]! += c * post;
        uNum[f]![level - 1]! += c * (1 - post);
      }
    }
    const newLambda = clamp(matchMass / total);
    const newM = mNum.map((row, f) => (ignored.has(f) ? m[f]! : normalise(row, alpha)));
    const newU = options.fixU ? u : uNum.map((row, f) => (ignored.has(f) ? u[f]! : normalise(row, alpha)));
    lastChange = Math.abs(newLambda - lambda);
    for (let f = 0; f < fields; f++) for (let l = 0; l < levelCounts[f]!; l++) lastChange = Math.max(lastChange, Math.abs(newM[f]![l]! - m[f]![l]!));
    lambda = newLambda;
    m = newM;
    u = newU;
  }
  return { lambda, m, u, iterations, converged: lastChange <= options.tolerance, lastChange };
}

/** counts to probabilities with a pseudo-count on every level */
export function normalise(counts: ArrayLike<number>, pseudoCount: number): number[] {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += counts[i]! + pseudoCount;
  const out: number[] = [];
  for (let i = 0; i < counts.length; i++) out.push((counts[i]! + pseudoCount) / sum);
  return out;
}

function clamp(p: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, p));
}
