/**
 * Whether stated ranges cover the truth: for pairs of a predicted range and the time then
 * measured, the fraction of measured times inside their range (bounds included). The bench
 * reports it per shape and parallelism; a coverage below what the range claims means the range
 * must widen.
 */
export interface RangeOutcome {
  low: number;
  high: number;
  measured: number;
}

export interface RangeCoverage {
  /** Pairs counted. */
  n: number;
  inside: number;
  /** inside / n; undefined when nothing was counted. */
  coverage?: number;
  /** Measured above the range: the estimate was optimistic (the dangerous side for a cut-over window). */
  above: number;
  below: number;
}

export function rangeCoverage(outcomes: readonly RangeOutcome[]): RangeCoverage {
  for (const o of outcomes) {
    if (![o.low, o.high, o.measured].every(Number.isFinite) || o.low > o.high) throw new RangeError(`not a range and a measurement: ${o.low}–${o.high}, ${o.measured}`);
  }
  const above = outcomes.filter((o) => o.measured > o.high).length;
  const below = outcomes.filter((o) => o.measured < o.low).length;
  const inside = outcomes.length - above - below;
  return { n: outcomes.length, inside, ...(outcomes.length > 0 ? { coverage: inside / outcomes.length } : {}), above, below };
}
