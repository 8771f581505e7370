import { calibrationSamples, type CalibrationSample } from './calibration-samples.js';
import type { RunResult } from './run-result.js';
import { dot, nonNegativeLeastSquares } from './least-squares.js';
import { chunkRounds, searchScalingLaw, uslSpeedup, type ScalingLaw } from './scaling-law.js';
import { median, sumIfEvery } from './statistics.js';
import type { ChunkBytesCost, JobCadence, SampleCosts } from './sample-costs.js';

/**
 * The capacity model, fitted from measured runs of the connector:
 *   reading time at p  =  c·tables  +  (a·chunks + b·GB on disk + d·chunks·tables) / S(p)
 *   snapshot time      =  fixed start-up + reading time
 * c·tables is serial: the source's enumerator splits one table after another on the JobManager,
 * reading each table's schema, whatever the parallelism. The rest is shared among the readers with
 * the efficiency of the Universal Scalability Law S(p) = p / (1 + σ(p−1) + κ·p(p−1)). a is the
 * per-chunk cycle (query, watermarks, backfill, polling), b the per-byte cost (reading and
 * converting rows), d the part of a chunk's cost that grows with the captured tables (Flink CDC
 * 3.5.0 re-reads every captured table's schema for each chunk). Without the serial term, speedups
 * measured on small calibrations (where splitting weighs more) understate those of large snapshots.
 * Fitted jointly on every sample: σ and κ by grid search, the costs for each (σ, κ) by non-negative
 * least squares. d is only told apart from a when calibrations differ in table count. A sampled
 * run's measured costs (sample-costs.ts) replace the joint fit: c is measured, a and the law come
 * from the readers' cadence at each parallelism measured (fitCadence), b from the sampled tables'
 * cycles when their chunks differ enough in bytes (else 0), and d is 0. A table read in part
 * costs its own measured cycle instead (estimate.ts, WorkloadTable.chunkSeconds).
 */
export interface CapacityModel {
  sourceOptions: Record<string, string>;
  costs: { perChunkSeconds: number; perGbSeconds: number; perTableSeconds: number; perChunkPerTableSeconds: number };
  /** Job start-up plus what the harness adds around the job (submission, polling). */
  fixedSeconds: number;
  law: ScalingLaw;
  /**
   * Chunk splitting by key shape: server milliseconds of the enumerator's boundary queries per chunk
   * (uuid and text keys need a query per chunk, dense integer keys are cut arithmetically). Part
   * of the serial per-table cost; used to correct it for a catalog whose key shapes differ.
   */
  splitting: { millisPerChunkByShape: Record<string, number>; meanMillisPerTable: number };
  measured: {
    parallelisms: number[];
    chunkSizes: number[];
    cores: number;
    tables: [number, number];
    diskBytes: [number, number];
    samples: number;
    /** Whether the model was fitted on samples at the chunk size asked for (else on every chunk size). */
    atChunkSize: boolean;
    /** On-disk bytes per row of the calibration scenarios: a chunk's cost depends on how wide its rows are. */
    bytesPerRow: [number, number];
    scenarios: string[];
  };
  /** How well the model reproduces its own calibration samples (relative error of reading time). */
  fit: { maxRelativeError: number; rmsRelativeError: number };
  /** A sampled run's readers' cadence per parallelism, the basis of the fit and of the range (cost-range.ts). */
  cadence?: MeasuredCadence[];
  /** A sampled run's chunks' bytes: the mix its cadence was measured at, and where b came from (sample-costs.ts). */
  chunkBytes?: ChunkBytesCost;
}

/** The calibration cannot support a model (a user can fix it by measuring more). */
export class CalibrationError extends Error {
  override name = 'CalibrationError';
}

/**
 * Fits the model. With `chunkSize`, and samples measured at that chunk size, only those are used:
 * a chunk's cost is not linear in its rows across chunk sizes (on first-sizing a 50,000-row chunk
 * cost more than 6 of 8,096 rows), while at one chunk size full chunks cost the same at any volume.
 * One scale at one chunk size cannot split a chunk's cost into fixed and per-byte parts; the
 * simpler explanation (all per chunk) is taken, which holds while row widths stay alike.
 */
export function fitCapacityModel(results: readonly RunResult[], sourceOptions: Record<string, string> = {}, chunkSize?: number, known?: SampleCosts): CapacityModel {
  const all = calibrationSamples(results, sourceOptions);
  const atSize = all.filter((s) => s.chunkSize === chunkSize);
  const matched = atSize.some((s) => s.parallelism === 1) && atSize.some((s) => s.parallelism > 1);
  const chosen = matched ? atSize : all;
  if (!chosen.some((s) => s.parallelism === 1)) throw new CalibrationError('no successful flink-cdc sample at parallelism 1 with these source options');
  if (!chosen.some((s) => s.parallelism > 1)) throw new CalibrationError('no successful flink-cdc sample above parallelism 1: scaling was not measured, so nothing can be said about p > 1 (calibrate with --parallelism 2 or more)');
  // A sampled run's measured per-table cost (model/sample-costs.ts) leaves the per-chunk cost and
  // the scaling law to fit, on reading times without the readers' start-up, which then counts as fixed.
  const samples = known ? chosen.map((s) => ({ ...s, readSeconds: Math.max(1e-3, s.readSeconds - known.startSeconds), fixedSeconds: s.fixedSeconds + known.startSeconds })) : chosen;
  const fitted: JointFit & { cadence?: MeasuredCadence[]; chunkBytes?: ChunkBytesCost } = known ? fitCadence(known) : fitJointly(samples);
  const errors = samples.map((s) => (predictReading(fitted, s) - s.readSeconds) / s.readSeconds);
  const { work, law } = fitted;
  return {
    sourceOptions,
    costs: { perChunkSeconds: work[0]!, perTableSeconds: work[1]!, perGbSeconds: work[2]!, perChunkPerTableSeconds: work[3]! },
    fixedSeconds: median(samples.map((s) => s.fixedSeconds)),
    law,
    splitting: splittingByShape(samples.filter((s) => s.parallelism === 1)),
    measured: {
      parallelisms: [...new Set(samples.map((s) => s.parallelism))].sort((a, b) => a - b),
      chunkSizes: [...new Set(samples.map((s) => s.chunkSize))].sort((a, b) => a - b),
      cores: Math.min(...results.map((r) => r.environment.cores)),
      tables: [Math.min(...samples.map((s) => s.tables)), Math.max(...samples.map((s) => s.tables))],
      diskBytes: [Math.min(...samples.map((s) => s.gb * 1e9)), Math.max(...samples.map((s) => s.gb * 1e9))],
      samples: samples.length,
      atChunkSize: matched,
      bytesPerRow: [Math.min(...samples.map((s) => s.bytesPerRow)), Math.max(...samples.map((s) => s.bytesPerRow))],
      scenarios: [...new Set(results.map((r) => `${r.scenario.name}@${r.scenario.scale}`))],
    },
    fit: { maxRelativeError: Math.max(...errors.map(Math.abs)), rmsRelativeError: Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length) },
    ...(fitted.cadence !== undefined ? { cadence: fitted.cadence } : {}),
    ...(fitted.chunkBytes !== undefined ? { chunkBytes: fitted.chunkBytes } : {}),
  };
}

/**
 * A reader's p = 1 cycle at the sample's own mix of chunk widths: what a sampled model's readers
 * measured, whichever way it is split between the per-chunk and the per-GB cost.
 */
export function cycleAtSampleMix(m: CapacityModel): number {
  return m.costs.perChunkSeconds + m.costs.perGbSeconds * (m.chunkBytes?.sampleGbPerChunk ?? 0);
}

function splittingByShape(samples: readonly CalibrationSample[]): CapacityModel['splitting'] {
  const by = new Map<string, { chunks: number; millis: number }>();
  const splits = samples.flatMap((s) => s.splits);
  for (const t of splits) {
    const acc = by.get(t.shape) ?? { chunks: 0, millis: 0 };
    acc.chunks += t.chunks;
    acc.millis += t.millis;
    by.set(t.shape, acc);
  }
  return {
    millisPerChunkByShape: Object.fromEntries([...by].map(([shape, v]) => [shape, v.chunks > 0 ? v.millis / v.chunks : 0])),
    meanMillisPerTable: splits.length > 0 ? splits.reduce((a, t) => a + t.millis, 0) / splits.length : 0,
  };
}

interface JointFit {
  /** [per chunk, per table (serial), per GB, per chunk per table]. */
  work: number[];
  law: ScalingLaw;
}

// Ordered by how well established each cost is, since ties go to the earlier columns: every chunk
// costs a cycle; every table costs its splitting; bytes cost little next to those in every run
// measured so far.
function features(s: { chunks: number; gb: number; tables: number; parallelism: number }, law: ScalingLaw): number[] {
  const rounds = chunkRounds(law, s.chunks, s.parallelism);
  return [rounds, s.tables, s.gb / uslSpeedup(law, s.parallelism), rounds * s.tables];
}

function predictReading(f: JointFit, s: { chunks: number; gb: number; tables: number; parallelism: number }): number {
  return dot(features(s, f.law), f.work);
}

/**
 * σ and κ on searchScalingLaw's grid (scaling-law.ts); for each, the costs by non-negative least
 * squares on relative errors (every sample weighs the same, short or long). The pair with the
 * smallest error wins.
 */
function fitJointly(samples: readonly CalibrationSample[]): JointFit {
  const { coefficients, law } = searchScalingLaw(new Set(samples.map((s) => s.parallelism)).size, (law) =>
    nonNegativeLeastSquares(
      samples.map((s) => features(s, law).map((v) => v / s.readSeconds)),
      samples.map(() => 1),
    ),
  );
  return { work: coefficients, law };
}

/**
 * The per-chunk cost and the scaling law of a sampled run, from its readers' cadence
 * (model/sample-costs.ts). At parallelism p a reader's chunk cycle is a·(1 + σ(p − 1) + κ·p(p − 1))
 * (a·p / S(p)), a being p = 1's. What each parallelism measured is the basis at that parallelism:
 * a and σ (κ from three parallelisms) are fitted to the measured cycle costs themselves, each
 * parallelism weighted by its cycles, so p = 1 at 1.06 s and p = 2 at 1.37 s give a = 1.06 s and
 * σ = 0.29, and a p = 2 prediction of 1.37 s a chunk per reader. A slowdown "within chance" of
 * p = 1 is still a measurement and is carried (its chance goes into the range, cost-range.ts);
 * replacing it by perfect scaling is what made a full run's p = 2 27 % slower than predicted
 * (issue 18). A p > 1 no slower than p = 1 cannot be fitted by σ ≥ 0: the law is then σ = 0 and
 * a the mean over every reader's cycles, as before.
 *
 * Positive evidence that a job was atypical, and what it changes (typicalJobs):
 * - a p > 1 job on a cold JVM (`coldJvm`): its readers cycled 13–19 % slower than warm ones on
 *   bench:sample, a cost a full snapshot pays once over hundreds of chunks (docs/model.md);
 * - a job of fewer than MIN_JOB_CYCLES cycles: its mean is too uncertain to say anything.
 * Such a job gives way to typical jobs at the same parallelism when there are any; alone at its
 * parallelism it is still what was measured, so it is used, with the wider chance it carries
 * (a cold p > 1 job's mean varies 2.26× its cycles' chance, not 1.31×). A p = 1 job is never
 * atypical for being cold: a full snapshot starts cold too.
 */
function fitCadence(known: SampleCosts): JointFit & { cadence: MeasuredCadence[]; chunkBytes?: ChunkBytesCost } {
  const byP = pooledByParallelism(typicalJobs(known.cadence), known.cycleCv ?? ASSUMED_CYCLE_CV);
  const best = searchScalingLaw(byP.size, (law) => {
    // The weighted least-squares a for this law: every cycle counts once, at its parallelism.
    const g = [...byP].map(([p, c]) => ({ c, g: p / uslSpeedup(law, p) }));
    const a = g.reduce((acc, x) => acc + x.c.cycles * x.c.secondsPerChunk * x.g, 0) / g.reduce((acc, x) => acc + x.c.cycles * x.g * x.g, 0);
    return { a, sse: g.reduce((acc, x) => acc + x.c.cycles * (a * x.g - x.c.secondsPerChunk) ** 2, 0) };
  });
  const bytes = splitByBytes(best.a, known.chunkBytes);
  return { work: [best.a - bytes.perGb * bytes.gbPerChunk, known.perTableSeconds, bytes.perGb, 0], law: best.law, cadence: [...byP.values()], ...(known.chunkBytes !== undefined ? { chunkBytes: bytes.cost! } : {}) };
}

/**
 * The measured cycle a is at the sample's mean GB per chunk x̄; with β per GB the chunk term keeps
 * a − β·x̄, so that the sample's own mix predicts exactly what its readers measured and a catalog
 * of narrower or wider chunks moves with its bytes. β never exceeds a / x̄: a chunk does not cost
 * less than nothing.
 */
function splitByBytes(a: number, cost: ChunkBytesCost | undefined): { perGb: number; gbPerChunk: number; cost?: ChunkBytesCost } {
  if (cost === undefined) return { perGb: 0, gbPerChunk: 0 };
  if (cost.perGbSeconds === undefined || cost.sampleGbPerChunk <= 0) return { perGb: 0, gbPerChunk: 0, cost };
  const perGb = Math.min(cost.perGbSeconds, a / cost.sampleGbPerChunk);
  return { perGb, gbPerChunk: cost.sampleGbPerChunk, cost: { ...cost, perGbSeconds: perGb } };
}

/**
 * A job of fewer cycles than this says too little to be a parallelism's basis when another job at
 * the same parallelism says more. A cycle's coefficient of variation is ≈ 0.28 and a job's mean
 * varies 1.31× more than that explains, so a mean over k cycles errs by 0.37 / √k: two standard
 * errors are 33 % at 5 cycles (σ = 0 and σ = 0.33 alike), more below.
 */
export const MIN_JOB_CYCLES = 5;

/** The coefficient of variation of a chunk's cycle when no reader paused twice: the top of the 0.27–0.30 measured over 411 chunks. */
const ASSUMED_CYCLE_CV = 0.3;

function typicalJobs(jobs: readonly JobCadence[]): JobCadence[] {
  const atypical = (j: JobCadence) => j.cycles < MIN_JOB_CYCLES || (j.parallelism > 1 && j.coldJvm === true);
  return jobs.filter((j) => !atypical(j) || !jobs.some((o) => o.parallelism === j.parallelism && !atypical(o)));
}

/** What a sampled run measured at one parallelism: the readers' cycle and how far chance may have moved it. */
export interface MeasuredCadence {
  parallelism: number;
  cycles: number;
  /** Reader-seconds per chunk cycle at this parallelism. */
  secondsPerChunk: number;
  /** One standard error of secondsPerChunk, relative: cycle CV × job dispersion / √cycles. */
  relativeError: number;
  /** Of the cycles, those among each reader's first ten of its job; absent when a job did not count them. */
  earlyCycles?: number;
}

function pooledByParallelism(jobs: readonly JobCadence[], cv: number): Map<number, MeasuredCadence> {
  const ps = [...new Set(jobs.map((j) => j.parallelism))].sort((a, b) => a - b);
  return new Map(
    ps.map((p) => {
      const at = jobs.filter((j) => j.parallelism === p);
      const cycles = at.reduce((a, j) => a + j.cycles, 0);
      const dispersion = at.some((j) => p > 1 && j.coldJvm === true) ? COLD_JOB_DISPERSION : JOB_DISPERSION;
      const early = sumIfEvery(at, (j) => j.earlyCycles);
      return [p, { parallelism: p, cycles, secondsPerChunk: at.reduce((a, j) => a + j.readerSeconds, 0) / cycles, relativeError: (cv * dispersion) / Math.sqrt(cycles), ...(early !== undefined ? { earlyCycles: early } : {}) }];
    }),
  );
}

/**
 * How much more a job's mean cycle varies from job to job than its cycles' spread explains.
 * Measured in bench:sample on the same 11 chunks: 13 p = 1 jobs' means had a standard deviation of
 * 11.1 % against 8.5 % from their cycles (CV 0.27 over 10). A p = 2 job, run warm after the p = 1
 * job (measure-grid.ts), varied less than its cycles' spread in 6 jobs (2.5–3.4 % against
 * 6–9 %); cold, it had varied 2.26× more (9 jobs: COLD_JOB_DISPERSION). The p = 1 factor serves both.
 */
const JOB_DISPERSION = 1.31;
const COLD_JOB_DISPERSION = 2.26;

/** The model in a few lines, for reports. */
export function explainModel(m: CapacityModel): string[] {
  const c = m.costs;
  return [
    `reading time at p = ${c.perTableSeconds.toFixed(3)} s per table (serial: splitting) + (${c.perChunkSeconds.toFixed(3)} s per chunk + ${c.perGbSeconds.toFixed(1)} s per GB on disk + ${(c.perChunkPerTableSeconds * 1000).toFixed(2)} ms per chunk per captured table) / S(p)`,
    `S(p) = p / (1 + σ(p−1) + κ·p(p−1)) with σ = ${m.law.sigma.toFixed(3)} (contention), κ = ${m.law.kappa.toFixed(4)} (coherency): the Universal Scalability Law, fitted with the costs on ${m.measured.samples} samples at p = ${m.measured.parallelisms.join(', ')}, chunk size ${m.measured.chunkSizes.join(', ')}`,
    `snapshot time = ${m.fixedSeconds.toFixed(1)} s start-up + reading time`,
    `chunk splitting (boundary queries on the server) per chunk by key shape: ${Object.entries(m.splitting.millisPerChunkByShape).map(([shape, ms]) => `${shape} ${ms.toFixed(2)} ms`).join(', ') || 'not measured'}; the estimate corrects the serial term for the catalog's own key shapes`,
    `fit: reading times of the calibration reproduced within ${(m.fit.maxRelativeError * 100).toFixed(0)} % (RMS ${(m.fit.rmsRelativeError * 100).toFixed(0)} %)`,
    ...(m.cadence !== undefined ? [perGbOrigin(m), ...firstCycles(m.cadence)] : []),
  ];
}

/**
 * How many of the sample's cycles were a job's first ones. Each reader's first ten cycles ran
 * 1.08–1.99× as dear as its later ones in every full snapshot measured with the count
 * (docs/benchmarks.md, "What a chunk's kind, its rows and its place in the job cost"), and a
 * sample's jobs are little else. The cost is kept as measured: taken off, shapes whose full
 * snapshots have costs beyond their chunks' own cycles erred low (many-small's later cycles in the
 * full run were dearer than the sample's, its readers waiting on the enumerator). So the user is
 * told the fact, not a direction for the whole estimate.
 */
function firstCycles(cadence: readonly MeasuredCadence[]): string[] {
  const early = sumIfEvery(cadence, (c) => c.earlyCycles);
  const cycles = cadence.reduce((a, c) => a + c.cycles, 0);
  if (early === undefined || early * 2 < cycles) return [];
  return [
    `first cycles: ${early} of the sample's ${cycles} cycles were among each reader's first ten of its job; in the full snapshots measured (docs/benchmarks.md) a reader's first ten ran 1.1–2.0× as dear as its later ones, which are nearly all of a full snapshot's; the per-chunk cost is kept as measured`,
  ];
}

const mb = (gb: number): string => `${(gb * 1000).toFixed(gb * 1000 < 10 ? 2 : 1)} MB`;

/** Where a sampled model's per-GB cost came from, or why it is 0. */
function perGbOrigin(m: CapacityModel): string {
  const b = m.chunkBytes;
  if (b === undefined) return 'per-GB cost: not measured (the sampled tables\' sizes were not given: estimate reads them from the catalog); chunks are costed at the sample\'s own width';
  const [lo, hi] = b.gbPerChunk;
  if (b.perGbSeconds === undefined) return `per-GB cost: not measurable, ${b.unfitted}; every chunk is costed as the sample's (${mb(b.sampleGbPerChunk)} on disk on average)`;
  const partial = b.partialTables?.length ? ` (${b.partialTables.join(', ')} read in part: ${b.partialTables.length > 1 ? 'their' : 'its'} first chunks)` : '';
  return `per-GB cost: fitted on the cycles of ${b.tables} sampled tables${partial} of ${mb(lo)}–${mb(hi)} per chunk (weighted by their cycles, on p = 1's scale); at the sample's ${mb(b.sampleGbPerChunk)} per chunk the two costs give the readers' measured ${cycleAtSampleMix(m).toFixed(3)} s cycle`;
}
