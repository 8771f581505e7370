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

/**
 * Chunk cycles one reader goes through when `chunks` are shared among p readers: chunks / S(p),
 * but a reader reads whole chunks, so never fewer than ⌈chunks / p⌉. A sample's 11 chunks on 2
 * readers take 6 cycles however well they scale: read as 5.5 / S(2), they would look like
 * contention the full snapshot does not have.
 */
export function chunkRounds(law: ScalingLaw, chunks: number, p: number): number {
  return Math.max(chunks / uslSpeedup(law, p), Math.ceil(chunks / p));
}
