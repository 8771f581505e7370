/**
 * Non-negative least squares for the handful of unknowns the capacity model has (at most four):
 * every subset of columns is solved by ordinary least squares and the best subset whose
 * coefficients are all ≥ 0 wins. A larger subset must earn its place by cutting the squared error
 * by more than `minGain`, so collinear columns (a calibration where tables and bytes moved
 * together) resolve to the simpler explanation instead of an arbitrary split.
 */
export interface Fit {
  coefficients: number[];
  /** Sum of squared residuals. */
  sse: number;
}

export function nonNegativeLeastSquares(x: readonly (readonly number[])[], y: readonly number[], minGain = 0.01): Fit {
  const k = x[0]?.length ?? 0;
  const total = y.reduce((a, v) => a + v * v, 0);
  let best: Fit = { coefficients: new Array<number>(k).fill(0), sse: y.reduce((a, v) => a + v * v, 0) };
  let bestSize = 0;
  // Subsets by size, then in column order: the caller lists columns from most to least expected.
  const subsets = [...Array(2 ** k).keys()].slice(1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  for (const mask of subsets) {
    const cols = [...Array(k).keys()].filter((c) => mask & (1 << c));
    const beta = solveOls(x.map((row) => cols.map((c) => row[c]!)), y);
    if (!beta || beta.some((b) => b < 0)) continue;
    const coefficients = new Array<number>(k).fill(0);
    cols.forEach((c, i) => (coefficients[c] = beta[i]!));
    const sse = y.reduce((a, v, i) => a + (v - dot(x[i]!, coefficients)) ** 2, 0);
    const size = cols.length;
    // Ties (collinear columns fit equally well, up to rounding) go to the earlier subset.
    const better = (size > bestSize ? sse < best.sse * (1 - minGain) : sse < best.sse) && sse < best.sse - 1e-9 * total;
    if (bestSize === 0 || better) {
      best = { coefficients, sse };
      bestSize = size;
    }
  }
  return best;
}

export function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, v, i) => s + v * b[i]!, 0);
}

function popcount(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}

/** Normal equations solved by Gaussian elimination; undefined when the columns are singular. */
function solveOls(x: number[][], y: readonly number[]): number[] | undefined {
  const k = x[0]?.length ?? 0;
  if (x.length < k) return undefined;
  const a = [...Array(k).keys()].map((i) => [...[...Array(k).keys()].map((j) => x.reduce((s, r) => s + r[i]! * r[j]!, 0)), x.reduce((s, r, n) => s + r[i]! * y[n]!, 0)]);
  for (let col = 0; col < k; col++) {
    const pivot = a.slice(col).reduce((p, r, i) => (Math.abs(r[col]!) > Math.abs(a[p]![col]!) ? col + i : p), col);
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const scale = Math.abs(a[col]![col]!);
    const size = Math.max(...a[col]!.slice(0, k).map(Math.abs), 1e-300);
    if (scale < size * 1e-10) return undefined;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= k; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((r, i) => r[k]! / r[i]!);
}
