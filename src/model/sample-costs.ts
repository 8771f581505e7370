import type { RunResult } from './run-result.js';
import { median } from './statistics.js';

export interface SampleCosts {
  perChunkSeconds: number;
  perTableSeconds: number;
}

const optionsKey = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/**
 * A sampled run's per-chunk and per-table costs, read off its p = 1 runs. A sample is too small
 * for the joint fit to tell them apart: two parallelisms over a handful of tables, and contention,
 * serial per-table work and per-chunk work all explain the same two times (the fit then takes the
 * first that does, no contention, and hands the rest to the per-table cost, which a selection of
 * many tables multiplies). The tables' reading spans do not separate them either: Flink CDC 3.5.0
 * interleaves the chunks of several tables even on one reader (spans of 10 s and 14 s in a 16 s
 * read). What is measured is the per-table serial work the model means, the enumerator's splitting
 * queries on the server; so a table costs its measured splitting, and the rest of the p = 1
 * reading time is its chunks' (a chunk's whole cycle, as result.json's chunkCycleMillis at p = 1).
 */
export function sampleCosts(results: readonly RunResult[], sourceOptions: Record<string, string>, chunkSize: number): SampleCosts | undefined {
  const perRun = results.flatMap((r) =>
    r.points
      .filter((p) => p.settings.engine === 'flink-cdc' && p.settings.parallelism === 1 && p.settings.chunkSize === chunkSize && optionsKey(p.settings.sourceOptions) === optionsKey(sourceOptions))
      .flatMap((p) => p.samples.filter((s) => s.ok && s.readSeconds !== undefined && s.chunks !== undefined && s.chunks > 0))
      .map((s) => {
        const tables = r.scenario.capturedTables ?? r.scenario.tables;
        const splitting = s.tables.reduce((a, t) => a + (t.splitQueryMillis ?? 0), 0) / 1000;
        return { perChunkSeconds: Math.max(0, s.readSeconds! - splitting) / s.chunks!, perTableSeconds: splitting / Math.max(1, tables) };
      }),
  );
  if (perRun.length === 0) return undefined;
  return { perChunkSeconds: median(perRun.map((x) => x.perChunkSeconds)), perTableSeconds: median(perRun.map((x) => x.perTableSeconds)) };
}
