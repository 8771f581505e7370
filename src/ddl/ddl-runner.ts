import type pg from 'pg';
import { patternList, selectTables } from '../catalog/table-selection.js';
import type { SourceTable } from '../engines/source-table.js';
import { lsnValue } from '../engines/flink-cdc/stream-accumulators.js';
import type { PgEndpoint } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import { ident, qualified, qualifiedName } from '../sql/identifiers.js';
import { insertStatement, keySampleSql, updateStatement } from '../workload/change-statements.js';
import type { Workload } from '../workload/workload-runner.js';
import type { ChangeKind } from '../workload/workload-spec.js';
import { describeWriteTarget, WriteTargetError } from '../workload/write-target.js';
import { actionOf, atText, type DdlAction, type DdlStep } from './ddl-spec.js';

/** A DDL step that cannot run as written (a table that is not captured, a partition of a plain table): said before the run starts. */
export class DdlError extends Error {
  override name = 'DdlError';
}

/** A step with its tables found among the captured ones. */
export interface ResolvedStep {
  index: number;
  step: DdlStep;
  action: DdlAction;
  /** The captured table changed (createTable: the table it is like). */
  table: SourceTable;
  /** The table whose changes tell the step's outcome (schema.name): the one changed, the new table, or the new partition. */
  watched: string;
}

/** What a step did on the source: its statement, when, and the change made right after it. */
export interface AppliedStep extends ResolvedStep {
  sql: string;
  /** Wall-clock ms at which the DDL committed. */
  appliedMs?: number;
  /** The DDL failed on the source (nothing changed). */
  error?: string;
  /** Due at a share of the snapshot that never came: run when the snapshot ended. */
  late?: boolean;
  /** The WAL position just before the DDL, its table's writes held: a change of the table past it was made after the DDL. */
  ddlLsn?: bigint;
  /** The probe change's WAL position: a change of `watched` at or past it came after the DDL. */
  probeLsn?: bigint;
  probeNote?: string;
  /** Length of the Flink log just before the step (see DdlRunner's logLength). */
  logFrom?: number;
}

/** Finds each step's table among the captured ones; a table it does not find, or finds twice, is a DdlError. */
export function resolveDdlSteps(steps: readonly DdlStep[], tables: readonly SourceTable[]): ResolvedStep[] {
  return steps.map((step, index) => {
    const action = actionOf(step);
    const pattern = action === 'createTable' ? step.createTable!.like : step.table!;
    const where = `ddl step ${index + 1} (${action})`;
    const { selected } = selectTables(tables, patternList(pattern), []);
    if (selected.length === 0) throw new DdlError(`${where}: "${pattern}" is not a table the run captures; name one of its tables (schema.table)`);
    if (selected.length > 1) throw new DdlError(`${where}: "${pattern}" matches ${selected.length} captured tables (${selected.slice(0, 3).map(qualifiedName).join(', ')}…); a step changes one table`);
    const table = selected[0]!;
    if (action === 'addPartition' && !table.partitions?.length) throw new DdlError(`${where}: ${qualifiedName(table)} is not partitioned`);
    const watched = action === 'createTable' ? `${table.schema}.${step.createTable!.name}` : action === 'addPartition' ? `${table.schema}.${step.addPartition!.name}` : qualifiedName(table);
    return { index, step, action, table, watched };
  });
}

/** The statement a step runs. Names are quoted; types, defaults, USING and bounds are SQL the step's author wrote. */
export function ddlSql(r: ResolvedStep): string {
  const rel = qualified(r.table.schema, r.table.name);
  const s = r.step;
  switch (r.action) {
    case 'addColumn':
      return `ALTER TABLE ${rel} ADD COLUMN ${ident(s.addColumn!.name)} ${s.addColumn!.type}${s.addColumn!.default !== undefined ? ` DEFAULT ${s.addColumn!.default}` : ''}`;
    case 'dropColumn':
      return `ALTER TABLE ${rel} DROP COLUMN ${ident(s.dropColumn!)}`;
    case 'alterType':
      return `ALTER TABLE ${rel} ALTER COLUMN ${ident(s.alterType!.column)} TYPE ${s.alterType!.type}${s.alterType!.using ? ` USING ${s.alterType!.using}` : ''}`;
    case 'renameColumn':
      return `ALTER TABLE ${rel} RENAME COLUMN ${ident(s.renameColumn!.from)} TO ${ident(s.renameColumn!.to)}`;
    case 'createTable':
      return `CREATE TABLE ${qualified(r.table.schema, s.createTable!.name)} (LIKE ${rel} INCLUDING ALL)`;
    case 'addPartition':
      return `CREATE TABLE ${qualified(r.table.schema, s.addPartition!.name)} PARTITION OF ${rel} ${s.addPartition!.bounds}`;
  }
}

/** How long a step waits for its table's lock (the snapshot's chunk queries and the workload hold it briefly). */
const LOCK_TIMEOUT = '20s';

/**
 * Runs the steps at their points of a sync: `progress` with the share of chunks handed out,
 * `snapshotDone` when the stream starts (stream steps are timed from there). One step at a time,
 * each followed by a probe change on its table whose WAL position tells, at the sink, whether
 * changes after the DDL arrived and with which columns.
 */
export class DdlRunner {
  private readonly applied: AppliedStep[] = [];
  private readonly fired = new Set<number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private queue: Promise<void> = Promise.resolve();
  private allFired: () => void = () => undefined;
  private readonly allFiredP = new Promise<void>((r) => (this.allFired = r));
  private stopped = false;

  constructor(
    private readonly endpoint: PgEndpoint,
    private readonly steps: readonly ResolvedStep[],
    private readonly workload: Workload | undefined,
    private readonly hooks: { log: (line: string) => void; logLength?: () => Promise<number | undefined> },
  ) {}

  /** The latest stream step's time after the snapshot, in seconds (0 when none). */
  get lastStreamSeconds(): number {
    return Math.max(0, ...this.steps.map((r) => ('stream' in r.step.at ? r.step.at.stream : 0)));
  }

  progress(shareHandedOut: number): void {
    for (const r of this.steps) if ('snapshot' in r.step.at && r.step.at.snapshot <= shareHandedOut) this.fire(r, false);
  }

  snapshotDone(): void {
    for (const r of this.steps) {
      if ('snapshot' in r.step.at) this.fire(r, r.step.at.snapshot > 0);
      else {
        const t = setTimeout(() => this.fire(r, false), r.step.at.stream * 1000);
        this.timers.push(t);
      }
    }
  }

  /** Resolves once every step has run (or failed on the source). */
  async done(): Promise<void> {
    await this.allFiredP;
    await this.queue;
  }

  /** No step starts after this (the run is being torn down). */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.allFired();
  }

  results(): AppliedStep[] {
    return [...this.applied].sort((a, b) => a.index - b.index);
  }

  /** Drops the tables the steps created (new tables, new partitions), whatever else happened. */
  async dropCreated(): Promise<string[]> {
    const created = this.applied.filter((a) => a.appliedMs !== undefined && (a.action === 'createTable' || a.action === 'addPartition'));
    if (created.length === 0) return [];
    const client = await connectPg(this.endpoint, { applicationName: 'cdc-sizer ddl' });
    const left: string[] = [];
    try {
      for (const a of created) {
        const name = a.action === 'createTable' ? a.step.createTable!.name : a.step.addPartition!.name;
        await client.query(`DROP TABLE IF EXISTS ${qualified(a.table.schema, name)}`).catch((err: Error) => left.push(`${a.table.schema}.${name} (${err.message})`));
      }
    } finally {
      await client.end();
    }
    return left;
  }

  private fire(r: ResolvedStep, late: boolean): void {
    if (this.fired.has(r.index) || this.stopped) return;
    this.fired.add(r.index);
    this.queue = this.queue.then(() => this.run(r, late)).catch((err: Error) => this.hooks.log(`  ddl step ${r.index + 1}: ${err.message}`));
    if (this.fired.size === this.steps.length) this.allFired();
  }

  private async run(r: ResolvedStep, late: boolean): Promise<void> {
    if (this.stopped) return;
    const sql = ddlSql(r);
    const a: AppliedStep = { ...r, sql, ...(late ? { late } : {}) };
    this.applied.push(a);
    const logFrom = await this.hooks.logLength?.().catch(() => undefined);
    if (logFrom !== undefined) a.logFrom = logFrom;
    const client = await connectPg(this.endpoint, { applicationName: 'cdc-sizer ddl' });
    try {
      await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
      const apply = async () => {
        const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
        a.ddlLsn = lsnValue(rows[0]!.lsn);
        await client.query(sql);
        a.appliedMs = Date.now();
      };
      await (this.workload && r.action !== 'createTable' && r.action !== 'addPartition' ? this.workload.alter(qualifiedName(r.table), apply) : apply());
      this.hooks.log(`  ddl step ${r.index + 1} (${atText(r.step)}${late ? ', run at the snapshot\'s end' : ''}): ${sql}`);
    } catch (err) {
      a.error = (err as Error).message;
      this.hooks.log(`  ddl step ${r.index + 1} failed on the source: ${a.error}`);
      await client.end();
      return;
    }
    try {
      await this.probe(client, a);
    } catch (err) {
      a.probeNote = `no change made after it: ${(err as Error).message}`;
    } finally {
      await client.end();
    }
  }

  /** One change on the watched table, committed right after the DDL; its position is read in its own transaction first. */
  private async probe(client: pg.Client, a: AppliedStep): Promise<void> {
    const { schema, name } = a.table;
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      const counted = await this.probeChange(client, a, schema, name);
      await client.query('COMMIT');
      a.probeLsn = lsnValue(rows[0]!.lsn);
      if (counted) this.workload?.count(qualifiedName(a.table), counted.kind, counted.rows);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err instanceof WriteTargetError ? new Error(err.message) : err;
    }
  }

  private async probeChange(client: pg.Client, a: AppliedStep, schema: string, name: string): Promise<{ kind: ChangeKind; rows: number } | undefined> {
    if (a.action === 'createTable') {
      const target = qualified(schema, a.step.createTable!.name);
      await client.query(`INSERT INTO ${target} OVERRIDING SYSTEM VALUE SELECT * FROM ${qualified(schema, name)} LIMIT 3`);
      return undefined;
    }
    const target = await describeWriteTarget(client, schema, name, { inserts: a.action === 'addPartition' });
    const { rows } = await client.query({ text: keySampleSql(target, 0, 1), rowMode: 'array' });
    const key = (rows as unknown[][])[0]?.map(String);
    if (!key) throw new Error(`${schema}.${name} holds no row to change`);
    if (a.action === 'addPartition') {
      const { statement } = insertStatement(target, key, a.step.addPartition!.probeKey);
      const n = (await client.query(statement.text, statement.values)).rowCount ?? 0;
      return { kind: 'insert', rows: n };
    }
    const s = updateStatement(target, key, false);
    const n = (await client.query(s.text, s.values)).rowCount ?? 0;
    return { kind: 'update', rows: n };
  }
}
