import type { Rng } from '../rng.js';
import { largestRemainder } from './zipf.js';

/**
 * Log-normal table sizes: median · e^(sigma·Z). Real catalogs look like this: most tables small,
 * a long tail of big ones. With `total`, sizes are rescaled to add up to it before clamping.
 */
export function lognormalSizes(
  rng: Rng,
  count: number,
  opts: { median: number; sigma: number; min: number; max?: number; total?: number },
): number[] {
  let raw = Array.from({ length: count }, () => opts.median * Math.exp(opts.sigma * rng.normal()));
  if (opts.total !== undefined) {
    const sum = raw.reduce((a, b) => a + b, 0);
    raw = largestRemainder(raw.map((x) => (x * opts.total!) / sum), opts.total);
  }
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return raw.map((x) => Math.min(max, Math.max(opts.min, Math.round(x))));
}
