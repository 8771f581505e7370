import type { Observations } from '../observe/observer.js';
import type { Leftovers } from '../verify/leftovers.js';

/** The envelope every result file shares (`run` now, `estimate` later); bump the version on breaking changes. */
export const RESULT_SCHEMA_VERSION = 1;

export interface Environment {
  cdcSizer: string;
  postgres: string;
  flink?: string;
  flinkCdc?: string;
  cores: number;
  memoryBytes: number;
  node: string;
  provider: string;
  sink: 'discard';
}

export interface PointSettings {
  engine: 'flink-cdc' | 'raw-copy';
  parallelism: number;
  chunkSize: number;
  sourceOptions: Record<string, string>;
}

export interface TableTiming {
  table: string;
  rows: number;
  bytes: number;
  seconds?: number;
}

export interface RunSample {
  repeat: number;
  ok: boolean;
  /** Why the run failed: job failure or a count mismatch. */
  failure?: string;
  wallSeconds: number;
  jobSeconds?: number;
  startupSeconds?: number;
  splitSeconds?: number;
  readSeconds?: number;
  chunks?: number;
  chunkMillisMedian?: number;
  rows: number;
  bytes: number;
  rowsPerSecond: number;
  mbPerSecond: number;
  tables: TableTiming[];
  countMismatches: { table: string; expected: number; actual: number }[];
  /** Slots and publications of this run that were still there after it ended (dropped by the harness). */
  leftBehind?: Leftovers;
  observations?: Omit<Observations, 'points'> & { points: Observations['points'] };
}

export interface RunPoint {
  settings: PointSettings;
  samples: RunSample[];
}

export interface RunResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  kind: 'run';
  createdAt: string;
  environment: Environment;
  scenario: { name: string; hash: string; scale: number; tables: number; rows: number; copyBytes?: number; diskBytes: number };
  points: RunPoint[];
}
