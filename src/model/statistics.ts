/**
 * The statistics every figure in a report is made of: median with spread over repeats, speedup
 * against the parallelism-1 baseline (T1 / Tp) and efficiency (speedup / p).
 */
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** Half the interquartile range relative to the median: a unit-free spread. */
  relativeSpread: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  return { n: sorted.length, median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, relativeSpread: median > 0 ? iqr / 2 / median : Number.NaN };
}

/** T1 / Tp from median times. */
export function speedup(baselineSeconds: number, seconds: number): number {
  return baselineSeconds / seconds;
}

/** Speedup per reader: 1 is perfect scaling. */
export function efficiency(baselineSeconds: number, seconds: number, parallelism: number): number {
  return speedup(baselineSeconds, seconds) / parallelism;
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/** The sum of a count every item has, or undefined when any lacks it (or there are none): a partial sum would read as a smaller count. */
export function sumIfEvery<T>(items: readonly T[], count: (item: T) => number | undefined): number | undefined {
  let sum = 0;
  for (const item of items) {
    const n = count(item);
    if (n === undefined) return undefined;
    sum += n;
  }
  return items.length > 0 ? sum : undefined;
}
