import type { RunResult, RunSample } from './run-result.js';
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
  /** Server time of the enumerator's boundary queries over every table, shapes known or not; undefined when the statement statistics could not tell (the sample's statementsUnknown). */
  splitSeconds: number | undefined;
  /** Each reader's records at the sink (model/sample-costs.ts reads the chunks' cadence off them). */
  readers?: { spanSeconds: number; cycles: number; cycleSeconds: number; cycleSquaredSeconds: number; earlyCycles?: number }[];
  /** The job was the first on its local Flink JVM (run-result.ts); absent when not known. */
  coldJvm?: boolean;
  /** Per table, the readers' cycles its records ended (model/sample-costs.ts fits a chunk's bytes on them); absent from jobs before the sink counted them. */
  tableCycles?: { table: string; cycles: number; cycleSeconds: number }[];
}


/** The connector's successful samples for one option set, from every result given. */
export function calibrationSamples(results: readonly RunResult[], sourceOptions: Record<string, string>): CalibrationSample[] {
  return connectorPoints(results, sourceOptions).flatMap(({ r, pt }) =>
    pt.samples
      .filter((s) => unusable(s) === undefined)
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
        splitSeconds: s.statementsUnknown !== undefined ? undefined : s.tables.reduce((a, t) => a + (t.splitQueryMillis ?? 0), 0) / 1000,
        ...(s.readers !== undefined ? { readers: s.readers } : {}),
        ...(s.coldJvm !== undefined ? { coldJvm: s.coldJvm } : {}),
        ...tableCyclesOf(s),
      })),
  );
}

function tableCyclesOf(s: RunSample): Pick<CalibrationSample, 'tableCycles'> {
  const counted = s.tables.flatMap((t) => (t.cycles !== undefined && t.cycleSeconds !== undefined ? [{ table: t.table, cycles: t.cycles, cycleSeconds: t.cycleSeconds }] : []));
  return counted.length > 0 ? { tableCycles: counted } : {};
}

/** Why a successful sample cannot be fitted on; undefined when it can. */
function unusable(s: RunSample): string | undefined {
  if (!s.ok) return 'failed'; // not a measurement of a snapshot: said where the run reports it
  if (s.chunks === undefined) return `its chunk count is unknown (${s.chunksUnknown ?? 'not recorded'})`;
  if (s.readSeconds === undefined || s.readSeconds <= 0) return 'its reading time is unknown';
  return undefined;
}

/** A successful connector job the fit could not use, or used without its splitting time. */
export interface UnusedSample {
  scenario: string;
  parallelism: number;
  chunkSize: number;
  repeat: number;
  /** 'sample': left out of the fit; 'splitting': fitted, but its splitting time is unknown and left out of the per-table cost. */
  left: 'sample' | 'splitting';
  reason: string;
}

/**
 * What {@link calibrationSamples} could not use of the successful samples for one option set, and
 * why: a fit never drops a measurement silently (the estimate lists these).
 */
export function unusedSamples(results: readonly RunResult[], sourceOptions: Record<string, string>): UnusedSample[] {
  return connectorPoints(results, sourceOptions).flatMap(({ r, pt }) =>
    pt.samples
      .filter((s) => s.ok)
      .flatMap((s): UnusedSample[] => {
        const at = { scenario: `${r.scenario.name}@${r.scenario.scale}`, parallelism: pt.settings.parallelism, chunkSize: pt.settings.chunkSize, repeat: s.repeat };
        const why = unusable(s);
        if (why !== undefined) return [{ ...at, left: 'sample', reason: why }];
        return s.statementsUnknown !== undefined ? [{ ...at, left: 'splitting', reason: `its splitting time is unknown (${s.statementsUnknown})` }] : [];
      }),
  );
}

/** One line for the estimate's notes: how many samples the fit could not use, and why; undefined when it used them all. */
export function unusedSamplesNote(unused: readonly UnusedSample[]): string | undefined {
  if (unused.length === 0) return undefined;
  const left = unused.filter((u) => u.left === 'sample').length;
  const parts = unused.map((u) => `${u.scenario} p=${u.parallelism} chunk=${u.chunkSize} #${u.repeat}: ${u.left === 'sample' ? 'not used' : 'splitting not used'}, ${u.reason}`);
  const partial = unused.length - left;
  const counts = [left > 0 ? `${left} successful calibration sample(s) could not be used` : '', partial > 0 ? `${partial} ${left > 0 ? '' : 'successful calibration sample(s) '}were fitted without their splitting time` : ''];
  return `${counts.filter((c) => c !== '').join(' and ')}: ${parts.join('; ')}`;
}

/** The connector's points of one option set, each with the result it belongs to. */
function connectorPoints(results: readonly RunResult[], sourceOptions: Record<string, string>): { r: RunResult; pt: RunResult['points'][number] }[] {
  return results.flatMap((r) => r.points.filter((pt) => pt.settings.engine === 'flink-cdc' && sameOptionSet(pt.settings.sourceOptions, sourceOptions)).map((pt) => ({ r, pt })));
}
