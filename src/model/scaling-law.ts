/**
 * The Universal Scalability Law: S(p) = p / (1 + σ(p − 1) + κ·p(p − 1)). σ is contention (the
 * serial share, Amdahl's law when κ = 0), κ is coherency cost (readers slowing each other, which
 * makes speedup fall after a peak). Fitted with the costs in capacity-model.ts.
 */
export interface ScalingLaw {
  sigma: number;
  kappa: number;
}

export function uslSpeedup(law: ScalingLaw, p: number): number {
  return p / (1 + law.sigma * (p - 1) + law.kappa * p * (p - 1));
}
