import { calibrationSamples } from './capacity-model.js';
import type { RunResult } from './run-result.js';
import { median } from './statistics.js';

export interface SampleCosts {
  perTableSeconds: number;
  /**
   * The readers' start-up inside the job's reading time: the job running to its first record and
   * its last record to the job's end. Paid once a job, whatever its size, so it belongs with the
   * fixed start-up, not spread over the sample's few chunks.
   */
  startSeconds: number;
}

/**
 * What a sampled run measures directly, off its p = 1 runs, so that the fit (capacity-model.ts)
 * is left the per-chunk cost and the scaling law. A sample is too small for the joint fit to tell
 * the per-table cost apart: two parallelisms over a handful of tables, and contention, serial
 * per-table work and per-chunk work all explain the same two times (the fit then takes the first
 * that does, no contention, and hands the rest to the per-table cost, which a selection of many
 * tables multiplies). The tables' reading spans do not separate them either: Flink CDC 3.5.0
 * interleaves the chunks of several tables even on one reader (spans of 10 s and 14 s in a 16 s
 * read). What is measured is the per-table serial work the model means, the enumerator's splitting
 * queries on the server; so a table costs its measured splitting.
 *
 * The readers' start-up is read off the p = 1 jobs' records' cadence at the sink (steadyReading):
 * a job's first seconds (readers connecting, the slot, the first split) hold ≈ 2.5 s, which over
 * a sample's 11 chunks made every chunk look 25 % dearer than in the full run (measured in
 * bench:sample). The fit takes it off every job's reading time and counts it as fixed.
 */
export function sampleCosts(results: readonly RunResult[], sourceOptions: Record<string, string>, chunkSize: number): SampleCosts | undefined {
  const serial = calibrationSamples(results, sourceOptions).filter((s) => s.parallelism === 1 && s.chunkSize === chunkSize);
  if (serial.length === 0) return undefined;
  return {
    perTableSeconds: median(serial.map((s) => s.splitSeconds / Math.max(1, s.tables))),
    startSeconds: median(serial.map((s) => s.readSeconds - steadyReading(s))),
  };
}

/**
 * A p = 1 job's reading time at its records' cadence: c chunks read one after another put c − 1
 * cycles between the first record and the last, so the c cycles take span · c / (c − 1). The
 * job's whole reading time when the cadence is unknown (one chunk, an older result). Only p = 1:
 * with several readers the span is the slowest reader's, and how many chunks it read is not known
 * (11 chunks on 2 readers were split 6/5 or worse, as the chunks' costs differ).
 */
function steadyReading(s: { readSeconds: number; chunks: number; recordSpanSeconds?: number }): number {
  const c = s.chunks;
  if (s.recordSpanSeconds === undefined || c < 2) return s.readSeconds;
  return Math.min(s.readSeconds, (s.recordSpanSeconds * c) / (c - 1));
}
