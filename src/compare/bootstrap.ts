import { median, quantile } from '../model/statistics.js';
import { Rng } from '../scenario/rng.js';

/** Below this many successful runs a side, a resampled median is one of a couple of values: no interval. */
export const MIN_SAMPLES_FOR_INTERVAL = 3;

export interface BootstrapOptions {
  resamples?: number;
  /** 0.95 for a 95 % interval. */
  confidence?: number;
}

/**
 * Percentile bootstrap interval of median(next) / median(base): each side is resampled with
 * replacement on its own, since the runs of BASE and NEW are not paired. The generator is seeded
 * with a constant, so the same inputs always give the same interval (a CI verdict must not flip on
 * a rerun of compare).
 */
export function ratioOfMediansInterval(base: readonly number[], next: readonly number[], opts: BootstrapOptions = {}): { low: number; high: number } | undefined {
  if (base.length < MIN_SAMPLES_FOR_INTERVAL || next.length < MIN_SAMPLES_FOR_INTERVAL) return undefined;
  const resamples = opts.resamples ?? 10_000;
  const alpha = 1 - (opts.confidence ?? 0.95);
  const rng = new Rng('cdc-sizer compare bootstrap');
  const ratios = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) ratios[i] = resampledMedian(next, rng) / resampledMedian(base, rng);
  ratios.sort((a, b) => a - b);
  return { low: quantile(ratios, alpha / 2), high: quantile(ratios, 1 - alpha / 2) };
}

function resampledMedian(values: readonly number[], rng: Rng): number {
  const draw = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) draw[i] = values[rng.int(0, values.length - 1)]!;
  return median(draw);
}
