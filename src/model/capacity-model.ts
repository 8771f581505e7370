import type { RunResult } from './run-result.js';
import { dot, nonNegativeLeastSquares } from './least-squares.js';
import { fitScalingLaw, uslSpeedup, type ScalingLaw } from './scaling-law.js';
import { median } from './statistics.js';

/**
 * The capacity model, fitted from measured runs of the connector:
 *   reading time at p = 1  =  a·chunks + c·tables + b·GB on disk + d·chunks·tables   (non-negative least squares)
 *   reading time at p      =  (time at p = 1) / S(p)                  (S: Universal Scalability Law)
 *   snapshot time          =  fixed start-up + reading time
 * a is the per-chunk cost (the connector's cycle: query, watermarks, backfill, polling), b the
 * per-byte cost (reading and converting rows), c a per-table cost, and d the part of a chunk's cost
 * that grows with the number of captured tables (Flink CDC 3.5.0 re-reads the schema of every
 * captured table for each chunk: ≈ 300 column and 300 key lookups per chunk with 300 tables). d
 * is only told apart from a when the calibration runs differ in table count.
 */
export interface CapacityModel {
  sourceOptions: Record<string, string>;
  costs: { perChunkSeconds: number; perGbSeconds: number; perTableSeconds: number; perChunkPerTableSeconds: number };
  /** Job start-up plus what the harness adds around the job (submission, polling). */
  fixedSeconds: number;
  law: ScalingLaw;
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
}

const optionsKey = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** The connector's successful samples for one option set, from every result given. */
export function calibrationSamples(results: readonly RunResult[], sourceOptions: Record<string, string>): CalibrationSample[] {
  return results.flatMap((r) =>
    r.points
      .filter((pt) => pt.settings.engine === 'flink-cdc' && optionsKey(pt.settings.sourceOptions) === optionsKey(sourceOptions))
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

export function fitCapacityModel(results: readonly RunResult[], sourceOptions: Record<string, string> = {}, chunkSize?: number): CapacityModel {
  const all = calibrationSamples(results, sourceOptions);
  const atSize = all.filter((s) => s.chunkSize === chunkSize);
  const matched = atSize.some((s) => s.parallelism === 1) && atSize.some((s) => s.parallelism > 1);
  const samples = matched ? atSize : all;
  const serial = samples.filter((s) => s.parallelism === 1);
  if (serial.length === 0) throw new CalibrationError('no successful flink-cdc sample at parallelism 1 with these source options');
  if (!samples.some((s) => s.parallelism > 1)) throw new CalibrationError('no successful flink-cdc sample above parallelism 1: scaling was not measured, so nothing can be said about p > 1 (calibrate with --parallelism 2 or more)');
  // Ordered by how well established each cost is, since ties go to the earlier columns: every chunk
  // costs a cycle; every table costs its splitting (the connector reads its schema); bytes cost
  // little next to those in every run measured so far.
  const features = (s: { chunks: number; gb: number; tables: number }) => [s.chunks, s.tables, s.gb, s.chunks * s.tables];
  const work = nonNegativeLeastSquares(serial.map(features), serial.map((s) => s.readSeconds)).coefficients;
  const law = fitScalingLaw(speedups(samples));
  const predict = (s: CalibrationSample) => dot(features(s), work) / uslSpeedup(law, s.parallelism);
  const errors = samples.map((s) => (predict(s) - s.readSeconds) / s.readSeconds);
  return {
    sourceOptions,
    costs: { perChunkSeconds: work[0]!, perTableSeconds: work[1]!, perGbSeconds: work[2]!, perChunkPerTableSeconds: work[3]! },
    fixedSeconds: median(samples.map((s) => s.fixedSeconds)),
    law,
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

/** Speedup of each parallelism against p = 1 at the same chunk size and volume, from median reading times. */
function speedups(samples: readonly CalibrationSample[]): { parallelism: number; speedup: number }[] {
  const groups = new Map<string, CalibrationSample[]>();
  for (const s of samples) {
    const key = `${s.chunkSize}|${s.gb}|${s.tables}|${s.parallelism}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const out: { parallelism: number; speedup: number }[] = [];
  for (const [key, group] of groups) {
    const p = group[0]!.parallelism;
    if (p === 1) continue;
    const base = groups.get(key.replace(/\|\d+$/, '|1'));
    if (base) out.push({ parallelism: p, speedup: median(base.map((s) => s.readSeconds)) / median(group.map((s) => s.readSeconds)) });
  }
  return out;
}

/** The model in a few lines, for reports. */
export function explainModel(m: CapacityModel): string[] {
  const c = m.costs;
  return [
    `reading time at p=1 = ${c.perChunkSeconds.toFixed(3)} s per chunk + ${c.perGbSeconds.toFixed(1)} s per GB on disk + ${c.perTableSeconds.toFixed(3)} s per table + ${(c.perChunkPerTableSeconds * 1000).toFixed(2)} ms per chunk per captured table (non-negative least squares on the p=1 samples; ${m.measured.samples} samples at chunk size ${m.measured.chunkSizes.join(', ')})`,
    `speedup S(p) = p / (1 + σ(p−1) + κ·p(p−1)) with σ = ${m.law.sigma.toFixed(3)} (contention), κ = ${m.law.kappa.toFixed(4)} (coherency) — the Universal Scalability Law fitted on p = ${m.measured.parallelisms.join(', ')}`,
    `snapshot time = ${m.fixedSeconds.toFixed(1)} s start-up + reading time at p = 1 / S(p)`,
    `fit: reading times of the calibration reproduced within ${(m.fit.maxRelativeError * 100).toFixed(0)} % (RMS ${(m.fit.rmsRelativeError * 100).toFixed(0)} %)`,
  ];
}
