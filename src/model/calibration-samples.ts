import type { RunResult } from './run-result.js';
import { sameOptionSet } from './option-set.js';
import { chunksFor } from './workload.js';

/**
 * One successful connector job of a calibration run, reduced to what the capacity model
 * (capacity-model.ts) and a sampled run's measured costs (sample-costs.ts) are fitted on.
 */
export interface CalibrationSample {
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
  /** The job was the first on its local Flink JVM (run-result.ts); absent when not known. */
  coldJvm?: boolean;
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
            ...(s.coldJvm !== undefined ? { coldJvm: s.coldJvm } : {}),
          })),
      ),
  );
}
