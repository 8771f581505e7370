/**
 * The Universal Scalability Law: S(p) = p / (1 + σ(p − 1) + κ·p(p − 1)). σ is contention (the
 * serial share, Amdahl's law when κ = 0), κ is coherency cost (readers slowing each other, which
 * makes speedup fall after a peak). Fitted with the costs in capacity-model.ts, by `searchScalingLaw`.
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

/**
 * The law whose fit errs least, searched on a grid: σ from 0 to 0.995 in steps of 0.005 and, when
 * three or more parallelisms were measured (two cannot tell contention from coherency), κ from 0
 * to 0.1 in steps of 0.0005, else κ = 0. `fit` fits whatever else depends on the law and says its
 * squared error; of two laws that fit alike, the one with less contention, then less coherency, wins.
 */
export function searchScalingLaw<F extends { sse: number }>(parallelisms: number, fit: (law: ScalingLaw) => F): F & { law: ScalingLaw } {
  const kappas = parallelisms >= 3 ? [...Array(201).keys()].map((i) => i * 0.0005) : [0];
  let best: (F & { law: ScalingLaw }) | undefined;
  let bestSse = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 200; i++) {
    for (const kappa of kappas) {
      const law = { sigma: i * 0.005, kappa };
      const f = fit(law);
      best ??= { ...f, law };
      if (f.sse < bestSse - 1e-12) {
        best = { ...f, law };
        bestSse = f.sse;
      }
    }
  }
  return best!;
}
