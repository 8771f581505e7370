import type { PointSettings } from '../../model/run-result.js';
import { fmtInt } from '../terminal/format.js';
import { allPoints, medianOf, type PointFigures, type PointGroup } from './point-figures.js';
import { pointLabel } from './point-labels.js';
import { dash, fmtFixed, fmtPercent, table, type TextTable } from './text-table.js';

export interface ChunkCost {
  settings: PointSettings;
  chunks?: number;
  /** flink-cdc: mean server time of a chunk's SELECT; raw-copy: median time of a chunk's COPY. */
  queryMillis?: number;
  /** The whole cost of a chunk: reading time × parallelism / chunks. */
  cycleMillis?: number;
  splitSeconds?: number;
}

/** Medians over the successful samples of each point that counted its chunks. */
export function chunkCosts(groups: readonly PointGroup[]): ChunkCost[] {
  return allPoints(groups)
    .map((f) => chunkCost(f))
    .filter((c): c is ChunkCost => c !== undefined);
}

function chunkCost(f: PointFigures): ChunkCost | undefined {
  const chunks = medianOf(f.ok, (s) => s.chunks);
  if (chunks === undefined) return undefined;
  const raw = f.settings.engine === 'raw-copy';
  // raw-copy records no cycle; the same definition as the connector's makes the two comparable.
  const cycle = raw ? medianOf(f.ok, (s) => (s.readSeconds !== undefined && s.chunks ? (s.readSeconds * 1000 * f.settings.parallelism) / s.chunks : undefined)) : medianOf(f.ok, (s) => s.chunkCycleMillis);
  const query = medianOf(f.ok, (s) => (raw ? s.chunkMillisMedian : s.chunkQueryMillisMean));
  const split = medianOf(f.ok, (s) => s.splitSeconds);
  return { settings: f.settings, chunks, ...(query !== undefined ? { queryMillis: query } : {}), ...(cycle !== undefined ? { cycleMillis: cycle } : {}), ...(split !== undefined ? { splitSeconds: split } : {}) };
}

export function chunkCostTable(costs: readonly ChunkCost[]): TextTable {
  return table(
    [['point', false], ['chunks', true], ['chunk query ms', true], ['chunk cycle ms', true], ['query of cycle', true], ['splitting s', true]],
    costs.map((c) => [
      pointLabel(c.settings),
      fmtInt(c.chunks ?? 0),
      fmtFixed(c.queryMillis, 1),
      fmtFixed(c.cycleMillis, 1),
      c.queryMillis !== undefined && c.cycleMillis ? fmtPercent(c.queryMillis / c.cycleMillis) : dash,
      fmtFixed(c.splitSeconds, 3),
    ]),
  );
}

export const chunkCostNote =
  'A chunk\'s cycle is reading time × parallelism / chunks: its whole cost, query included. flink-cdc: the query is the mean server time of a chunk\'s SELECT (pg_stat_statements) and splitting is the server time of the enumerator\'s boundary queries, which overlap reading except for the first table. raw-copy: the query is the median chunk COPY and splitting the key-boundary queries before reading.';
