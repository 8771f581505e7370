import type { RunResult } from './run-result.js';
import { dot, nonNegativeLeastSquares } from './least-squares.js';
import { chunkRounds, uslSpeedup, type ScalingLaw } from './scaling-law.js';
import { median } from './statistics.js';
import { chunksFor } from './workload.js';
import type { JobCadence, SampleCosts } from './sample-costs.js';
import { sameOptionSet } from './option-set.js';

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
 * least squares. d is only told apart from a when calibrations differ in table count.
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
}

interface CalibrationSample {
  parallelism: number;
  chunkSize: number;
  chunks: number;
  gb: number;
  tables: number;
  readSeconds: number;
  fixedSeconds: number;
  bytesPerRow: number;
  /** Per table: its key shape, the chunks it was cut into and the server time of its boundary queries. */
  splits: { shape: string; chunks: number; millis: number }[];
  /** Server time of the enumerator's boundary queries over every table, shapes known or not. */
  splitSeconds: number;
  /** Each reader's records at the sink (model/sample-costs.ts reads the chunks' cadence off them). */
  readers?: { spanSeconds: number; cycles: number; cycleSeconds: number; cycleSquaredSeconds: number }[];
}

/** The connector's successful samples for one option set, from every result given. */
export function calibrationSamples(results: readonly RunResult[], sourceOptions: Record<string, string>): CalibrationSample[] {
  return results.flatMap((r) =>
    r.points
      .filter((pt) => pt.settings.engine === 'flink-cdc' && sameOptionSet(pt.settings.sourceOptions, sourceOptions))
      .flatMap((pt) =>
        pt.samples
          .filter((s) => s.ok && s.chunks !== undefined && s.readSeconds !== undefined && s.readSeconds > 0)
          .map((s) => ({
            parallelism: pt.settings.parallelism,
            chunkSize: pt.settings.chunkSize,
            chunks: s.chunks!,
            gb: r.scenario.diskBytes / 1e9,
            tables: r.scenario.capturedTables ?? r.scenario.tables,
            readSeconds: s.readSeconds!,
            fixedSeconds: s.wallSeconds - s.readSeconds!,
            bytesPerRow: r.scenario.rows > 0 ? r.scenario.diskBytes / r.scenario.rows : 0,
            splits: s.tables
              .filter((t) => t.splitQueryMillis !== undefined && r.scenario.keyShapes?.[t.table] !== undefined)
              .map((t) => ({ shape: r.scenario.keyShapes![t.table]!, chunks: chunksFor(t.rows, pt.settings.chunkSize), millis: t.splitQueryMillis! })),
            splitSeconds: s.tables.reduce((a, t) => a + (t.splitQueryMillis ?? 0), 0) / 1000,
            ...(s.readers !== undefined ? { readers: s.readers } : {}),
          })),
      ),
  );
}

/**
 * Fits the model. With `chunkSize`, and samples measured at that chunk size, only those are used:
 * a chunk's cost is not linear in its rows across chunk sizes (on first-sizing a 50,000-row chunk
 * cost more than 6 of 8,096 rows), while at one chunk size full chunks cost the same at any volume.
 * One scale at one chunk size cannot split a chunk's cost into fixed and per-byte parts; the
 * simpler explanation (all per chunk) is taken, which holds while row widths stay alike.
 */
/** The calibration cannot support a model (a user can fix it by measuring more). */
export class CalibrationError extends Error {
  override name = 'CalibrationError';
}

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
  const fitted = known ? fitCadence(known) : fitJointly(samples);
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
  };
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
 * σ on a grid of 0.005 and, when three or more parallelisms were measured (two cannot tell
 * contention from coherency), κ on a grid of 0.0005; for each, the costs by non-negative least
 * squares on relative errors (every sample weighs the same, short or long). The pair with the
 * smallest error wins.
 */
function fitJointly(samples: readonly CalibrationSample[]): JointFit {
  const ps = new Set(samples.map((s) => s.parallelism));
  const kappas = ps.size >= 3 ? [...Array(201).keys()].map((i) => i * 0.0005) : [0];
  let best: JointFit & { sse: number } = { work: [0, 0, 0, 0], law: { sigma: 0, kappa: 0 }, sse: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 200; i++) {
    for (const kappa of kappas) {
      const law = { sigma: i * 0.005, kappa };
      const x = samples.map((s) => features(s, law).map((v) => v / s.readSeconds));
      const fit = nonNegativeLeastSquares(x, samples.map(() => 1));
      if (fit.sse < best.sse - 1e-12) best = { work: fit.coefficients, law, sse: fit.sse };
    }
  }
  return { work: best.work, law: best.law };
}

/**
 * The per-chunk cost and the scaling law of a sampled run, from its readers' cadence
 * (model/sample-costs.ts): at parallelism p a chunk costs a reader a·p / S(p) seconds, so the
 * cadence at p over the cadence at 1 is 1 + σ(p − 1) + κ·p(p − 1). A reader's chunk cost varies
 * (the connector's backfill waits on 500 ms polls: 0.6 or 1.1 s, about half each), so the few
 * cycles of a sample differ by chance; contention is claimed only when a parallelism's cadence
 * exceeds p = 1's by more than twice that chance. Then the per-chunk cost is the p = 1 readers'
 * and σ (κ) is fitted to the cadences' ratios; otherwise every reader measured the same cost, and
 * it is taken over all their cycles, which halves its chance error's square against p = 1's alone.
 */
function fitCadence(known: SampleCosts): JointFit {
  const byP = pooledByParallelism(known.cadence);
  const serial = byP.get(1)!;
  const contended = [...byP].filter(([p, c]) => p > 1 && exceedsChance(serial, c, known.cycleCv));
  if (contended.length === 0) return { work: [pooled(known.cadence).secondsPerChunk, known.perTableSeconds, 0, 0], law: { sigma: 0, kappa: 0 } };
  const kappas = byP.size >= 3 ? [...Array(201).keys()].map((i) => i * 0.0005) : [0];
  let best = { law: { sigma: 0, kappa: 0 }, sse: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 200; i++) {
    for (const kappa of kappas) {
      const law = { sigma: i * 0.005, kappa };
      const sse = [...byP].reduce((acc, [p, c]) => acc + c.cycles * ((serial.secondsPerChunk * (p / uslSpeedup(law, p))) / c.secondsPerChunk - 1) ** 2, 0);
      if (sse < best.sse - 1e-12) best = { law, sse };
    }
  }
  return { work: [serial.secondsPerChunk, known.perTableSeconds, 0, 0], law: best.law };
}

function pooledByParallelism(jobs: readonly JobCadence[]): Map<number, Pooled> {
  const ps = [...new Set(jobs.map((j) => j.parallelism))].sort((a, b) => a - b);
  return new Map(ps.map((p) => [p, pooled(jobs.filter((j) => j.parallelism === p))]));
}

interface Pooled {
  cycles: number;
  secondsPerChunk: number;
}

function pooled(jobs: readonly JobCadence[]): Pooled {
  const cycles = jobs.reduce((a, j) => a + j.cycles, 0);
  return { cycles, secondsPerChunk: jobs.reduce((a, j) => a + j.readerSeconds, 0) / cycles };
}

/**
 * How much more a job's mean cycle varies from job to job than its cycles' spread explains.
 * Measured in bench:sample on the same 11 chunks: 13 p = 1 jobs' means had a standard deviation of
 * 11.1 % against 8.5 % from their cycles (CV 0.27 over 10). A p = 2 job, run warm after the p = 1
 * job (measure-grid.ts), varied less than its cycles' spread in 6 jobs (2.5–3.4 % against
 * 6–9 %); cold, it had varied 2.26× more (9 jobs). The p = 1 factor serves both.
 */
const JOB_DISPERSION = 1.31;

/**
 * Whether a parallelism's cadence is slower than p = 1's by more than two standard errors of the
 * difference: each mean's error is the cycles' coefficient of variation over √cycles, widened by
 * the jobs' own dispersion. With no measure of the variation, any slower cadence counts.
 */
function exceedsChance(serial: Pooled, at: Pooled, cv: number | undefined): boolean {
  const difference = at.secondsPerChunk - serial.secondsPerChunk;
  if (cv === undefined) return difference > 0;
  const mean = (serial.secondsPerChunk * serial.cycles + at.secondsPerChunk * at.cycles) / (serial.cycles + at.cycles);
  const error = cv * mean * JOB_DISPERSION * Math.hypot(1 / Math.sqrt(serial.cycles), 1 / Math.sqrt(at.cycles));
  return difference > 2 * error;
}

/** The model in a few lines, for reports. */
export function explainModel(m: CapacityModel): string[] {
  const c = m.costs;
  return [
    `reading time at p = ${c.perTableSeconds.toFixed(3)} s per table (serial: splitting) + (${c.perChunkSeconds.toFixed(3)} s per chunk + ${c.perGbSeconds.toFixed(1)} s per GB on disk + ${(c.perChunkPerTableSeconds * 1000).toFixed(2)} ms per chunk per captured table) / S(p)`,
    `S(p) = p / (1 + σ(p−1) + κ·p(p−1)) with σ = ${m.law.sigma.toFixed(3)} (contention), κ = ${m.law.kappa.toFixed(4)} (coherency): the Universal Scalability Law, fitted with the costs on ${m.measured.samples} samples at p = ${m.measured.parallelisms.join(', ')}, chunk size ${m.measured.chunkSizes.join(', ')}`,
    `snapshot time = ${m.fixedSeconds.toFixed(1)} s start-up + reading time`,
    `chunk splitting (boundary queries on the server) per chunk by key shape: ${Object.entries(m.splitting.millisPerChunkByShape).map(([shape, ms]) => `${shape} ${ms.toFixed(2)} ms`).join(', ') || 'not measured'}; the estimate corrects the serial term for the catalog's own key shapes`,
    `fit: reading times of the calibration reproduced within ${(m.fit.maxRelativeError * 100).toFixed(0)} % (RMS ${(m.fit.rmsRelativeError * 100).toFixed(0)} %)`,
  ];
}
