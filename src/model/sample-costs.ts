import type { RunResult, RunSample } from './run-result.js';
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

const optionsKey = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

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
  const perRun = results.flatMap((r) =>
    r.points
      .filter((p) => p.settings.engine === 'flink-cdc' && p.settings.parallelism === 1 && p.settings.chunkSize === chunkSize && optionsKey(p.settings.sourceOptions) === optionsKey(sourceOptions))
      .flatMap((p) => p.samples.filter((s) => s.ok && s.readSeconds !== undefined && s.chunks !== undefined && s.chunks > 0))
      .map((s) => {
        const tables = r.scenario.capturedTables ?? r.scenario.tables;
        const splitting = s.tables.reduce((a, t) => a + (t.splitQueryMillis ?? 0), 0) / 1000;
        return { perTableSeconds: splitting / Math.max(1, tables), startSeconds: s.readSeconds! - steadyReading(s) };
      }),
  );
  if (perRun.length === 0) return undefined;
  return {
    perTableSeconds: median(perRun.map((x) => x.perTableSeconds)),
    startSeconds: median(perRun.map((x) => x.startSeconds)),
  };
}

/**
 * A p = 1 job's reading time at its records' cadence: c chunks read one after another put c − 1
 * cycles between the first record and the last, so the c cycles take span · c / (c − 1). The
 * job's whole reading time when the cadence is unknown (one chunk, an older result). Only p = 1:
 * with several readers the span is the slowest reader's, and how many chunks it read is not known
 * (11 chunks on 2 readers were split 6/5 or worse, as the chunks' costs differ).
 */
function steadyReading(s: RunSample): number {
  const read = s.readSeconds!;
  const c = s.chunks!;
  if (s.recordSpanSeconds === undefined || c < 2) return read;
  return Math.min(read, (s.recordSpanSeconds * c) / (c - 1));
}
