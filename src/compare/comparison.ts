import type { FidelityVerdict } from '../model/run-result.js';

/**
 * What `compare` found between a BASE and a NEW connector version: defined once here, printed as
 * is by `--json` and laid out by the terminal and Markdown renderers.
 */
export interface Comparison {
  scenario: { name: string; hash: string; scale: number };
  base: SideInfo;
  next: SideInfo;
  /** A point is slower when NEW/BASE exceeds 1 + this (0.1 for 10 %). */
  maxSlowdown: number;
  points: PointComparison[];
  /** flink-cdc points of one side that the other did not measure: listed, never judged. */
  unmatched: { side: 'base' | 'new'; point: PointKey }[];
  fidelity: FidelityComparison;
  regressions: Finding[];
  improvements: Finding[];
  notes: Finding[];
  verdict: 'regression' | 'no-regression';
}

export interface SideInfo {
  /** The file the side was read from. */
  file: string;
  connectorVersion: string;
}

/** What points are matched on: the connector version is what differs, so it is not part of it. */
export interface PointKey {
  parallelism: number;
  chunkSize: number;
  sourceOptions: Record<string, string>;
}

export interface SideFigures {
  runs: number;
  ok: number;
  failed: number;
  /** Wall seconds of the successful runs, in the order they ran. */
  wallSeconds: number[];
  /** Absent when no run succeeded. */
  medianSeconds?: number;
  excludedTables: string[];
  leftBehind: LeftBehindCount;
}

export interface LeftBehindCount {
  /** Runs that recorded what they left behind (results of older cdc-sizer versions record nothing). */
  recorded: number;
  /** Of them, runs that left a slot or a publication behind. */
  runs: number;
  slots: number;
  publications: number;
}

export type TimeVerdict = 'slower' | 'faster' | 'same' | 'not-judged';

export interface PointComparison {
  point: PointKey;
  base: SideFigures;
  next: SideFigures;
  /** NEW median / BASE median; absent when a side has no successful run. */
  ratio?: number;
  /** 95 % bootstrap interval of the ratio of medians; absent with fewer than 3 successful runs a side. */
  interval?: { low: number; high: number };
  /** Why a figure is missing or was not judged, e.g. "2 repeats: no interval, judged on medians". */
  timeNote?: string;
  /** False when the two sides left out different tables: the times are not of the same work. */
  sameTables: boolean;
  time: TimeVerdict;
}

export interface VerdictCounts {
  exact: number;
  changed: number;
  dropped: number;
  'job-failed': number;
}

export interface ValueExample {
  table: string;
  column: string;
  source: string | null;
  emitted: string;
}

/** One PostgreSQL type: how its columns fared on each side. */
export interface TypeRow {
  pgType: string;
  base: VerdictCounts;
  next: VerdictCounts;
  baseExample?: ValueExample;
  nextExample?: ValueExample;
  differs: boolean;
}

export interface ColumnChange {
  table: string;
  column: string;
  pgType: string;
  base: FidelityVerdict;
  next: FidelityVerdict;
  baseExample?: ValueExample;
  nextExample?: ValueExample;
}

export type FidelityComparison =
  | { compared: false; reason: string }
  | {
      compared: true;
      types: TypeRow[];
      /** Columns present on both sides whose verdict or changed example differs. */
      changes: ColumnChange[];
      /** Columns sampled on one side only. */
      onlyBase: number;
      onlyNew: number;
      failedTables: { base: { table: string; failure: string }[]; next: { table: string; failure: string }[] };
    };

export interface Finding {
  area: 'time' | 'failed runs' | 'fidelity' | 'hygiene' | 'tables' | 'grid';
  text: string;
}
