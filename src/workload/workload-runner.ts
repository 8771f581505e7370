import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { PgEndpoint } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import { selectTables, type NamedTable } from '../catalog/table-selection.js';
import { patternList } from '../catalog/table-selection.js';
import { qualified, qualifiedName } from '../sql/identifiers.js';
import { Rng } from '../scenario/rng.js';
import { deleteStatement, FreshKeys, insertStatement, keySampleSql, updateStatement, type Statement } from './change-statements.js';
import { KeyPool } from './key-pool.js';
import { pace, realClock, type Clock, type PaceOutcome } from './pace.js';
import { MergedSchedule } from './schedule.js';
import { CHANGE_KINDS, groupRate, type ChangeKind, type WorkloadSpec } from './workload-spec.js';
import { describeWriteTarget, WriteTargetError, type WriteTarget } from './write-target.js';

/** Keys per table the workload's changes pick from. */
const POOL_KEYS = 5000;

/** Inserts, updates and deletes together. */
export const changeCount = (c: Record<ChangeKind, number>): number => c.insert + c.update + c.delete;

/** Row changes committed on one table, by kind; `afterMark` those of transactions begun after `mark()`. */
export interface TableChanges {
  table: string;
  committed: Record<ChangeKind, number>;
  afterMark: Record<ChangeKind, number>;
}

export interface WorkloadReport {
  /** Row changes per second the workload asked for at full rate. */
  targetPerSecond: number;
  /** Row changes committed over the seconds it ran. */
  achievedPerSecond: number;
  seconds: number;
  committed: number;
  /** Achieved over what the schedule asked by the stop (ramp included): 1 when the source kept up. */
  heldShare: number;
  /** The schedule fell behind by more than 5 %: the source (or the generator) could not take the rate. */
  behind: boolean;
  /** Transactions that a deadlock or serialization failure rolled back (not retried, not counted). */
  rolledBack: number;
  tables: TableChanges[];
}

/** The workload stopped on an error the source gave a transaction, or cannot start as written. */
export class WorkloadError extends Error {
  override name = 'WorkloadError';
}

interface Target {
  target: WriteTarget;
  group: number;
  pool: KeyPool;
  fresh?: FreshKeys;
  changes: TableChanges;
  /** Transactions on the table in flight. */
  busy: number;
  /** Set while a DDL step changes the table: its transactions wait for it. */
  gate?: Promise<void>;
}

const zero = (): Record<ChangeKind, number> => ({ insert: 0, update: 0, delete: 0 });

/**
 * The write workload against a database: resolves each group's tables, reads their keys, then
 * (start) writes at the schedule's rates on its own connections until stop. Counts exactly what
 * committed, per table and kind of change.
 */
export class Workload {
  private clients: pg.Client[] = [];
  private stopping = false;
  private running?: Promise<PaceOutcome>;
  private markedAt = Infinity;
  private rolledBack = 0;
  private hasFailed = false;

  private constructor(
    private readonly endpoint: PgEndpoint,
    readonly spec: WorkloadSpec,
    private readonly groups: Target[][],
    private readonly rng: Rng,
    private readonly clock: Clock,
  ) {}

  /** Resolves the groups against `tables` (the tables the workload may write) and reads each table's shape and keys. */
  static async prepare(endpoint: PgEndpoint, spec: WorkloadSpec, tables: readonly NamedTable[], clock: Clock = realClock): Promise<Workload> {
    const rng = new Rng(`workload:${spec.seed}`);
    const client = await connectPg(endpoint, { applicationName: 'cdc-sizer workload' });
    try {
      const groups: Target[][] = [];
      for (const [i, g] of spec.groups.entries()) {
        const { selected, unmatched } = selectTables(tables, patternList(g.tables), []);
        if (unmatched.length > 0 || selected.length === 0) throw new WorkloadError(`workload group ${i + 1}: ${unmatched.length ? `no table matches ${unmatched.join(', ')}` : `"${g.tables}" matches no table`} among the tables it may write`);
        const targets: Target[] = [];
        for (const t of selected) targets.push(await prepareTarget(client, t, i, g, rng));
        groups.push(targets);
      }
      return new Workload(endpoint, spec, groups, rng, clock);
    } catch (err) {
      if (err instanceof WriteTargetError) throw new WorkloadError(`workload: ${err.message}`);
      throw err;
    } finally {
      await client.end();
    }
  }

  /** The tables written, schema.table. */
  get tables(): string[] {
    return this.groups.flat().map((t) => t.changes.table);
  }

  start(): void {
    if (this.running) return;
    this.running = (async () => {
      for (let i = 0; i < this.spec.connections; i++) this.clients.push(await connectPg(this.endpoint, { applicationName: 'cdc-sizer workload' }));
      return pace(new MergedSchedule(this.spec), this.spec.connections, (w, g) => this.transaction(this.clients[w]!, g), () => this.stopping, this.clock);
    })();
    // A failure surfaces at stop(); meanwhile the rejection must not go unhandled.
    this.running.catch(() => (this.hasFailed = true));
  }

  /** From now on, transactions are also counted in `afterMark` (e.g. once the snapshot has ended). */
  mark(): void {
    this.markedAt = this.clock.now();
  }

  /** Resolves when the workload has stopped, on its own error or after stop(); never rejects. */
  settled(): Promise<void> {
    return this.running ? this.running.then(() => undefined, () => undefined) : new Promise(() => undefined);
  }

  /** Whether the workload has stopped on an error (read it with stop()). */
  failed(): boolean {
    return this.hasFailed;
  }

  /** Stops writing, waits for the transactions in flight, closes the connections, and reports. */
  async stop(): Promise<WorkloadReport> {
    this.stopping = true;
    try {
      const outcome = await (this.running ?? Promise.resolve<PaceOutcome>({ started: 0, seconds: 0 }));
      return this.report(outcome);
    } finally {
      await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
      this.clients = [];
    }
  }

  /**
   * One last update, committed after every other change, whose WAL record starts at or past the
   * insert position read just before it (a change's `source.lsn` is its record's start): the
   * stream has delivered every change of the workload once it delivers a change at or past that
   * position. Counted like any other. Returns the position.
   */
  async finalChange(): Promise<string> {
    const client = await connectPg(this.endpoint, { applicationName: 'cdc-sizer workload' });
    try {
      const t = this.groups.flat().find((x) => x.pool.size > 0);
      if (!t) throw new WorkloadError('workload: every key it knew was deleted; nothing is left to write the final change to');
      const key = t.pool.pick()!;
      await client.query('BEGIN');
      const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      const r = await exec(client, updateStatement(t.target, key, false));
      await client.query('COMMIT');
      t.changes.committed.update += r;
      t.changes.afterMark.update += r;
      return rows[0]!.lsn;
    } finally {
      await client.end();
    }
  }

  /**
   * Runs `change` (a DDL statement on `table`) while the workload's transactions on that table wait,
   * once those in flight have ended, then reads the table's columns again: the statements that
   * follow are written for its new shape. Another table's writes go on meanwhile.
   */
  async alter<T>(table: string, change: () => Promise<T>): Promise<T> {
    const t = this.groups.flat().find((x) => x.changes.table === table);
    if (!t) return change();
    let open: () => void = () => undefined;
    t.gate = new Promise<void>((r) => (open = r));
    try {
      while (t.busy > 0) await sleep(5);
      const result = await change();
      const client = await connectPg(this.endpoint, { applicationName: 'cdc-sizer workload' });
      try {
        t.target = await describeWriteTarget(client, t.target.schema, t.target.name, { inserts: t.fresh !== undefined });
        if (t.fresh) t.fresh = new FreshKeys(t.target, this.rng);
      } finally {
        await client.end();
      }
      return result;
    } finally {
      t.gate = undefined;
      open();
    }
  }

  /** A change committed outside the workload's own transactions (a DDL step's probe) on a table it writes, counted with its own. */
  count(table: string, kind: ChangeKind, rows: number): void {
    const t = this.groups.flat().find((x) => x.changes.table === table);
    if (!t) return;
    t.changes.committed[kind] += rows;
    if (this.clock.now() >= this.markedAt) t.changes.afterMark[kind] += rows;
  }

  private async transaction(client: pg.Client, group: number): Promise<void> {
    const targets = this.groups[group]!;
    const t = targets[Math.floor(this.rng.next() * targets.length)]!;
    while (t.gate) await t.gate;
    t.busy++;
    try {
      await this.transactionOn(client, group, t);
    } finally {
      t.busy--;
    }
  }

  private async transactionOn(client: pg.Client, group: number, t: Target): Promise<void> {
    const g = this.spec.groups[group]!;
    const afterMark = this.clock.now() >= this.markedAt;
    const done = zero();
    const taken: string[][] = [];
    const added: string[][] = [];
    const many = g.transactionSize > 1;
    try {
      if (many) await client.query('BEGIN');
      for (let i = 0; i < g.transactionSize; i++) {
        const kind = pickKind(g, this.rng.next());
        const statement = this.statementFor(t, kind, g.updateColumns === 'wide', taken, added);
        if (statement) done[kind] += await exec(client, statement);
      }
      if (many) await client.query('COMMIT');
    } catch (err) {
      if (many) await client.query('ROLLBACK').catch(() => undefined);
      for (const k of taken) t.pool.restore(k);
      const code = (err as { code?: string }).code;
      // Two transactions on a hot key can deadlock; PostgreSQL rolls one back, as it would an application's.
      if (code === '40P01' || code === '40001') {
        this.rolledBack++;
        return;
      }
      throw new WorkloadError(`workload: a transaction on ${t.changes.table} failed: ${(err as Error).message}${code ? ` (SQLSTATE ${code})` : ''}`);
    }
    for (const k of added) t.pool.add(k);
    for (const kind of CHANGE_KINDS) {
      t.changes.committed[kind] += done[kind];
      if (afterMark) t.changes.afterMark[kind] += done[kind];
    }
  }

  private statementFor(t: Target, kind: ChangeKind, wide: boolean, taken: string[][], added: string[][]): Statement | undefined {
    if (kind === 'insert') {
      const template = t.pool.pick();
      if (!template || !t.fresh) return undefined;
      const { statement, key } = insertStatement(t.target, template, t.fresh.next());
      added.push(key);
      return statement;
    }
    if (kind === 'delete') {
      const key = t.pool.take();
      if (!key) return undefined;
      taken.push(key);
      return deleteStatement(t.target, key);
    }
    const key = t.pool.pick();
    return key ? updateStatement(t.target, key, wide) : undefined;
  }

  private report(o: PaceOutcome): WorkloadReport {
    const tables = this.groups.flat().map((t) => t.changes);
    const committed = tables.reduce((a, t) => a + changeCount(t.committed), 0);
    const schedule = new MergedSchedule(this.spec);
    const asked = schedule.changesDueBy(o.seconds);
    const heldShare = asked > 0 ? committed / asked : 1;
    return {
      targetPerSecond: this.spec.groups.reduce((a, g) => a + groupRate(g), 0),
      achievedPerSecond: o.seconds > 0 ? committed / o.seconds : 0,
      seconds: o.seconds,
      committed,
      heldShare,
      behind: heldShare < 0.95,
      rolledBack: this.rolledBack,
      tables,
    };
  }
}

async function prepareTarget(client: pg.Client, t: NamedTable, group: number, g: WorkloadSpec['groups'][number], rng: Rng): Promise<Target> {
  const target = await describeWriteTarget(client, t.schema, t.name, { inserts: g.inserts > 0 });
  const { rows: est } = await client.query<{ n: number }>('SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = $1::regclass', [qualified(t.schema, t.name)]);
  const { rows } = await client.query({ text: keySampleSql(target, est[0]?.n ?? 0, POOL_KEYS), rowMode: 'array' });
  const keys = (rows as string[][]).map((r) => r.map(String));
  if (keys.length === 0 && g.inserts === 0) throw new WorkloadError(`workload: ${qualifiedName(t)} holds no rows to update or delete; give its group inserts, or leave it out`);
  return {
    target,
    group,
    pool: new KeyPool(keys, g.hotKeys, rng),
    ...(g.inserts > 0 ? { fresh: new FreshKeys(target, rng) } : {}),
    changes: { table: qualifiedName(t), committed: zero(), afterMark: zero() },
    busy: 0,
  };
}

function pickKind(g: WorkloadSpec['groups'][number], u: number): ChangeKind {
  const total = groupRate(g);
  if (u * total < g.inserts) return 'insert';
  if (u * total < g.inserts + g.updates) return 'update';
  return 'delete';
}

async function exec(client: pg.Client, s: Statement): Promise<number> {
  return (await client.query(s.text, s.values)).rowCount ?? 0;
}
