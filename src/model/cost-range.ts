import { cycleAtSampleMix, type CapacityModel, type MeasuredCadence } from './capacity-model.js';
import { uslSpeedup } from './scaling-law.js';

/**
 * How far chance may have moved a sampled model's per-chunk reader cost at parallelism p, as a
 * relative half-width at two standard errors, for the estimate's range (estimate.ts). It comes
 * from what was measured (capacity-model.ts, fitCadence): each measured parallelism's readers'
 * cycle, whose mean errs by the cycles' coefficient of variation over √cycles widened by the
 * jobs' dispersion.
 * - At a measured parallelism: that parallelism's error.
 * - Between two measured ones: the line between them, each end with its error.
 * - Beyond the largest measured one: contention extrapolated along the line through p = 1's cycle
 *   and the largest measured parallelism's, so the two errors are multiplied by the distance from
 *   them: from p ≤ 2, the cost at p = 32 errs by ≈ 30 times each measured error. Over the model's
 *   own cost at p, this grows with the distance, and it is large when σ rests on two short jobs,
 *   as it should be: two jobs of 20 cycles cannot tell σ = 0 from σ = 0.25, 32× from 3.4×.
 * Zero for a model without measured cadences (a joint fit: its range is the fit's own error).
 */
export function costMargin(model: CapacityModel, p: number): number {
  const measured = [...(model.cadence ?? [])].sort((a, b) => a.parallelism - b.parallelism);
  const first = measured[0];
  const last = measured.at(-1);
  if (first === undefined || last === undefined || measured.length < 2) return 0;
  const at = measured.find((m) => m.parallelism === p);
  if (at !== undefined) return 2 * at.relativeError;
  // Measured cycles are at the sample's mix: the per-GB part of its chunks is in them.
  const cost = cycleAtSampleMix(model) * (p / uslSpeedup(model.law, p));
  if (cost <= 0) return 0;
  const [lo, hi] = p < last.parallelism ? neighbours(measured, p) : [first, last];
  // The line through lo and hi evaluated at p: lo's weight and hi's (beyond hi, lo's is negative).
  const w = (p - lo.parallelism) / (hi.parallelism - lo.parallelism);
  const sd = Math.hypot((1 - w) * lo.secondsPerChunk * lo.relativeError, w * hi.secondsPerChunk * hi.relativeError);
  return (2 * sd) / cost;
}

function neighbours(measured: readonly MeasuredCadence[], p: number): [MeasuredCadence, MeasuredCadence] {
  const hi = measured.findIndex((m) => m.parallelism > p);
  if (hi <= 0) return [measured[0]!, measured[1]!];
  return [measured[hi - 1]!, measured[hi]!];
}
