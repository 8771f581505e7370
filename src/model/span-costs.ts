import type { RunResult } from './run-result.js';
import { median } from './statistics.js';
import { chunksFor } from './workload.js';

export interface SpanCosts {
  perChunkSeconds: number;
  perTableSeconds: number;
}

const optionsKey = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/**
 * A sampled run's per-chunk and per-table costs, read off its p = 1 runs. A sample is too small
 * for the joint fit to tell them apart (two parallelisms, a handful of tables: contention, serial
 * per-table work and per-chunk work all explain the same two times, and the fit takes the first).
 * But at p = 1 the chunks of a table of several chunks follow one another: its reading span (first
 * to last record) is one full chunk's cycle per chunk after the first. So a chunk costs the summed
 * spans over the summed cycles, and what is left of the reading time, spread over the captured
 * tables, is the per-table cost. Undefined without a table of two chunks or more.
 */
export function spanCosts(results: readonly RunResult[], sourceOptions: Record<string, string>, chunkSize: number): SpanCosts | undefined {
  const perRun = results.flatMap((r) =>
    r.points
      .filter((p) => p.settings.engine === 'flink-cdc' && p.settings.parallelism === 1 && p.settings.chunkSize === chunkSize && optionsKey(p.settings.sourceOptions) === optionsKey(sourceOptions))
      .flatMap((p) => p.samples.filter((s) => s.ok && s.readSeconds !== undefined && s.chunks !== undefined))
      .flatMap((s) => {
        const multi = s.tables.filter((t) => t.seconds !== undefined && chunksFor(t.rows, chunkSize) >= 2);
        const cycles = multi.reduce((a, t) => a + chunksFor(t.rows, chunkSize) - 1, 0);
        if (cycles === 0) return [];
        const perChunkSeconds = multi.reduce((a, t) => a + t.seconds!, 0) / cycles;
        const tables = r.scenario.capturedTables ?? r.scenario.tables;
        return [{ perChunkSeconds, perTableSeconds: Math.max(0, (s.readSeconds! - perChunkSeconds * s.chunks!) / Math.max(1, tables)) }];
      }),
  );
  if (perRun.length === 0) return undefined;
  return { perChunkSeconds: median(perRun.map((x) => x.perChunkSeconds)), perTableSeconds: median(perRun.map((x) => x.perTableSeconds)) };
}
