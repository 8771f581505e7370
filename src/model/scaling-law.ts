import { nonNegativeLeastSquares } from './least-squares.js';

/**
 * The Universal Scalability Law: S(p) = p / (1 + σ(p − 1) + κ·p(p − 1)). σ is contention (the
 * serial share, Amdahl's law when κ = 0), κ is coherency cost (readers slowing each other, which
 * makes speedup fall after a peak). Fitted by least squares on its linear form
 * p/S − 1 = σ(p − 1) + κ·p(p − 1), both non-negative.
 */
export interface ScalingLaw {
  sigma: number;
  kappa: number;
}

export function uslSpeedup(law: ScalingLaw, p: number): number {
  return p / (1 + law.sigma * (p - 1) + law.kappa * p * (p - 1));
}

/** Fits σ and κ to measured speedups (p = 1 points carry no information and are skipped). */
export function fitScalingLaw(points: readonly { parallelism: number; speedup: number }[]): ScalingLaw {
  const usable = points.filter((pt) => pt.parallelism > 1 && pt.speedup > 0);
  if (usable.length === 0) return { sigma: 0, kappa: 0 };
  const x = usable.map((pt) => [pt.parallelism - 1, pt.parallelism * (pt.parallelism - 1)]);
  const y = usable.map((pt) => pt.parallelism / pt.speedup - 1);
  const [sigma, kappa] = nonNegativeLeastSquares(x, y).coefficients;
  return { sigma: sigma!, kappa: kappa! };
}

/** The parallelism where the fitted curve peaks (infinite when κ = 0: Amdahl never turns down). */
export function peakParallelism(law: ScalingLaw): number {
  return law.kappa > 0 ? Math.sqrt((1 - law.sigma) / law.kappa) : Number.POSITIVE_INFINITY;
}
