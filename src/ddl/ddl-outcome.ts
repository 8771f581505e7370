import type { RowShapeSeen, ShapeColumn } from '../engines/flink-cdc/stream-accumulators.js';
import { atText, type DdlAction } from './ddl-spec.js';
import type { AppliedStep } from './ddl-runner.js';

/** What one DDL step did to the sync, as result.json records it. */
export interface DdlOutcome {
  step: number;
  action: DdlAction;
  table: string;
  at: string;
  late?: boolean;
  sql: string;
  /** Seconds from the job's submit to the DDL's commit. */
  appliedSeconds?: number;
  /** The DDL failed on the source (nothing changed there). */
  sourceError?: string;
  /** Whether the job was still running after the step; absent when the job had already failed before it. */
  jobSurvived?: boolean;
  /** arrived: a change of the table made after the DDL reached the sink; none: none did; not-made: no change could be made after it. */
  changesAfter: 'arrived' | 'none' | 'not-made';
  /** One line: what reached the sink, judged against what the DDL changed. */
  delivered: string;
  columnsBefore?: string[];
  columnsAfter?: string[];
  /** Connector and task lines logged between this step and the next (warnings, errors, lines naming the table). */
  log: string[];
}

export interface JobEnd {
  /** The job failed (or restarted) on its own before the run ended. */
  failed: boolean;
  failure?: string;
}

const columnText = (c: ShapeColumn): string => `${c.name} ${c.type}`;

/** Each applied step's outcome from the shapes the sink counted, the job's end and the Flink log. */
export function judgeDdl(applied: readonly AppliedStep[], shapes: readonly RowShapeSeen[], submittedMs: number, job: JobEnd, log?: { text: string; captured: readonly string[] }): DdlOutcome[] {
  const lastApplied = applied.filter((a) => a.appliedMs !== undefined).at(-1);
  return applied.map((a, i) => {
    const names = new Set([a.watched, ...(a.action === 'createTable' || a.action === 'addPartition' ? [] : (a.table.partitions ?? []).map((p) => `${a.table.schema}.${p}`))]);
    const mine = shapes.filter((s) => names.has(s.table));
    const changes = mine.filter((s) => s.kind === 'change');
    const arrived = a.probeLsn !== undefined && changes.some((s) => s.lastLsn !== undefined && s.lastLsn >= a.probeLsn!);
    // The shape right after the DDL: the earliest one still in use past it.
    const from = a.ddlLsn ?? a.probeLsn;
    const after = from === undefined || !arrived ? [] : changes.filter((s) => s.lastLsn !== undefined && s.lastLsn >= from).sort((x, y) => Number((x.firstLsn ?? 0n) - (y.firstLsn ?? 0n)));
    const before = beforeShape(mine, a);
    const survived = a.appliedMs === undefined && a.error === undefined ? undefined : !job.failed || arrived ? true : a === lastApplied ? false : undefined;
    const nextFrom = applied[i + 1]?.logFrom;
    return {
      step: a.index + 1,
      action: a.action,
      table: `${a.table.schema}.${a.table.name}`,
      at: atText(a.step),
      ...(a.late ? { late: true } : {}),
      sql: a.sql,
      ...(a.appliedMs !== undefined ? { appliedSeconds: (a.appliedMs - submittedMs) / 1000 } : {}),
      ...(a.error !== undefined ? { sourceError: a.error } : {}),
      ...(survived !== undefined ? { jobSurvived: survived } : {}),
      changesAfter: arrived ? 'arrived' : a.probeLsn === undefined ? 'not-made' : 'none',
      delivered: delivered(a, before?.columns, after[0]?.columns, arrived, job) + snapshotClause(mine, a),
      ...(before ? { columnsBefore: before.columns.map(columnText) } : {}),
      ...(after[0] ? { columnsAfter: after[0].columns.map(columnText) } : {}),
      log: log !== undefined && a.logFrom !== undefined ? logLines(log.text.slice(a.logFrom, nextFrom), [a.table.name, a.watched.slice(a.table.schema.length + 1)], log.captured.filter((t) => t !== `${a.table.schema}.${a.table.name}`)) : [],
    };
  });
}

/** The table's shape just before the step: the change shape in use at the DDL's position, else its snapshot rows' first shape. */
function beforeShape(mine: readonly RowShapeSeen[], a: AppliedStep): RowShapeSeen | undefined {
  const at = a.ddlLsn;
  const changes = at === undefined ? [] : mine.filter((s) => s.kind === 'change' && s.firstLsn !== undefined && s.firstLsn < at);
  const last = changes.sort((x, y) => Number((y.lastLsn ?? 0n) - (x.lastLsn ?? 0n)))[0];
  if (last) return last;
  return mine.filter((s) => s.kind === 'snapshot').sort((x, y) => (x.firstMs ?? 0) - (y.firstMs ?? 0))[0];
}

/** For a step made while the table's snapshot rows were still arriving: how many came in each shape. */
function snapshotClause(mine: readonly RowShapeSeen[], a: AppliedStep): string {
  const rows = mine.filter((s) => s.kind === 'snapshot');
  const at = a.appliedMs;
  if (at === undefined || !rows.some((s) => (s.firstMs ?? 0) < at) || !rows.some((s) => (s.lastMs ?? 0) > at)) return '';
  if (rows.length === 1) return `; its snapshot, read partly after it, came all in the columns from before it`;
  return `; its snapshot rows came in ${rows.length} sets of columns (${rows.map((s) => `${s.records.toLocaleString('en-US')} with ${s.columns.length} columns`).join(', ')})`;
}

function delivered(a: AppliedStep, before: ShapeColumn[] | undefined, after: ShapeColumn[] | undefined, arrived: boolean, job: JobEnd): string {
  if (a.error !== undefined) return `the DDL failed on the source: ${a.error}`;
  if (a.appliedMs === undefined) return 'not run: the sync ended first';
  if (!arrived) {
    if (a.probeLsn === undefined) return `no change could be made after it (${a.probeNote ?? 'unknown'})`;
    if (job.failed) return `no change after it reached the sink: the job failed${job.failure ? ` (${job.failure})` : ''}`;
    if (a.action === 'createTable') return "the new table's rows never arrived: the job reads the tables it was started with";
    if (a.action === 'addPartition') return 'the row written into the new partition never arrived: the job reads the partitions it was started with';
    return 'no change made after it reached the sink';
  }
  const col = (cols: ShapeColumn[] | undefined, name: string) => cols?.find((c) => c.name === name);
  const s = a.step;
  switch (a.action) {
    case 'addColumn': {
      const c = col(after, s.addColumn!.name);
      return c ? `column ${c.name} arrives as ${c.type}` : `changes after it arrive without column ${s.addColumn!.name}: the connector kept the old columns`;
    }
    case 'dropColumn': {
      const c = col(after, s.dropColumn!);
      return c ? `changes after it still carry ${c.name} (${c.type})` : `${s.dropColumn} is no longer sent`;
    }
    case 'alterType': {
      const name = s.alterType!.column;
      const was = col(before, name);
      const now = col(after, name);
      if (!now) return `changes after it arrive without column ${name}`;
      if (!was) return `${name} arrives as ${now.type} (its type before is unknown)`;
      return was.type === now.type ? `${name} still arrives as ${now.type}, as before the change to ${s.alterType!.type}` : `${name}: ${was.type} → ${now.type}`;
    }
    case 'renameColumn': {
      const { from, to } = s.renameColumn!;
      if (col(after, to) && !col(after, from)) return `renamed: ${to} arrives, ${from} no longer`;
      if (col(after, from)) return `changes after it still carry the old name ${from}`;
      return `changes after it carry neither ${from} nor ${to}`;
    }
    case 'createTable':
      return "changes to the new table arrived (it was captured)";
    case 'addPartition':
      return 'the row written into the new partition arrived';
  }
}

/** The local cluster's layout, `%d %-5level %-60c %x - %m` (the NDC `%x` is `[]` when empty); a Flink distribution's default has no NDC. */
const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (\w+)\s+(\S+)\s+(?:\[[^\]]*\]\s+)?- (.*)$/;
const MAX_LOG_LINES = 6;

/**
 * Warnings and errors that name the table, speak of a schema or are a failure (each message once; not those about one of the `others` tables), and the connector's lines naming one of `names` that
 * speak of its schema (a relation refreshed, a column, a type), as `LEVEL logger: message`, at most
 * six. Lines printing whole records (a delete's tombstone is logged as an unknown element and
 * skipped) and the enumerator's split chatter are left out: they name the table on every chunk.
 */
export function logLines(text: string, names: readonly string[], others: readonly string[] = []): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const m = LOG_LINE.exec(line);
    if (!m) continue;
    const [, level, logger, message] = m;
    const ours = names.some((n) => message!.includes(n));
    // A warning every job logs (its slot's settings) says nothing of the step: a problem counts when it names the table, speaks of a schema, or is a failure.
    const problem = (level === 'WARN' || level === 'ERROR') && (ours || ((SCHEMA_WORDS.test(message!) || /FAILED|Exception/.test(message!)) && !others.some((t) => message!.includes(t))));
    const aboutSchema = ours && /debezium|flink\.cdc/.test(logger!) && SCHEMA_WORDS.test(message!) && !/SourceRecord\{|[Ss]plit/.test(message!);
    if (!problem && !aboutSchema) continue;
    const key = `${level} ${message!.slice(0, 80)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`${level} ${logger!.split('.').pop()}: ${message!.slice(0, 300)}`);
    if (out.length >= MAX_LOG_LINES) break;
  }
  return out;
}

const SCHEMA_WORDS = /schema|column|relation|type|refresh|ddl|alter/i;
