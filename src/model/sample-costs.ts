import { calibrationSamples, type CalibrationSample } from './calibration-samples.js';
import type { RunResult } from './run-result.js';
import { median } from './statistics.js';

/** One job's chunks at its readers' cadence. */
export interface JobCadence {
  parallelism: number;
  /** Chunk cycles between its readers' first and last records: chunks − readers. */
  cycles: number;
  /** The readers' first-to-last spans, summed: reader-seconds spent on those cycles. */
  readerSeconds: number;
  /** The job was the first on its local Flink JVM (absent: not known, e.g. a remote cluster). */
  coldJvm?: boolean;
}

export interface SampleCosts {
  perTableSeconds: number;
  /**
   * The readers' start-up inside the job's reading time: the job running to its first record and
   * its last record to the job's end. Paid once a job, whatever its size, so it belongs with the
   * fixed start-up, not spread over the sample's few chunks.
   */
  startSeconds: number;
  /** Every job's cadence: the per-chunk cost and the scaling law are fitted on these (capacity-model.ts). */
  cadence: JobCadence[];
  /** How much one chunk's cycle varies (standard deviation over mean), pooled over the readers; absent when no reader paused twice. */
  cycleCv?: number;
}

/**
 * What a sampled run measures directly, so that the fit (capacity-model.ts) has only the scaling
 * law left to judge. A sample is too small for the joint fit to tell the per-table cost apart: two
 * parallelisms over a handful of tables, and contention, serial per-table work and per-chunk work
 * all explain the same two times. What is measured is the per-table serial work the model means,
 * the enumerator's splitting queries on the server; so a table costs its measured splitting.
 *
 * The chunks' cost is read off the records' cadence at the sink, per reader: a reader that read
 * k chunks put k − 1 cycles between its first record and its last, so a job's cycles are its
 * chunks less its readers, and their cost is the readers' spans added up. That leaves out the
 * job's start-up (≈ 2.5 s before the first record, which over a sample's 11 chunks made each
 * look 25 % dearer) and a reader's idle end once the chunks ran out (two readers of 11 unequal
 * chunks rarely finish together), neither of which a full snapshot's chunks pay. The start-up is
 * counted as fixed instead: the p = 1 jobs' reading time less their records' span, stretched by
 * c / (c − 1) to cover the first chunk's cycle.
 *
 * Undefined when a p = 1 job is missing at the chunk size, or a job has no per-reader records (a
 * result from before the sink kept them): the joint fit takes over.
 */
export function sampleCosts(results: readonly RunResult[], sourceOptions: Record<string, string>, chunkSize: number): SampleCosts | undefined {
  const all = calibrationSamples(results, sourceOptions).filter((s) => s.chunkSize === chunkSize);
  if (all.some((s) => s.readers === undefined)) return undefined;
  // A job with no more chunks than readers put no cycle between any reader's first record and last.
  const jobs = all.map((s) => ({ s, readers: s.readers!.length, readerSeconds: s.readers!.reduce((a, r) => a + r.spanSeconds, 0) })).filter((j) => j.s.chunks > j.readers);
  const serial = jobs.filter((j) => j.s.parallelism === 1);
  // A job whose splitting the statement statistics could not tell is left out of the per-table cost (estimate lists it).
  const split = serial.filter((j) => j.s.splitSeconds !== undefined);
  if (split.length === 0) return undefined;
  const cv = cycleCv(jobs.map((j) => j.s));
  return {
    perTableSeconds: median(split.map((j) => j.s.splitSeconds! / Math.max(1, j.s.tables))),
    startSeconds: median(serial.map((j) => Math.max(0, j.s.readSeconds - (j.readerSeconds * j.s.chunks) / (j.s.chunks - 1)))),
    cadence: jobs.map((j): JobCadence => ({ parallelism: j.s.parallelism, cycles: j.s.chunks - j.readers, readerSeconds: j.readerSeconds, ...(j.s.coldJvm !== undefined ? { coldJvm: j.s.coldJvm } : {}) })),
    ...(cv !== undefined ? { cycleCv: cv } : {}),
  };
}

function cycleCv(jobs: readonly CalibrationSample[]): number | undefined {
  const readers = jobs.flatMap((s) => s.readers ?? []);
  const n = readers.reduce((a, r) => a + r.cycles, 0);
  if (n < 2) return undefined;
  const mean = readers.reduce((a, r) => a + r.cycleSeconds, 0) / n;
  const variance = Math.max(0, (readers.reduce((a, r) => a + r.cycleSquaredSeconds, 0) - n * mean * mean) / (n - 1));
  return mean > 0 ? Math.sqrt(variance) / mean : undefined;
}
