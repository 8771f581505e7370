import type { Fidelity, PointSettings, RunPoint, RunResult, RunSample } from '../model/run-result.js';
import { cellText, fidelityTypeRows } from './fidelity-summary.js';
import { efficiency, median, speedup, summarize, type Summary } from '../model/statistics.js';
import { strongestLock } from '../observe/lock-sampler.js';
import { fmtBytes, fmtInt, fmtSeconds } from './terminal/format.js';
import { optionSetText } from '../model/option-set.js';

/**
 * The figures every run report is made of (terminal, Markdown, HTML), computed once here so the
 * three say the same thing: per grid point the median time with spread, speedup and efficiency
 * against p=1 of the same engine and settings, throughput and the connector's share of the
 * raw-copy ceiling; and the per-chunk cost, harness overhead, long poles, observations, failures
 * and leftovers.
 */
export interface PointFigures {
  settings: PointSettings;
  samples: RunSample[];
  /** The successful samples: every time and throughput figure is over these only. */
  ok: RunSample[];
  failed: number;
  /** Wall seconds over the successful samples (n = 0 and NaN figures when none succeeded). */
  time: Summary;
  /** NaN without a successful p=1 point of the same engine and settings. */
  speedup: number;
  efficiency: number;
  rowsPerSecond: number;
  mbPerSecond: number;
  /** flink-cdc only: raw-copy median time / this median time at the same parallelism and chunk size. */
  ceilingShare?: number;
}

/** The points of one chunk size and option set, in the order they were measured. */
export interface PointGroup {
  title: string;
  chunkSize: number;
  sourceOptions: Record<string, string>;
  points: PointFigures[];
}

/** An option set as people read it (model/option-set.ts). */
export const optionsText = optionSetText;

const withOptions = (text: string, options: Record<string, string>, sep: string): string => (Object.keys(options).length ? `${text}${sep}${optionsText(options)}` : text);

export const groupTitle = (s: Pick<PointSettings, 'chunkSize' | 'sourceOptions'>): string => withOptions(`chunk size ${s.chunkSize}`, s.sourceOptions, ', ');

/** `flink-cdc 3.5.0` when the point names its connector version, else the engine. */
export const engineName = (s: Pick<PointSettings, 'engine' | 'connectorVersion'>): string => (s.connectorVersion ? `${s.engine} ${s.connectorVersion}` : s.engine);

/** One line of a chart: an engine at one chunk size and option set, over parallelism. */
export const seriesLabel = (s: PointSettings): string => withOptions(`${engineName(s)}, chunk ${s.chunkSize}`, s.sourceOptions, ', ');

export const pointLabel = (s: PointSettings): string => withOptions(`${engineName(s)} p=${s.parallelism} chunk ${s.chunkSize}`, s.sourceOptions, ' ');

const okWall = (samples: readonly RunSample[]): number[] => samples.filter((s) => s.ok).map((s) => s.wallSeconds);

export function pointGroups(result: RunResult): PointGroup[] {
  const byTitle = new Map<string, RunPoint[]>();
  for (const p of result.points) byTitle.set(groupTitle(p.settings), [...(byTitle.get(groupTitle(p.settings)) ?? []), p]);
  return [...byTitle].map(([title, points]) => ({ title, chunkSize: points[0]!.settings.chunkSize, sourceOptions: points[0]!.settings.sourceOptions, points: points.map((p) => pointFigures(result, points, p)) }));
}

function pointFigures(result: RunResult, group: readonly RunPoint[], p: RunPoint): PointFigures {
  const ok = p.samples.filter((s) => s.ok);
  const time = summarize(ok.map((s) => s.wallSeconds));
  const base = group.find((b) => b.settings.engine === p.settings.engine && b.settings.connectorVersion === p.settings.connectorVersion && b.settings.parallelism === 1);
  const baseTime = base ? summarize(okWall(base.samples)).median : Number.NaN;
  const ceiling = result.points.find((c) => c.settings.engine === 'raw-copy' && c.settings.parallelism === p.settings.parallelism && c.settings.chunkSize === p.settings.chunkSize);
  const share = ceiling ? summarize(okWall(ceiling.samples)).median / time.median : Number.NaN;
  return {
    settings: p.settings,
    samples: p.samples,
    ok,
    failed: p.samples.length - ok.length,
    time,
    speedup: speedup(baseTime, time.median),
    efficiency: efficiency(baseTime, time.median, p.settings.parallelism),
    rowsPerSecond: ok.length ? (ok[0]?.rows ?? 0) / time.median : Number.NaN,
    mbPerSecond: ok.length ? (ok[0]?.bytes ?? 0) / 1e6 / time.median : Number.NaN,
    ...(p.settings.engine === 'flink-cdc' && Number.isFinite(share) ? { ceilingShare: share } : {}),
  };
}

export const allPoints = (groups: readonly PointGroup[]): PointFigures[] => groups.flatMap((g) => g.points);

/** The successful sample whose wall time is nearest the median: the one a per-sample figure is taken from. */
export function representativeSample(f: PointFigures): RunSample | undefined {
  let best: RunSample | undefined;
  for (const s of f.ok) if (!best || Math.abs(s.wallSeconds - f.time.median) < Math.abs(best.wallSeconds - f.time.median)) best = s;
  return best;
}

/** The connector's fastest point by median time (raw-copy when the run measured only the ceiling). */
export function fastestPoint(groups: readonly PointGroup[]): PointFigures | undefined {
  const measured = connectorFirst(allPoints(groups).filter((f) => f.ok.length > 0));
  return measured.reduce<PointFigures | undefined>((best, f) => (!best || f.time.median < best.time.median ? f : best), undefined);
}

function connectorFirst(points: PointFigures[]): PointFigures[] {
  const connector = points.filter((f) => f.settings.engine === 'flink-cdc');
  return connector.length ? connector : points;
}

const medianOf = (samples: readonly RunSample[], pick: (s: RunSample) => number | undefined): number | undefined => {
  const values = samples.map(pick).filter((v): v is number => v !== undefined);
  return values.length ? median(values) : undefined;
};

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

export interface Overhead {
  settings: PointSettings;
  wallSeconds: number;
  jobSeconds: number;
  startupSeconds?: number;
}

/** Wall time as the harness saw it against the Flink job's own duration, for points that have both. */
export function harnessOverhead(groups: readonly PointGroup[]): Overhead[] {
  return allPoints(groups).flatMap((f) => {
    const job = medianOf(f.ok, (s) => s.jobSeconds);
    if (job === undefined) return [];
    const startup = medianOf(f.ok, (s) => s.startupSeconds);
    return [{ settings: f.settings, wallSeconds: f.time.median, jobSeconds: job, ...(startup !== undefined ? { startupSeconds: startup } : {}) }];
  });
}

export type TableTiming = RunSample['tables'][number] & { seconds: number };

export interface LongPoles {
  which: 'slowest' | 'fastest';
  figures: PointFigures;
  sample: RunSample;
  /** The top tables by reading seconds, longest first. */
  tables: TableTiming[];
  /** Tables of the sample that have a reading span, of which `tables` are the top. */
  timedTables: number;
}

/**
 * The top tables by reading seconds at the slowest and the fastest point (one entry when they are
 * the same point). The connector's points are the ones that matter; raw-copy only when alone.
 */
export function longPoles(groups: readonly PointGroup[], top = 10): LongPoles[] {
  const timed = connectorFirst(allPoints(groups).filter((f) => representativeSample(f)?.tables.some((t) => t.seconds !== undefined)));
  if (timed.length === 0) return [];
  const byTime = [...timed].sort((a, b) => b.time.median - a.time.median);
  const ends = [byTime[0]!, byTime.at(-1)!];
  return ends.slice(0, ends[0] === ends[1] ? 1 : 2).map((f, i) => {
    const sample = representativeSample(f)!;
    const withSeconds = sample.tables.filter((t): t is TableTiming => t.seconds !== undefined).sort((a, b) => b.seconds - a.seconds);
    return { which: i === 0 ? 'slowest' : 'fastest', figures: f, sample, tables: withSeconds.slice(0, top), timedTables: withSeconds.length };
  });
}

export interface ObservedPoint {
  settings: PointSettings;
  maxWalRetainedBytes: number;
  maxConnections: number;
  strongestLock?: string;
}

/** Maxima over every sample of a point (failed ones too: a failed run still pinned WAL and took locks). */
export function observedPoints(groups: readonly PointGroup[]): ObservedPoint[] {
  return allPoints(groups).flatMap((f) => {
    const obs = f.samples.flatMap((s) => (s.observations ? [s.observations] : []));
    if (obs.length === 0) return [];
    const lock = strongest(obs.map((o) => o.strongestLock));
    return [{ settings: f.settings, maxWalRetainedBytes: Math.max(...obs.map((o) => o.maxWalRetainedBytes)), maxConnections: Math.max(...obs.map((o) => o.maxConnections)), ...(lock ? { strongestLock: lock } : {}) }];
  });
}

export function strongest(modes: readonly (string | undefined)[]): string | undefined {
  return strongestLock(modes.filter((m): m is string => m !== undefined).map((mode) => ({ table: '', mode, holders: 1 })));
}

export interface WalSeries {
  settings: PointSettings;
  repeat: number;
  /** Seconds since the run started and WAL retained: the largest of the run's slots, since the oldest slot is what pins WAL. */
  points: { t: number; bytes: number }[];
}

/** WAL retained over time for each point's representative sample that saw a slot. */
export function walSeries(groups: readonly PointGroup[]): WalSeries[] {
  return allPoints(groups).flatMap((f) => {
    const sample = representativeSample(f) ?? f.samples[0];
    const points = (sample?.observations?.points ?? []).filter((o) => o.slots.length > 0).map((o) => ({ t: o.t, bytes: Math.max(...o.slots.map((s) => s.walRetainedBytes)) }));
    return points.length && sample ? [{ settings: f.settings, repeat: sample.repeat, points }] : [];
  });
}

export interface Failure {
  settings: PointSettings;
  repeat: number;
  failure: string;
  countMismatches: RunSample['countMismatches'];
}

export function failures(result: RunResult): Failure[] {
  return result.points.flatMap((p) =>
    p.samples.filter((s) => !s.ok).map((s) => ({ settings: p.settings, repeat: s.repeat, failure: s.failure ?? (s.countMismatches.length ? 'row counts differ from the source' : 'failed'), countMismatches: s.countMismatches })),
  );
}

export interface LeftBehind {
  settings: PointSettings;
  repeat: number;
  slots: NonNullable<RunSample['leftBehind']>['slots'];
  publications: string[];
}

/** Samples after which the connector's slot or publication was still there (cdc-sizer dropped them). */
export function leftBehind(result: RunResult): { recorded: number; items: LeftBehind[] } {
  const samples = result.points.flatMap((p) => p.samples.map((s) => ({ settings: p.settings, s })));
  const recorded = samples.filter(({ s }) => s.leftBehind !== undefined);
  const items = recorded
    .filter(({ s }) => s.leftBehind!.slots.length + s.leftBehind!.publications.length > 0)
    .map(({ settings, s }) => ({ settings, repeat: s.repeat, slots: s.leftBehind!.slots, publications: s.leftBehind!.publications }));
  return { recorded: recorded.length, items };
}

/** Bytes each engine delivered in one successful run: Debezium JSON (flink-cdc) or COPY text (raw-copy). */
export function deliveredBytes(groups: readonly PointGroup[]): { engine: PointSettings['engine']; bytes: number; rows: number }[] {
  const out = new Map<PointSettings['engine'], { engine: PointSettings['engine']; bytes: number; rows: number }>();
  for (const f of allPoints(groups)) {
    const s = f.ok[0];
    if (s && !out.has(f.settings.engine)) out.set(f.settings.engine, { engine: f.settings.engine, bytes: s.bytes, rows: s.rows });
  }
  return [...out.values()];
}

/**
 * The tables and sentences both documents print, as plain text: the Markdown and HTML renderers
 * only escape and lay them out, so the two cannot disagree.
 */
export interface TextTable {
  columns: string[];
  /** Right-aligned (numeric) columns. */
  numeric: boolean[];
  rows: string[][];
}

const dash = '—';
export const fmtFixed = (x: number | undefined, digits: number): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : dash);
export const fmtPercent = (share: number | undefined): string => (share !== undefined && Number.isFinite(share) ? `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%` : dash);
const fmtSecondsOr = (s: number | undefined): string => (s !== undefined && Number.isFinite(s) ? fmtSeconds(s) : dash);
const fmtSpeedup = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : dash);

function table(columns: [string, boolean][], rows: string[][]): TextTable {
  return { columns: columns.map(([c]) => c), numeric: columns.map(([, n]) => n), rows };
}

/** PostgreSQL type × connector version, for the Markdown and HTML reports. */
export function fidelityTable(fidelity: readonly Fidelity[]): TextTable {
  return table(
    [['PostgreSQL type', false], ...fidelity.map((f): [string, boolean] => [`Flink CDC ${f.connectorVersion}`, false])],
    fidelityTypeRows(fidelity).map((row) => [row.pgType, ...row.cells.map(cellText)]),
  );
}

/** The tables a connector version could not read at all, with the first line of the job's failure. */
export function unreadableTable(fidelity: readonly Fidelity[]): TextTable | undefined {
  const rows = fidelity.flatMap((f) => f.failedTables.map((t) => [`Flink CDC ${f.connectorVersion}`, t.table, failureHeadline(t.failure, 200)]));
  return rows.length ? table([['connector', false], ['table', false], ['failure', false]], rows) : undefined;
}

export const fidelityLegend = (fidelity: readonly Fidelity[]): string =>
  `What the connector emitted for up to ${fidelity[0]?.sampledRows ?? 0} sampled rows per table (and reader), decoded by its declared schema and compared with the source's text of the same rows, found by key: exact, changed (first example, source → emitted), dropped (the column is missing from the record), or job failed (a job over the table alone failed; the table was left out of the timed points).`;

export function scalingTable(group: PointGroup): TextTable {
  return table(
    [['engine', false], ['p', true], ['runs', true], ['median s', true], ['min–max s', true], ['speedup vs p=1', true], ['efficiency', true], ['rows/s', true], ['MB/s', true], ['of raw-copy', true], ['failed', true]],
    group.points.map((f) => {
      const ok = f.ok.length > 0;
      return [
        engineName(f.settings),
        String(f.settings.parallelism),
        String(f.ok.length),
        ok ? fmtSeconds(f.time.median) : dash,
        ok ? `${fmtSeconds(f.time.min)}–${fmtSeconds(f.time.max)}` : dash,
        fmtSpeedup(f.speedup),
        fmtFixed(f.efficiency, 2),
        ok ? fmtInt(f.rowsPerSecond) : dash,
        fmtFixed(f.mbPerSecond, 1),
        f.ceilingShare !== undefined ? fmtPercent(f.ceilingShare) : '',
        String(f.failed),
      ];
    }),
  );
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

export function overheadTable(rows: readonly Overhead[]): TextTable {
  return table(
    [['point', false], ['wall s', true], ['job s', true], ['overhead s', true], ['of wall', true], ['job start-up s', true]],
    rows.map((o) => [pointLabel(o.settings), fmtSecondsOr(o.wallSeconds), fmtSecondsOr(o.jobSeconds), fmtSecondsOr(o.wallSeconds - o.jobSeconds), fmtPercent((o.wallSeconds - o.jobSeconds) / o.wallSeconds), fmtSecondsOr(o.startupSeconds)]),
  );
}

export function longPoleTable(poles: LongPoles): TextTable {
  return table(
    [['#', true], ['table', false], ['rows', true], ['MB', true], ['reading s', true], ['of wall', true]],
    poles.tables.map((t, i) => [String(i + 1), t.table, fmtInt(t.rows), (t.bytes / 1e6).toFixed(1), fmtSeconds(t.seconds), fmtPercent(t.seconds / poles.sample.wallSeconds)]),
  );
}

export const longPoleTitle = (poles: LongPoles): string =>
  `${poles.which === 'slowest' ? 'Slowest' : 'Fastest'} point: ${pointLabel(poles.figures.settings)}, run ${poles.sample.repeat} (${fmtSeconds(poles.sample.wallSeconds)} s; top ${poles.tables.length} of ${poles.timedTables} tables by reading seconds)`;

/** The first line of a failure, cut to a table cell's length; the whole text is in result.json. */
export function failureHeadline(failure: string, maxChars = 300): string {
  const first = failure.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? failure;
  return first.length > maxChars ? `${first.slice(0, maxChars - 1)}…` : first;
}

export function failureTable(list: readonly Failure[]): TextTable {
  return table(
    [['point', false], ['run', true], ['failure', false], ['count mismatches', false]],
    list.map((f) => [pointLabel(f.settings), String(f.repeat), failureHeadline(f.failure), f.countMismatches.map((m) => `${m.table}: ${fmtInt(m.expected)} expected, ${fmtInt(m.actual)} read`).join('; ')]),
  );
}

export function leftBehindTable(items: readonly LeftBehind[]): TextTable {
  return table(
    [['point', false], ['run', true], ['slots', false], ['publications', false]],
    items.map((l) => [pointLabel(l.settings), String(l.repeat), l.slots.map((s) => `${s.name} (${s.active ? 'active' : 'inactive'}, ${fmtBytes(s.walRetainedBytes)} WAL)`).join(', '), l.publications.join(', ')]),
  );
}

export function observationTable(points: readonly ObservedPoint[]): TextTable {
  return table(
    [['point', false], ['max WAL retained', true], ['max connections', true], ['strongest lock', false]],
    points.map((o) => [pointLabel(o.settings), fmtBytes(o.maxWalRetainedBytes), String(o.maxConnections), o.strongestLock ?? 'none seen']),
  );
}

export const coresNote = (cores: number): string => `This machine has ${cores} core${cores === 1 ? '' : 's'}; scaling above ${cores} is expected to flatten.`;

export function scenarioLine(result: RunResult): string {
  const s = result.scenario;
  const src = result.source;
  if (src?.kind !== 'existing') return `${s.name} (hash ${s.hash}) at scale ${s.scale}: ${fmtInt(s.tables)} tables, ${fmtInt(s.rows)} rows, ${fmtBytes(s.diskBytes)} on disk.`;
  // An existing database's tables as they were: what was selected, left out, and what changed under the run.
  const selection = [src.include.length ? `tables ${src.include.join(', ')}` : 'every table', ...(src.exclude.length ? [`excluding ${src.exclude.join(', ')}`] : [])].join(', ');
  const notes = [
    src.skippedTables.length ? ` Skipped without a primary key: ${src.skippedTables.map((t) => t.table).join(', ')}.` : '',
    src.changedTables.length ? ` Changed during the run (counts not verified): ${src.changedTables.join(', ')}.` : '',
  ].join('');
  return `Existing database ${src.database} at ${src.server} (${selection}): ${fmtInt(s.tables)} tables, ${fmtInt(s.rows)} rows counted before the first point, ${fmtBytes(s.diskBytes)} on disk.${notes}`;
}

export function gridLine(result: RunResult): string {
  const settings = result.points.map((p) => p.settings);
  const distinct = <T>(xs: T[]): T[] => [...new Set(xs)];
  const sets = distinct(settings.filter((s) => s.engine === 'flink-cdc').map((s) => optionsText(s.sourceOptions) || 'connector defaults'));
  const repeats = distinct(result.points.map((p) => p.samples.length));
  return [
    `Engines ${distinct(settings.map((s) => s.engine)).join(', ')}`,
    `parallelism ${distinct(settings.map((s) => s.parallelism)).sort((a, b) => a - b).join(', ')}`,
    `chunk sizes ${distinct(settings.map((s) => s.chunkSize)).join(', ')}`,
    ...(sets.length ? [`option sets: ${sets.join('; ')}`] : []),
    `${repeats.join(' or ')} run${repeats.length === 1 && repeats[0] === 1 ? '' : 's'} per point.`,
  ].join('; ');
}

export function deliveredLine(groups: readonly PointGroup[]): string {
  const what = { 'flink-cdc': 'Debezium JSON', 'raw-copy': 'COPY text' } as const;
  const parts = deliveredBytes(groups).map((d) => `${d.engine} ${fmtInt(d.rows)} rows as ${fmtBytes(d.bytes)} of ${what[d.engine]}`);
  return parts.length ? `Delivered per run: ${parts.join('; ')}.` : 'No run succeeded, so nothing was delivered.';
}

export function fastestLine(groups: readonly PointGroup[]): string | undefined {
  const f = fastestPoint(groups);
  if (!f) return undefined;
  const base = allPoints(groups).find((b) => b.settings.engine === f.settings.engine && b.settings.connectorVersion === f.settings.connectorVersion && b.settings.parallelism === 1 && Object.keys(b.settings.sourceOptions).length === 0 && b.ok.length > 0);
  const vs = base && base !== f ? `, ${fmtSpeedup(base.time.median / f.time.median)} as fast as ${pointLabel(base.settings)} (${fmtSeconds(base.time.median)} s)` : '';
  return `Fastest ${f.settings.engine} point: ${pointLabel(f.settings)}, ${fmtSeconds(f.time.median)} s median over ${f.ok.length} run${f.ok.length === 1 ? '' : 's'}${vs}.`;
}

export function observationLine(points: readonly ObservedPoint[]): string {
  if (points.length === 0) return 'Nothing was observed on the source during the runs (raw-copy runs are not observed).';
  const walMax = points.reduce((a, b) => (b.maxWalRetainedBytes > a.maxWalRetainedBytes ? b : a));
  const lock = strongest(points.map((o) => o.strongestLock));
  const lockAt = points.find((o) => o.strongestLock === lock);
  return `Max WAL retained by a run's slot: ${fmtBytes(walMax.maxWalRetainedBytes)} (${pointLabel(walMax.settings)}). Strongest lock seen on source tables: ${lock && lockAt ? `${lock} (${pointLabel(lockAt.settings)})` : 'none'}. Sampled about once a second, which misses a chunk query's short locks.`;
}

export function leftBehindLine(found: { recorded: number; items: LeftBehind[] }): string {
  if (found.recorded === 0) return 'No run recorded what it left behind (raw-copy creates no slot or publication).';
  if (found.items.length === 0) return `Nothing was left behind after any of the ${found.recorded} connector runs.`;
  const slots = found.items.reduce((n, l) => n + l.slots.length, 0);
  const pubs = found.items.reduce((n, l) => n + l.publications.length, 0);
  return `The connector left ${slots} replication slot${slots === 1 ? '' : 's'} and ${pubs} publication${pubs === 1 ? '' : 's'} behind after ${found.items.length} of ${found.recorded} runs; cdc-sizer dropped them. An inactive slot pins WAL until it is dropped.`;
}

export function resourcesLine(result: RunResult): string {
  const r = result.resources;
  if (!r) return 'Peak memory was not recorded for this run.';
  return `Peak RSS: cdc-sizer ${fmtBytes(r.harnessPeakRssBytes)}; Flink JVM ${r.flinkPeakRssBytes !== undefined ? fmtBytes(r.flinkPeakRssBytes) : 'not recorded (remote cluster)'}.`;
}

export const overheadLine = 'Wall time is what the harness saw from submitting the job to its end; the job time is Flink\'s own duration. The difference is submission and polling, not the connector.';

export function environmentTable(result: RunResult): TextTable {
  const e = result.environment;
  const rows: [string, string | undefined][] = [
    ['cdc-sizer', e.cdcSizer],
    ['PostgreSQL', e.postgres],
    ['Flink', e.flink],
    ['Flink CDC', e.flinkCdc],
    ['Node.js', e.node],
    ['provider', e.provider],
    ['sink', e.sink],
    ['cores', String(e.cores)],
    ['memory', fmtBytes(e.memoryBytes)],
  ];
  return table([['', false], ['', false]], rows.filter((r): r is [string, string] => r[1] !== undefined));
}

export const chunkCostNote =
  'A chunk\'s cycle is reading time × parallelism / chunks: its whole cost, query included. flink-cdc: the query is the mean server time of a chunk\'s SELECT (pg_stat_statements) and splitting is the server time of the enumerator\'s boundary queries, which overlap reading except for the first table. raw-copy: the query is the median chunk COPY and splitting the key-boundary queries before reading.';
