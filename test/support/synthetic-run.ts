import { RESULT_SCHEMA_VERSION, type RunResult } from '../../src/model/run-result.js';
import { uslSpeedup } from '../../src/model/scaling-law.js';

/**
 * A run result whose reading times follow a known model (0.5 s per chunk, 20 s per GB on disk,
 * σ = 0.2, plus `perChunkPerTable` s per chunk per table, all shared among readers, and
 * `serialPerTable` s of splitting per table), for testing the model and estimate on inputs whose
 * right answer is known.
 */
export function syntheticRun(diskBytes: number, rowsPerTable: number[], chunkSizes: number[], parallelisms: number[], sourceOptions: Record<string, string> = {}, perChunkPerTable = 0, serialPerTable = 0): RunResult {
  const law = { sigma: 0.2, kappa: 0 };
  const points = chunkSizes.flatMap((chunkSize) =>
    parallelisms.map((p) => {
      const chunks = rowsPerTable.reduce((a, r) => a + Math.max(1, Math.ceil(r / chunkSize)), 0);
      const read = serialPerTable * rowsPerTable.length + ((0.5 + perChunkPerTable * rowsPerTable.length) * chunks + (20 * diskBytes) / 1e9) / uslSpeedup(law, p);
      const sample = { repeat: 1, ok: true, wallSeconds: read + 6, jobSeconds: read + 4, startupSeconds: 4, readSeconds: read, chunks, rows: 0, bytes: 0, rowsPerSecond: 0, mbPerSecond: 0, tables: [], countMismatches: [] };
      return { settings: { engine: 'flink-cdc' as const, parallelism: p, chunkSize, sourceOptions }, samples: [sample] };
    }),
  );
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'run',
    createdAt: '2026-11-26T00:00:00Z',
    environment: { cdcSizer: '0', postgres: '18', cores: 2, memoryBytes: 1, node: 'v20', provider: 'embedded', sink: 'discard' },
    scenario: { name: 'synthetic', hash: 'h', scale: 1, tables: rowsPerTable.length, capturedTables: rowsPerTable.length, rows: rowsPerTable.reduce((a, r) => a + r, 0), diskBytes },
    points,
  };
}
