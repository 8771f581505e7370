import { RESULT_SCHEMA_VERSION, type FidelityColumn, type FidelityVerdict, type RunPoint, type RunResult, type RunSample } from '../../src/model/run-result.js';
import { Rng } from '../../src/scenario/rng.js';

/**
 * Run results of flink-cdc points at chosen wall times, with chosen fidelity verdicts and
 * leftovers, for testing `compare` on inputs whose right answer is known.
 */
export interface PointSpec {
  parallelism?: number;
  chunkSize?: number;
  sourceOptions?: Record<string, string>;
  /** Wall seconds of the successful runs. */
  walls: number[];
  /** Failed runs added after the successful ones. */
  failed?: number;
  excludedTables?: string[];
  /** Slots and publications each run left behind; `undefined` records nothing (an older result). */
  leftBehind?: { slots: number; publications: number };
}

export interface VersionSpec {
  version: string;
  points: PointSpec[];
  /** Omitted: no fidelity section for this version. */
  fidelity?: FidelityColumn[];
}

export interface RunOptions {
  scenarioName?: string;
  scenarioHash?: string;
  scale?: number;
  /** Leave connectorVersion out of the points, as results written before it existed did. */
  versionInEnvironmentOnly?: boolean;
}

/** One result of one or more connector versions, points in the order given. */
export function connectorRun(versions: VersionSpec[], opts: RunOptions = {}): RunResult {
  const points = versions.flatMap((v) => v.points.map((p) => point(v.version, p, opts)));
  const fidelity = versions.flatMap((v) => (v.fidelity ? [{ connectorVersion: v.version, sampledRows: 100, columns: v.fidelity, failedTables: [] }] : []));
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'run',
    createdAt: '2026-11-26T00:00:00Z',
    environment: { cdcSizer: '0', postgres: '18', flinkCdc: versions.map((v) => v.version).join(','), cores: 2, memoryBytes: 1, node: 'v20', provider: 'embedded', sink: 'discard' },
    scenario: { name: opts.scenarioName ?? 'tricky-types', hash: opts.scenarioHash ?? 'h1', scale: opts.scale ?? 1, tables: 2, rows: 1000, diskBytes: 1e6 },
    points,
    ...(fidelity.length ? { fidelity } : {}),
  };
}

function point(version: string, p: PointSpec, opts: RunOptions): RunPoint {
  const settings = {
    engine: 'flink-cdc' as const,
    parallelism: p.parallelism ?? 1,
    chunkSize: p.chunkSize ?? 8096,
    sourceOptions: p.sourceOptions ?? {},
    ...(opts.versionInEnvironmentOnly ? {} : { connectorVersion: version }),
    ...(p.excludedTables ? { excludedTables: p.excludedTables } : {}),
  };
  const ok = p.walls.map((w, i) => sample(i + 1, true, w, p));
  const failed = Array.from({ length: p.failed ?? 0 }, (_, i) => sample(ok.length + i + 1, false, 1, p));
  return { settings, samples: [...ok, ...failed] };
}

function sample(repeat: number, ok: boolean, wallSeconds: number, p: PointSpec): RunSample {
  const left = p.leftBehind;
  return {
    repeat,
    ok,
    ...(ok ? {} : { failure: 'job failed: boom' }),
    wallSeconds,
    rows: 1000,
    bytes: 1e6,
    rowsPerSecond: 1000 / wallSeconds,
    mbPerSecond: 1 / wallSeconds,
    tables: [],
    countMismatches: [],
    ...(left ? { leftBehind: { slots: Array.from({ length: left.slots }, (_, i) => ({ name: `cdcsizer_slot_${repeat}_${i}`, active: false, walRetainedBytes: 1e6 })), publications: Array.from({ length: left.publications }, (_, i) => `cdcsizer_pub_${repeat}_${i}`) } } : {}),
  };
}

/** `n` wall times spread uniformly within ±`spread` (0.07 for ±7 %) around `median`, seeded. */
export function noisyWalls(median: number, n: number, spread: number, seed: string): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => median * (1 + spread * (2 * rng.next() - 1)));
}

export function column(table: string, name: string, pgType: string, verdict: FidelityVerdict, example?: { source: string | null; emitted: string }): FidelityColumn {
  return { table, column: name, pgType, verdict, compared: 100, nonNull: 90, ...(example ? { example: { key: '1', ...example } } : {}) };
}

/** The tricky-types columns as a healthy connector emits them. */
export function healthyColumns(): FidelityColumn[] {
  return [
    column('public.t1', 'id', 'bigint', 'exact'),
    column('public.t1', 'price', 'money', 'changed', { source: '$12.34', emitted: '1234' }),
    column('public.t1', 'doc', 'jsonb', 'exact'),
    column('public.t2', 'amount', 'numeric', 'exact'),
    column('public.t2', 'tags', 'text[]', 'exact'),
  ];
}

/** healthyColumns with one column's verdict (and example) replaced. */
export function withColumn(columns: FidelityColumn[], table: string, name: string, verdict: FidelityVerdict, example?: { source: string | null; emitted: string }): FidelityColumn[] {
  return columns.map((c) => (c.table === table && c.column === name ? column(c.table, c.column, c.pgType, verdict, example) : c));
}
