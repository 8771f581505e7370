import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PINNED_SESSION_SETTINGS } from '../datagen/types/type-family.js';
import type { SinkEndpoint } from '../infra/endpoints.js';
import { InfraError } from '../infra/infra-error.js';
import { ident, qualified, qualifiedName } from '../sql/identifiers.js';
import { mysqlCollation, mysqlCreateTable, mysqlQuote, mysqlTableSpec } from './ddl/mysql-table.js';
import { postgresCreateTable, postgresTableSpec } from './ddl/postgres-table.js';
import type { SinkSourceColumn, SinkTableSpec } from './ddl/sink-column.js';
import { SinkDdlError } from './ddl/sink-column.js';
import { defaultStarRocksType, starrocksCreateTable, starrocksTableSpec } from './ddl/starrocks-table.js';
import { connectSink, type SinkClient } from './sink-client.js';
import { shortSinkVersion } from './sink-version.js';
import { sinkTableArgument, sinkTableNames, sinkTableText, type SinkTableName } from './sink-table-names.js';
import { jobJdbcUrl, loadUrl, parseSinkUrl, sinkDisplay, type SinkAddress } from './sink-url.js';

/** What the run was asked to write into (run --sink jdbc|starrocks). */
export interface SinkPlan {
  sink: 'jdbc' | 'starrocks';
  endpoint: SinkEndpoint;
  /** --sink-database: an existing (or new) database named by the user; absent: the run's own `cdcsizer_<run>`. */
  database?: string;
  /** --keep-sink: leave what the run created in place. */
  keep: boolean;
  options: Record<string, string>;
  /**
   * StarRocks column types per table and column: the documented connector-route mapping
   * (src/targets/starrocks/connector-types.ts), read from the source's catalog by the caller.
   */
  starrocksType?: (table: string, column: SinkSourceColumn) => string | undefined;
}

/**
 * Before anything is generated or built: the sink answers, takes the user, and (StarRocks) has a
 * live backend. Each failure is one InfraError line.
 */
export async function probeSink(plan: SinkPlan): Promise<void> {
  const address = parseSinkUrl(plan.endpoint.url);
  const client = await connectSink(address);
  try {
    if (address.kind === 'starrocks') await requireLiveBackend(client, address);
    // The run will create its own database: a probe one, created and dropped at once, proves it may.
    if (plan.database === undefined) await probeCreateDatabase(client, address);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeCreateDatabase(client: SinkClient, address: SinkAddress): Promise<void> {
  const name = `cdcsizer_probe_${randomBytes(4).toString('hex')}`;
  const quoted = address.kind === 'postgres' ? ident(name) : mysqlQuote(name);
  await client.query(`CREATE DATABASE ${quoted}`).catch((err: Error) => {
    throw refusedCreate(address, err);
  });
  await client.query(`DROP DATABASE ${quoted}`).catch((err: Error) => {
    throw new InfraError(`the sink at ${sinkDisplay(address)} let the run create the probe database ${name} but not drop it (${err.message.split('\n')[0]}): drop it with DROP DATABASE ${quoted}`);
  });
}

function refusedCreate(address: SinkAddress, err: Error & { code?: string; errno?: number }): InfraError {
  const refused = err.code === '42501' || err.errno === 1044 || err.errno === 1045 || err.errno === 1227 || /denied|permission/i.test(err.message);
  return new InfraError(`the sink at ${sinkDisplay(address)} ${refused ? `refused CREATE DATABASE to user ${address.user}` : 'could not create the run\'s database'} (${err.message.split('\n')[0]}): ${refused ? 'grant it, or name a database the user may create tables in with --sink-database' : 'see the error'}`);
}

/** StarRocks takes loads only with a live backend; without one every Stream Load would fail after the snapshot was read. Returns how many are alive. */
export async function requireLiveBackend(client: SinkClient, address: SinkAddress): Promise<number> {
  const rows = await client.query<Record<string, unknown>>('SHOW BACKENDS').catch((err: Error) => {
    throw new InfraError(`the sink at ${sinkDisplay(address)} does not answer SHOW BACKENDS as a StarRocks FE does (${err.message.split('\n')[0]}): is it StarRocks' FE query port (9030)?`);
  });
  const alive = rows.filter((r) => String(r.Alive ?? r.alive).toLowerCase() === 'true').length;
  if (alive === 0) throw new InfraError(`StarRocks at ${sinkDisplay(address)} has no live backend (SHOW BACKENDS lists ${rows.length}, none Alive): loads would fail; start a BE, or wait until it has joined`);
  return alive;
}

/** A captured table with its columns, as the sink's DDL needs it. */
export interface SinkSourceTable {
  schema: string;
  name: string;
  key: { name: string }[];
  partitions?: string[];
  columns: SinkSourceColumn[];
}

/** A failure the user can cause at the sink (a table already there, a name it refuses): bad input. */
export class SinkSetupError extends Error {
  override name = 'SinkSetupError';
}

/** Where the run's rows went: for result.json and reports (no password). */
export interface SinkTarget {
  sink: 'jdbc' | 'starrocks';
  kind: SinkAddress['kind'];
  server: string;
  /** The server's own version string (`10.11.19-MariaDB-…`, `PostgreSQL 15.20 …`). */
  version: string;
  database: string;
  createdDatabase: boolean;
  kept: boolean;
  options: Record<string, string>;
  tables: { table: string; sinkTable: string; columns: { name: string; sinkType: string }[] }[];
}

/**
 * The run's database at the sink, from creation to drop. The safe rule:
 * - Without --sink-database the run creates `cdcsizer_<run>` (the run id is the one its slots carry)
 *   and drops it afterwards.
 * - With --sink-database NAME the database is created when absent (and then dropped afterwards, as
 *   the run's own); when it exists, every sink table must be absent: the run writes only into
 *   tables it creates, and drops only those (and PostgreSQL schemas it created, if empty).
 * - --keep-sink leaves all of it, and says how to drop it.
 * What could not be dropped is said with the SQL that drops it (cleanup failure, exit 3).
 */
export class RunSink {
  private tableClient: SinkClient | undefined;
  private readonly createdSchemas: string[] = [];
  private readonly createdTables: SinkTableName[] = [];
  private createdDatabase = false;
  private released: Promise<void> | undefined;
  readonly names = new Map<string, SinkTableName>();
  readonly specs = new Map<string, SinkTableSpec>();
  version = '';

  private constructor(
    readonly plan: SinkPlan,
    readonly address: SinkAddress,
    /** The address the Flink job writes to (a container's alias under Testcontainers). */
    readonly flinkAddress: SinkAddress,
    readonly database: string,
    private readonly server: SinkClient,
    private readonly say: (line: string) => void,
    private readonly onFailure: (f: { name: string; error: string; remedy: string }) => void,
  ) {}

  /**
   * Checks the sink, creates the database and tables; throws (leaving nothing) when it cannot.
   * `guard` registers the release with the process's Ctrl-C cleanup (commands/cleanup.ts's
   * onCleanup) while the tables are being created, and returns its removal.
   */
  static async open(plan: SinkPlan, runId: string, tables: readonly SinkSourceTable[], say: (line: string) => void, onFailure: (f: { name: string; error: string; remedy: string }) => void, liveRuns: ReadonlySet<string> = new Set(), guard: (release: () => Promise<void>) => () => void = () => () => undefined): Promise<RunSink> {
    const address = parseSinkUrl(plan.endpoint.url);
    const flinkAddress = parseSinkUrl(plan.endpoint.urlFromFlink);
    const server = await connectSink(address);
    const sink = new RunSink(plan, address, flinkAddress, plan.database ?? `cdcsizer_${runId}`, server, say, onFailure);
    const unguard = guard(() => sink.release());
    try {
      await sink.reportEarlierRuns(new Set([...liveRuns, runId]));
      await sink.create(tables);
      return sink;
    } catch (err) {
      await sink.release();
      throw err;
    } finally {
      unguard();
    }
  }

  private async create(tables: readonly SinkSourceTable[]): Promise<void> {
    const kind = this.address.kind;
    this.version = await this.serverVersion();
    if (kind === 'starrocks') this.liveBackends = await requireLiveBackend(this.server, this.address);
    const names = sinkTableNames(kind, tables);
    for (const [i, t] of tables.entries()) {
      if (t.key.length === 0) throw new SinkSetupError(`${qualifiedName(t)} has no primary key and no chunk key column: a sink table needs a key to upsert by (give it --chunk-key-column, or leave it out with --exclude)`);
      const key = t.key.map((k) => k.name);
      let spec: SinkTableSpec;
      try {
        spec = kind === 'postgres' ? postgresTableSpec(t.columns, key) : kind === 'mysql' ? mysqlTableSpec(t.columns, key) : starrocksTableSpec(t.columns, key, (c) => this.plan.starrocksType?.(qualifiedName(t), c) ?? defaultStarRocksType(c));
      } catch (err) {
        if (err instanceof SinkDdlError) throw new SinkSetupError(`${qualifiedName(t)}: ${err.message}`);
        throw err;
      }
      this.names.set(qualifiedName(t), names[i]!);
      this.specs.set(qualifiedName(t), spec);
    }
    await this.createDatabase();
    const client = await this.tables();
    const collation = kind === 'mysql' ? mysqlCollation(this.version) : '';
    for (const t of tables) {
      const name = this.names.get(qualifiedName(t))!;
      if (await this.tableExists(name)) throw new SinkSetupError(`the sink table ${sinkTableText(name)} already exists in database "${this.database}" at ${sinkDisplay(this.address)}; the run writes only into tables it creates: drop it, or name another --sink-database`);
      if (kind === 'postgres' && !(await this.schemaExists(name.schema!))) {
        await client.query(`CREATE SCHEMA ${ident(name.schema!)}`);
        this.createdSchemas.push(name.schema!);
      }
      const spec = this.specs.get(qualifiedName(t))!;
      const ddl = kind === 'postgres' ? postgresCreateTable(name.schema!, name.name, spec) : kind === 'mysql' ? mysqlCreateTable(this.database, name.name, spec, collation) : starrocksCreateTable(this.database, name.name, spec, this.liveBackends);
      await client.query(ddl).catch((err: Error) => {
        throw new InfraError(`the sink refused to create ${sinkTableText(name)} (${err.message.split('\n')[0]}): ${ddl.split('\n')[0]} …`);
      });
      this.createdTables.push(name);
    }
  }

  private liveBackends = 1;

  /**
   * Databases of earlier runs at this sink (`cdcsizer_<run>` of a run whose marker session is not
   * open on the source, and probe databases), said with the SQL that drops them; never dropped
   * here: a run going on against another source would look the same from this one.
   */
  private async reportEarlierRuns(live: ReadonlySet<string>): Promise<void> {
    const rows = this.address.kind === 'postgres' ? await this.server.query<{ name: string }>("SELECT datname AS name FROM pg_database WHERE datname LIKE 'cdcsizer\\_%'") : await this.server.query<{ name: string }>("SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'cdcsizer\\_%'");
    const earlier = rows.map((r) => String(r.name)).filter((n) => /^cdcsizer_probe_[0-9a-f]{8}$/.test(n) || (/^cdcsizer_[0-9a-f]{6}$/.test(n) && !live.has(n.slice('cdcsizer_'.length))));
    if (earlier.length === 0) return;
    const drop = earlier.map((n) => `DROP DATABASE ${this.address.kind === 'postgres' ? ident(n) : mysqlQuote(n)}`).join('; ');
    this.say(`sink: ${earlier.length} database${earlier.length > 1 ? 's' : ''} of earlier cdc-sizer runs at ${sinkDisplay(this.address)}, whose runs are not going on this source: ${earlier.join(', ')}; left alone (another source's run may own them); drop them with: ${drop}`);
  }

  private async serverVersion(): Promise<string> {
    const rows = await this.server.query<{ v: string }>(this.address.kind === 'postgres' ? 'SELECT version() AS v' : 'SELECT VERSION() AS v');
    return String(rows[0]?.v ?? '');
  }

  private async createDatabase(): Promise<void> {
    const kind = this.address.kind;
    const exists = kind === 'postgres' ? (await this.server.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.database])).length > 0 : (await this.server.query('SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?', [this.database])).length > 0;
    if (exists && this.plan.database === undefined) throw new InfraError(`the sink at ${sinkDisplay(this.address)} already has a database "${this.database}", the name this run would create; another run of the same id left it: drop it (${this.dropDatabaseSql()})`);
    if (exists) return;
    const sql = kind === 'postgres' ? `CREATE DATABASE ${ident(this.database)} ENCODING 'UTF8' TEMPLATE template0` : `CREATE DATABASE ${mysqlQuote(this.database)}${kind === 'mysql' ? ' CHARACTER SET utf8mb4' : ''}`;
    await this.server.query(sql).catch((err: Error) => {
      throw refusedCreate(this.address, err);
    });
    this.createdDatabase = true;
    this.say(`sink: created database "${this.database}" at ${sinkDisplay(this.address)}${this.plan.keep ? ' (kept after the run: --keep-sink)' : ' (dropped after the run)'}`);
  }

  /** PostgreSQL: a connection to the run's database; MySQL and StarRocks: the server connection (tables are qualified by database). */
  private async tables(): Promise<SinkClient> {
    if (this.address.kind !== 'postgres') return this.server;
    this.tableClient ??= await connectSink(this.address, this.database);
    return this.tableClient;
  }

  /** The client that reads the run's tables (the fidelity check). */
  reader(): Promise<SinkClient> {
    return this.tables();
  }

  /** PostgreSQL: a pg client on the run's database under the pinned output settings, for reading rows back as the source is read. */
  async pgReader(): Promise<pg.Client | undefined> {
    if (this.address.kind !== 'postgres') return undefined;
    const a = this.address;
    const client = new pg.Client({ host: a.host, port: a.port, user: a.user, ...(a.password ? { password: a.password } : {}), database: this.database, application_name: 'cdc-sizer sink fidelity' });
    client.on('error', () => undefined);
    await client.connect();
    for (const [k, v] of Object.entries(PINNED_SESSION_SETTINGS)) await client.query('SELECT set_config($1, $2, false)', [k, v]);
    return client;
  }

  /** `mysql 10.11.19-MariaDB at mysql://root@127.0.0.1:3306`: the sink as the fidelity matrix heads it. */
  label(): string {
    return `${this.address.kind} (${shortSinkVersion(this.address.kind, this.version)}) at ${sinkDisplay(this.address)}`;
  }

  private async tableExists(t: SinkTableName): Promise<boolean> {
    const client = await this.tables();
    if (this.address.kind === 'postgres') return (await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [t.schema, t.name])).length > 0;
    return (await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [this.database, t.name])).length > 0;
  }

  private async schemaExists(schema: string): Promise<boolean> {
    return (await (await this.tables()).query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).length > 0;
  }

  /** The sink table as SQL names it. */
  sqlName(t: SinkTableName): string {
    return this.address.kind === 'postgres' ? qualified(t.schema!, t.name) : `${mysqlQuote(this.database)}.${mysqlQuote(t.name)}`;
  }

  /** Before each job: the run's tables emptied, so what a job's sink holds is that job's. */
  async clear(): Promise<void> {
    const client = await this.tables();
    for (const t of this.createdTables) await client.query(`TRUNCATE TABLE ${this.sqlName(t)}`);
  }

  /** Rows each sink table holds, by source table. */
  async counts(): Promise<Map<string, number>> {
    const client = await this.tables();
    const out = new Map<string, number>();
    for (const [source, t] of this.names) {
      const rows = await client.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${this.sqlName(t)}`);
      out.set(source, Number(rows[0]?.n ?? 0));
    }
    return out;
  }

  /** The job's --sink arguments; the password goes as a program argument (never printed by the harness). */
  jobArguments(tables: readonly { schema: string; name: string; partitions?: string[] }[]): string[] {
    const a = this.flinkAddress;
    const args = ['--sink', this.plan.sink, '--sink-database', this.database, '--sink-user', a.user, '--sink-jdbc-url', jobJdbcUrl(a, this.database)];
    if (this.plan.sink === 'jdbc') args.push('--sink-dialect', a.kind === 'postgres' ? 'postgres' : 'mysql');
    else args.push('--sink-load-url', loadUrl(a));
    if (a.password) args.push('--sink-password', a.password);
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    for (const t of tables) {
      const target = sinkTableArgument(this.names.get(qualifiedName(t))!);
      // A partitioned table's rows arrive under its partitions' names: all go to the parent's sink table.
      for (const n of t.partitions ?? [t.name]) args.push('--sink-table', `${q(t.schema)}.${q(n)}=${target}`);
    }
    for (const [k, v] of Object.entries(this.plan.options)) args.push('--sink-option', `${k}=${v}`);
    return args;
  }

  describe(): SinkTarget {
    return {
      sink: this.plan.sink,
      kind: this.address.kind,
      server: sinkDisplay(this.address),
      version: this.version,
      database: this.database,
      createdDatabase: this.createdDatabase,
      kept: this.plan.keep,
      options: { ...this.plan.options },
      tables: [...this.names].map(([table, t]) => ({ table, sinkTable: sinkTableText(t), columns: this.specs.get(table)!.columns })),
    };
  }

  private dropDatabaseSql(): string {
    return this.address.kind === 'postgres' ? `DROP DATABASE ${ident(this.database)}` : `DROP DATABASE ${mysqlQuote(this.database)}`;
  }

  /** Drops what the run created (unless --keep-sink), once, whatever path asks; what it cannot drop is said with the SQL. */
  release(): Promise<void> {
    this.released ??= this.drop();
    return this.released;
  }

  private async drop(): Promise<void> {
    if (this.plan.keep && (this.createdDatabase || this.createdTables.length > 0)) {
      this.say(`sink: kept ${this.createdDatabase ? `database "${this.database}"` : `${this.createdTables.length} table(s) in "${this.database}"`} at ${sinkDisplay(this.address)} (--keep-sink); drop it with: ${this.createdDatabase ? this.dropDatabaseSql() : this.createdTables.map((t) => `DROP TABLE ${this.sqlName(t)}`).join('; ')}`);
      await this.close();
      return;
    }
    if (!this.createdDatabase) {
      const client = this.createdTables.length > 0 ? await this.tables().catch(() => undefined) : undefined;
      for (const t of this.createdTables) {
        const sql = `DROP TABLE ${this.sqlName(t)}`;
        await (client ? client.query(sql) : Promise.reject(new Error('no connection'))).catch((err: Error) => this.onFailure({ name: sinkTableText(t), error: err.message, remedy: sql }));
      }
      for (const s of this.createdSchemas) {
        const sql = `DROP SCHEMA ${ident(s)}`;
        await (client ? client.query(sql) : Promise.reject(new Error('no connection'))).catch((err: Error) => this.onFailure({ name: `schema ${s}`, error: err.message, remedy: sql }));
      }
      await this.close();
      return;
    }
    // PostgreSQL drops a database only with no session in it: ours first (a job still writing is ended by FORCE: the database is the run's).
    await this.tableClient?.end().catch(() => undefined);
    this.tableClient = undefined;
    const sql = this.address.kind === 'postgres' ? `${this.dropDatabaseSql()} WITH (FORCE)` : this.dropDatabaseSql();
    await this.server.query(sql).catch((err: Error) => this.onFailure({ name: `database ${this.database}`, error: err.message, remedy: this.dropDatabaseSql() }));
    await this.close();
  }

  private async close(): Promise<void> {
    await this.tableClient?.end().catch(() => undefined);
    await this.server.end().catch(() => undefined);
  }
}
