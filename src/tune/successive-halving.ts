import { candidateKey, type Candidate } from './search-space.js';

/** What measuring one candidate on one rung's workload gave. */
export interface Measurement {
  seconds: number;
  /** Counts and key fingerprints matched the source: a faster setting that loses or duplicates rows is no answer. */
  verified: boolean;
  /** Why it is not verified, or why the job failed. */
  failure?: string;
  /** The job was stopped because the budget had no more time for it. */
  stopped?: boolean;
  /** Peak resident memory of the Flink JVM that ran it; absent on a remote cluster. */
  peakRssBytes?: number;
}

export interface Trial {
  candidate: Candidate;
  rung: number;
  measurement: Measurement;
  /** Why this candidate goes no further from here: not verified, over --memory, or not among the best. */
  rejected?: string;
  /** What rejected it: its verification, its memory, or its rank on the rung. */
  rejectedBy?: 'verification' | 'memory' | 'rank';
}

export interface Rung {
  /** What the rung measures on, e.g. "60 of 300 tables" or "the whole scenario". */
  workload: string;
  /**
   * How much longer a candidate is expected to take here than on the rung below (its share of the
   * chunks, say): what a promotion is charged against the budget before it runs. 1 for the first rung.
   */
  growth: number;
}

export interface SearchOptions {
  rungs: readonly Rung[];
  /** Keep the best 1/eta of a rung for the next one (3: the usual choice for successive halving). */
  eta?: number;
  /** Seconds the whole search may take. */
  budgetSeconds: number;
  /** A candidate whose Flink JVM peaked above this is rejected; absent: no limit. */
  memoryBytes?: number;
  /** Measures a candidate; past `limitSeconds` (what the budget has left) the job is to be stopped and the measurement unverified. */
  measure(candidate: Candidate, rung: number, limitSeconds: number): Promise<Measurement>;
  /** Seconds since the search started: a clock the tests can fake. */
  elapsed(): number;
  onTrial?(trial: Trial, best: Trial | undefined, secondsLeft: number): void;
}

export interface SearchResult {
  trials: Trial[];
  /** The fastest verified candidate within the memory limit on the highest rung any candidate reached. */
  best?: Trial;
  /** Candidates not measured because the budget would not have held them. */
  unmeasured: Candidate[];
  stoppedByBudget: boolean;
}

/**
 * Successive halving: every candidate on the cheapest rung, the best third promoted to the next,
 * and so on, each rung's workload closer to the real one. A measurement starts only when the time
 * it is expected to take (the slowest so far on that rung, or the rung below's ×growth) fits in the
 * budget; candidates left over are reported, never silently dropped. Order is the candidates' order,
 * which the caller draws from a seed: the same seed, space and measurements give the same search.
 */
export async function successiveHalving(candidates: readonly Candidate[], opts: SearchOptions): Promise<SearchResult> {
  const eta = opts.eta ?? 3;
  const trials: Trial[] = [];
  const unmeasured: Candidate[] = [];
  let stoppedByBudget = false;
  let alive = [...candidates];
  for (let rung = 0; rung < opts.rungs.length && alive.length > 0; rung++) {
    const measured: Trial[] = [];
    // Each rung may spend up to its share of the budget (rung r of n: (r + 1) / n of it in all), so
    // that promotions are not starved by a first rung that could take the whole budget.
    const rungBudget = (opts.budgetSeconds * (rung + 1)) / opts.rungs.length;
    for (const candidate of alive) {
      const left = opts.budgetSeconds - opts.elapsed();
      if (expectedSeconds(trials, measured, opts.rungs, rung, candidate) > rungBudget - opts.elapsed()) {
        stoppedByBudget = true;
        unmeasured.push(candidate);
        continue;
      }
      const trial: Trial = { candidate, rung, measurement: await opts.measure(candidate, rung, Math.min(left, rungBudget - opts.elapsed())) };
      const why = rejection(trial.measurement, opts.memoryBytes);
      if (why) Object.assign(trial, why);
      trials.push(trial);
      measured.push(trial);
      opts.onTrial?.(trial, bestOf(trials), opts.budgetSeconds - opts.elapsed());
    }
    const ranked = measured.filter((t) => !t.rejected).sort((a, b) => a.measurement.seconds - b.measurement.seconds);
    const keep = rung + 1 < opts.rungs.length ? Math.max(1, Math.ceil(ranked.length / eta)) : ranked.length;
    for (const t of ranked.slice(keep)) Object.assign(t, { rejected: `not among the best ${keep} on rung ${rung + 1}`, rejectedBy: 'rank' });
    // A single survivor still climbs: its time on the real workload is what the report needs.
    alive = ranked.slice(0, keep).map((t) => t.candidate);
  }
  const best = bestOf(trials);
  return { trials, ...(best ? { best } : {}), unmeasured, stoppedByBudget };
}

/** Verified, within memory: the fastest on the highest rung reached. */
export function bestOf(trials: readonly Trial[]): Trial | undefined {
  const ok = trials.filter((t) => t.rejectedBy !== 'verification' && t.rejectedBy !== 'memory');
  const top = Math.max(-1, ...ok.map((t) => t.rung));
  return ok.filter((t) => t.rung === top).sort((a, b) => a.measurement.seconds - b.measurement.seconds)[0];
}

function rejection(m: Measurement, memoryBytes: number | undefined): Pick<Trial, 'rejected' | 'rejectedBy'> | undefined {
  if (!m.verified) return { rejected: `not verified: ${m.failure ?? 'counts or key fingerprints differ from the source'}`, rejectedBy: 'verification' };
  if (memoryBytes !== undefined && m.peakRssBytes !== undefined && m.peakRssBytes > memoryBytes) return { rejected: `over --memory: the Flink JVM peaked at ${(m.peakRssBytes / 2 ** 30).toFixed(2)} GiB`, rejectedBy: 'memory' };
  return undefined;
}

/**
 * What a measurement is charged before it runs: on the first rung, the slowest so far there (the
 * first one is always allowed: nothing is known yet); above it, the candidate's own time on the rung
 * below × the rung's growth, or the slowest so far on this rung when that is more.
 */
function expectedSeconds(trials: readonly Trial[], thisRung: readonly Trial[], rungs: readonly Rung[], rung: number, candidate: Candidate): number {
  const here = Math.max(0, ...thisRung.map((t) => t.measurement.seconds));
  if (rung === 0) return here;
  const below = trials.find((t) => t.rung === rung - 1 && candidateKey(t.candidate) === candidateKey(candidate));
  return Math.max(here, (below?.measurement.seconds ?? 0) * rungs[rung]!.growth);
}
