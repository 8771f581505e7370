#!/usr/bin/env node
import { Command, InvalidArgumentError, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { dbCommand } from './commands/db.js';
import { generateCommand } from './commands/generate.js';
import { profileCommand, type ProfileOptions } from './commands/profile.js';
import { streamCapacityCommand, type StreamCapacityOptions } from './commands/stream-capacity.js';
import { runCommand, type RunOptions } from './commands/run.js';
import { estimateCommand, type EstimateOptions } from './commands/estimate.js';
import { sizeCommand, type SizeOptions } from './commands/size.js';
import { preflightCommand, type PreflightCommandOptions } from './commands/preflight.js';
import { tuneCommand, type TuneOptions } from './commands/tune.js';
import { reportCommand, type ReportOptions } from './commands/report.js';
import { compareCommand, type CompareCommandOptions } from './commands/compare.js';
import { parseMaxSlowdown } from './compare/max-slowdown.js';
import { parseMaxJobTime } from './commands/max-job-time.js';
import { DEFAULT_CDC_VERSION } from './infra/flink/maven-build.js';
import { CheckFailedError } from './commands/check-failed.js';
import { cleanupFailures, interruptionExitCode, runCleanups } from './commands/cleanup.js';
import { UsageError } from './commands/usage-error.js';
import { validateCommand } from './commands/validate.js';
import { imagesCommand, type ImagesOptions } from './commands/images.js';
import { schemaList, TablePatternError } from './catalog/table-selection.js';
import { UnsafeTargetError } from './datagen/generate-error.js';
import { InfraError } from './infra/infra-error.js';
import { ScenarioError } from './scenario/scenario-error.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const positiveNumber = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
};
const intList = (v: string): number[] => {
  const list = v.split(',').map((x) => Number(x.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new InvalidArgumentError('must be a comma-separated list of positive whole numbers, e.g. 1,2,4');
  return list;
};
const engineName = (v: string): RunOptions['engine'] => {
  if (v !== 'flink-cdc' && v !== 'raw-copy' && v !== 'both') throw new InvalidArgumentError('must be flink-cdc, raw-copy or both');
  return v;
};
const byteSize = (v: string): number => {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('must be a size such as 500GB or 1.5TiB');
  const unit = (m[2] ?? 'B').toLowerCase();
  const factor = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 }[unit]!;
  return Number(m[1]) * factor;
};
const slowdown = (v: string): number => {
  const x = parseMaxSlowdown(v);
  if (x === undefined) throw new InvalidArgumentError('must be a percentage such as 10% or a fraction such as 0.1');
  return x;
};
const versionList = (v: string): string[] => {
  const list = v.split(',').map((x) => x.trim());
  if (list.some((x) => !/^\d+\.\d+\.\d+$/.test(x))) throw new InvalidArgumentError('must be a comma-separated list of versions, e.g. 3.4.0,3.5.0');
  return list;
};
const oneVersion = (v: string): string => {
  if (!/^\d+\.\d+\.\d+$/.test(v.trim())) throw new InvalidArgumentError('must be one version, e.g. 3.5.0');
  return v.trim();
};
const nonNegativeInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new InvalidArgumentError('must be a whole number from 0 to 1000');
  return n;
};
/** --sample: N tables (a whole number ≥ 1) or P% of them (0 < P ≤ 100). */
const sampleSpec = (v: string): NonNullable<RunOptions['sample']> => {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(v.trim());
  const n = Number(m?.[1]);
  if (m && m[2] === '%' && n > 0 && n <= 100) return { spec: { percent: n }, text: v.trim() };
  if (m && m[2] === '' && Number.isInteger(n) && n >= 1) return { spec: { tables: n }, text: v.trim() };
  throw new InvalidArgumentError('must be a number of tables (e.g. 8) or a percentage of them above 0% and at most 100% (e.g. 10%)');
};
const maxJobTime = (v: string): number => {
  const ms = parseMaxJobTime(v);
  if (ms === undefined) throw new InvalidArgumentError('must be a duration of at least 1 s such as 90m, 36h, 2d, or seconds as a plain number');
  return ms;
};
const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

/** A duration: a whole number of seconds (s, or none), minutes (m) or hours (h); 0 is no limit. */
const duration = (v: string): NonNullable<RunOptions['verifyTimeout']> => {
  const m = /^(\d+)\s*(s|m|h)?$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError('must be a duration such as 90s, 30m or 2h (0: no limit)');
  return { text: v.trim(), ms: Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 's' | 'm' | 'h'] };
};

/**
 * A --pg-url that is not a PostgreSQL URL is bad input (exit 2), said before anything starts. Not
 * an option parser: commander would echo the value, and with it the password.
 */
function checkPgUrl(url: string): void {
  const form = 'write it as postgres://user:password@host:port/database, with special characters in the password percent-encoded';
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new UsageError(`--pg-url is not a URL: ${form}`);
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new UsageError(`--pg-url starts with ${protocol}//, not postgres://: ${form}`);
}

const SCHEMAS_HELP = 'comma-separated schema names, case-sensitive; double-quote a name that holds a comma or a quote (public,"Sales,EU"; "" is a quote)';

function schemaNames(v: string): string[] {
  try {
    return schemaList(v);
  } catch (err) {
    if (err instanceof TablePatternError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

/** --infra and the container options, on the commands that start their own servers. */
function withInfraOptions(cmd: Command): Command {
  return cmd
    .option('--infra <provider>', 'embedded (PostgreSQL from npm and a local Flink cluster; the default) | testcontainers (PostgreSQL, a Flink JobManager and TaskManager, MariaDB and StarRocks in Docker containers on a network of their own, removed after the run)')
    .option('--images <set>', 'with --infra testcontainers: official (the projects\' images at pinned tags; the default) | local (built here by cdc-sizer images build)')
    .option('--image <role=image:tag>', 'with --infra testcontainers: another image for one role (postgres, flink, mariadb, starrocks), repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--no-starrocks', 'with --infra testcontainers: leave StarRocks out (it needs minutes and several GB to start)');
}

function program(): Command {
  const cli = new Command('cdc-sizer')
    .description('Size a PostgreSQL → Flink CDC → StarRocks migration with real measurements')
    .version(version)
    .option('--verbose', 'more detail, and stack traces on errors')
    .exitOverride()
    .hook('preAction', (_cli, action) => {
      const url: unknown = action.opts().pgUrl;
      if (typeof url === 'string') checkPgUrl(url);
    });

  cli
    .command('validate')
    .description('check a scenario file and print what it expands to')
    .argument('<scenario>', 'scenario YAML file')
    .option('--scale <x>', 'row multiplier (overrides the scenario\'s scale)', positiveNumber)
    .option('--json', 'machine-readable output')
    .action((file: string, o: { scale?: number; json?: boolean }) => validateCommand(file, o));

  cli
    .command('generate')
    .description('create the scenario\'s tables and load them with COPY (embedded PostgreSQL unless --pg-url)')
    .argument('<scenario>', 'scenario YAML file')
    .option('--scale <x>', 'row multiplier (overrides the scenario\'s scale)', positiveNumber)
    .option('--pg-url <url>', 'existing PostgreSQL to load into (postgres://user[:password]@host:port/db; without a password: PGPASSWORD or ~/.pgpass)')
    .option('--concurrency <n>', 'tables loaded at once', positiveInt, 2)
    .option('--allow-existing', 'write into a database that holds tables cdc-sizer did not create (they are never dropped)', false)
    .option('--checksum', 'print a sha256 of the generated rows instead of loading them (no database needed)', false)
    .option('--json', 'machine-readable output', false)
    .action((file: string, o: Omit<Parameters<typeof generateCommand>[1], 'verbose'>) => generateCommand(file, { ...o, verbose: cli.opts().verbose === true }));

  cli
    .command('profile')
    .description('read a database read-only (creates nothing) and write its catalog: tables, sizes, keys, types, partitions, write and WAL rates')
    .requiredOption('--pg-url <url>', 'the database to profile (postgres://user[:password]@host:port/db; without a password: PGPASSWORD or ~/.pgpass)')
    .option('--schemas <list>', `${SCHEMAS_HELP} (default: every non-system schema with tables)`, schemaNames)
    .option('--exact-counts', 'count(*) every table instead of trusting the statistics (reads every row; a table not counted within 5 minutes keeps its statistics)', false)
    .option('--sample-seconds <n>', 'length of the write-activity and WAL sample', positiveNumber, 10)
    .option('--out <file>', 'catalog JSON file', 'catalog.json')
    .option('--emit-scenario <file>', 'also write a scenario YAML of the same shape (generic names, no data)')
    .option('--scale <x>', 'row multiplier for the emitted scenario', positiveNumber)
    .option('--json', 'print the catalog to stdout', false)
    .action((o: Omit<ProfileOptions, 'verbose'>) => profileCommand({ ...o, verbose: cli.opts().verbose === true }));

  cli
    .command('preflight')
    .description('check a database against what Flink CDC needs (read-only, creates nothing); exit 1 on errors')
    .requiredOption('--pg-url <url>', 'the database to check (postgres://user[:password]@host:port/db; without a password: PGPASSWORD or ~/.pgpass)')
    .option('--schemas <list>', `${SCHEMAS_HELP} (default: every non-system schema)`, schemaNames)
    .option('--sample-seconds <n>', 'interval between the two WAL/commit samples of the idle-database check', positiveNumber, 2)
    .option('--fail-on <severity>', 'lowest severity that exits 1: error | warning', 'error')
    .option('--target <name>', 'also list, per column, what the target will create and whether the value survives: starrocks')
    .option('--connector-version <list>', `with --target starrocks: Flink CDC versions whose rules apply (e.g. 3.5.0,3.6.0; default ${DEFAULT_CDC_VERSION})`, versionList)
    .option('--json', 'machine-readable output', false)
    .action((o: PreflightCommandOptions) => preflightCommand(o));

  const run = cli
    .command('run')
    .description('measure the Flink CDC snapshot (and the raw-copy source ceiling) over a grid of parallelism × chunk size, of a scenario or of an existing database\'s tables (--pg-url without a scenario)')
    .argument('[scenario]', 'scenario YAML file; without one, --pg-url\'s tables are measured as they are')
    .option('--scale <x>', 'row multiplier (overrides the scenario\'s scale)', positiveNumber)
    .option('--pg-url <url>', 'existing PostgreSQL (wal_level=logical) instead of the embedded one (without a password in it: PGPASSWORD or ~/.pgpass)')
    .option('--flink-url <url>', 'existing Flink cluster REST address instead of the local one')
    .option('--parallelism <list>', 'source parallelisms; 1 is always added as the baseline', intList, [1, 2])
    .option('--chunk-size <list>', 'incremental snapshot chunk sizes (rows)', intList, [8096])
    .option('--source-option <k=v>', 'connector builder option or debezium.* property (repeatable); options that would redirect the run\'s slot, publication, connection, tables or snapshot mode are refused', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--option-set <k=v,…>', 'another set of source options measured beside the defaults (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--repeat <n>', 'runs per grid point', positiveInt, 1)
    .option('--engine <name>', 'flink-cdc | raw-copy | both', engineName, 'flink-cdc')
    .option('--connector-version <list>', 'Flink CDC versions to build and measure, alternating point by point (e.g. 3.4.0,3.5.0)', versionList, [DEFAULT_CDC_VERSION])
    .option('--fidelity-rows <n>', 'rows per table kept as emitted and compared with the source, column by column (0: no fidelity check)', nonNegativeInt, 20)
    .option('--clean', 'drop cdcsizer_ slots and publications that earlier crashed runs left in this database; never an active slot, a run still going or another database\'s (those are named and left alone)', false)
    .option('--max-job-time <duration>', 'cancel a Flink job that runs longer (90m, 36h, 2d, or seconds); the point is recorded as stopped and the run exits 1 (default: no limit)', maxJobTime)
    .option('--json', 'print result.json to stdout', false)
    .option('--tables <patterns>', 'existing database: schema.table patterns to measure, comma-separated (default: every table outside the system schemas); * and ? are wildcards within a name, names are case-sensitive, a bare name means any schema; double-quote a name that holds a dot, comma, * or ? ("Sales.EU".*, public."a,b"; "" is a quote)')
    .option('--exclude <patterns>', 'existing database: schema.table patterns to leave out, written as for --tables')
    .option('--no-key <mode>', 'existing database, tables without a primary key or --chunk-key-column: skip | stop (default stop)')
    .option('--sample <n|p%>', 'existing database: measure a stratified sample of N tables or P% of the selection (by size, row width, key shape and type mix; the largest tables\' chunk boundaries probed) and write the catalog of the whole selection beside result.json for estimate', sampleSpec)
    .option('--verify <how>', 'existing database: keys (row counts and key fingerprints, read in one REPEATABLE READ snapshot) | counts (row counts only: lighter, and weaker: equal counts are necessary, not sufficient); default keys')
    .option('--verify-timeout <duration>', 'existing database: the longest the verification snapshot may be held open (it holds back vacuum meanwhile), e.g. 90s, 30m, 2h; 0: no limit; past it the run stops before measuring, exit 1 (default 30m)', duration)
    .option('--show-values', 'with --pg-url: write row values read from the server (fidelity examples, constants in observed statements) into result.json and reports as they are, instead of masked', false)
    .option('--chunk-key-column <schema.table=column>', 'existing database: a NOT NULL (ideally unique) column to chunk a table without a primary key by, the table named as in --tables (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--until <phase>', 'snapshot (the job ends with the snapshot) | caught-up (the snapshot, then the stream, until every change the workload made has arrived)', 'snapshot')
    .option('--workload <file>', "with --until caught-up: a write workload YAML (a scenario's own workload: is used without it); see examples/workload.yaml")
    .option('--workload-after <seconds>', 'with --until caught-up: seconds the workload goes on writing after the snapshot has ended', positiveNumber, 10)
    .option('--publication <mode>', "with --until caught-up: precreated (cdc-sizer creates the run's publication for the captured tables; the default) | filtered (the connector creates it, publication.autocreate.mode=filtered, and narrows it during the snapshot: Flink CDC 3.5.0 loses changes that way)")
    .option('--idle-after <seconds>', 'with --until caught-up and a scenario: once caught up, stream on this long with the captured tables idle while a database created on the same server for the time is written to; says whether the slot\'s retained WAL stays bounded (compare --option-set heartbeat.interval.ms=1s)', positiveNumber)
    .option('--ddl <file>', "with --until caught-up: DDL steps made during the sync (a scenario's own ddl: is used without it; see examples/ddl.yaml); on an existing database only on --workload-tables tables, and they are not undone")
    .option('--workload-tables <patterns>', 'existing database: the only tables the workload may write, as --tables writes them; nothing is written into an existing database without it')
    .option('--sink <name>', 'discard (count and discard, the default) | jdbc (upsert into a MySQL-protocol database or PostgreSQL) | starrocks (Stream Load with the StarRocks Flink connector)')
    .option('--sink-url <url>', 'the database server the sink writes to: mysql://user@host:3306, postgres://user@host:5432/postgres, starrocks://user@fe-host:9030?http=8030 (default for jdbc: mysql://root@127.0.0.1:3306); the run writes into a database it creates, cdcsizer_<run>')
    .option('--sink-option <k=v>', 'sink buffering and flushing (repeatable): jdbc sink.buffer-flush.max-rows, sink.buffer-flush.interval-ms; starrocks the connector\'s sink.buffer-flush.*, sink.* timeouts and retries, sink.properties.*', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--sink-database <name>', 'write into this database instead of the run\'s own (created when absent; its tables must not exist: the run creates and drops only its own)')
    .option('--keep-sink', 'leave the database and tables the run created at the sink (the run says how to drop them)', false);
  withInfraOptions(run)
    // Commander files `--no-key <mode>` under `key` (its negation convention); it is the --no-key mode.
    .action((file: string | undefined, o: RunOptions & { key?: string | boolean }) => runCommand(file, { ...o, noKey: typeof o.key === 'string' ? o.key : undefined }));

  const streamCapacity = cli
    .command('stream-capacity')
    .description("the highest change rate the connector's one stream reader keeps up with on this source, beside the stream ceiling (pgoutput read and discarded), by stepping the scenario's workload up")
    .argument('<scenario>', 'scenario YAML file with a workload: section (or --workload)')
    .option('--scale <x>', 'row multiplier (overrides the scenario\'s scale)', positiveNumber)
    .option('--pg-url <url>', 'existing PostgreSQL (wal_level=logical) to generate the scenario into instead of the embedded one')
    .option('--flink-url <url>', 'existing Flink cluster REST address instead of the local one')
    .option('--workload <file>', "a workload YAML instead of the scenario's own")
    .option('--engine <name>', 'stream-ceiling | flink-cdc | both', 'both')
    .option('--step-seconds <n>', 'seconds of writing at each rate', positiveNumber, 20)
    .option('--start-rate <n>', "changes per second of the first step (default: the workload's own rate)", positiveNumber)
    .option('--max-rate <n>', 'the search stops doubling past this rate', positiveNumber, 200_000)
    .option('--connector-version <v>', 'Flink CDC version (default: the default one)')
    .option('--json', 'print result.json to stdout', false);
  withInfraOptions(streamCapacity).action((file: string, o: StreamCapacityOptions) => streamCapacityCommand(file, o));

  cli
    .command('tune')
    .description("searches the connector's settings (chunk size, Debezium's poll interval, the fetch size that applies, backfill skip, parallelism) within a time budget, verifies every candidate, then measures the winner against the defaults in alternation")
    .argument('[scenario]', 'scenario YAML file (or --pg-url alone: tune on an existing database\'s tables)')
    .option('--scale <x>', 'row multiplier (overrides the scenario\'s scale)', positiveNumber)
    .option('--pg-url <url>', 'with a scenario: existing PostgreSQL (wal_level=logical) to generate it into instead of the embedded one; without: the existing database whose tables are tuned on (read-only, as run --pg-url)')
    .option('--tables <patterns>', 'existing database: schema.table patterns to tune on, written as for run --tables')
    .option('--exclude <patterns>', 'existing database: schema.table patterns to leave out, written as for --tables')
    .option('--no-key <mode>', 'existing database, tables without a primary key or --chunk-key-column: skip | stop (default stop)')
    .option('--chunk-key-column <schema.table=column>', 'existing database: a NOT NULL column to chunk a table without a primary key by (repeatable), as for run', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--sample <n|p%>', 'existing database: tune on a stratified sample of N tables or P% of the selection, as run --sample picks it; the configuration printed names the whole selection', sampleSpec)
    .option('--verify <how>', 'existing database: keys | counts, as for run (default keys)')
    .option('--verify-timeout <duration>', 'existing database: the longest the verification snapshot may be held open, as for run (default 30m)', duration)
    .option('--flink-url <url>', 'existing Flink cluster REST address instead of the local one')
    .option('--parallelism <list>', 'source parallelisms searched (the total readers; each candidate is compared with the defaults at its own)', intList, [2])
    .option('--budget <duration>', 'the longest the search may take (90s, 30m, 2h); the proof after it is extra', duration, { text: '30m', ms: 1_800_000 })
    .option('--memory <size>', "reject candidates whose Flink JVM peaks above this (2g, 1536m)")
    .option('--allow-at-least-once', 'also search scan.incremental.snapshot.backfill.skip=true (changes during the snapshot may then arrive twice)', false)
    .option('--space <name=v1|v2>', 'replace or add a dimension: jobs, chunk-size, a connector option or debezium.<property> (repeatable; "default" leaves an option unset)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--first-rung <share>', 'share of the tables the first rung measures on', positiveNumber, 0.25)
    .option('--proof-pairs <n>', 'runs of the winner and of the defaults, alternating, after the search', positiveInt, 3)
    .option('--seed <n>', 'order of the candidates drawn from the space', nonNegativeInt, 1)
    .option('--connector-version <v>', 'Flink CDC version', oneVersion, DEFAULT_CDC_VERSION)
    .option('--json', 'print result.json to stdout', false)
    // Commander files `--no-key <mode>` under `key` (its negation convention); it is the --no-key mode.
    .action((file: string | undefined, o: TuneOptions & { key?: string | boolean }) => tuneCommand(file, { ...o, noKey: typeof o.key === 'string' ? o.key : undefined }));

  cli
    .command('size')
    .description("the whole question in one command: preflight, the sampled snapshot, the stream reader's capacity and the whole-sync estimate with its verdict, every step's files in one folder")
    .requiredOption('--pg-url <url>', 'the database to size, a staging copy (postgres://user[:password]@host:port/db; without a password: PGPASSWORD or ~/.pgpass)')
    .option('--tables <patterns>', 'schema.table patterns to size, comma-separated, written as for run --tables (default: every table outside the system schemas)')
    .option('--exclude <patterns>', 'schema.table patterns to leave out, written as for --tables')
    .option('--no-key <mode>', 'tables without a primary key or --chunk-key-column: skip | stop (default stop)')
    .option('--chunk-key-column <schema.table=column>', 'a NOT NULL column to chunk a table without a primary key by (repeatable), as for run', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .addOption(new Option('--sample <n|p%>', 'the stratified sample the connector reads: N tables or P% of the selection (the others are estimated from it)').argParser(sampleSpec).default(sampleSpec('10%'), '10%'))
    .option('--parallelism <list>', 'source parallelisms of the sampled snapshot; 1 is always added, and one above it is needed', intList, [1, 2])
    .option('--verify <how>', 'keys | counts: how the sample\'s tables are verified, as for run (default keys)')
    .option('--verify-timeout <duration>', 'the longest the verification snapshot may be held open, as for run (default 30m)', duration)
    .option('--clean', 'drop cdcsizer_ slots and publications that earlier crashed runs left in this database (never an active one), as run --clean', false)
    .option('--flink-url <url>', 'existing Flink cluster REST address for the sampled snapshot instead of the local one')
    .option('--connector-version <v>', 'Flink CDC version', oneVersion, DEFAULT_CDC_VERSION)
    .option('--stream-capacity <result.json>', 'an earlier stream-capacity result (e.g. measured on your server with a workload you allow) instead of measuring the stream reader here, on the embedded PostgreSQL')
    .option('--step-seconds <n>', 'seconds of writing at each rate when the stream reader is measured here', positiveNumber, 20)
    .option('--write-rate <n>', "row changes per second to the selected tables during the sync (default: the rate sampled from the database's statistics)", positiveNumber)
    .option('--free-disk <size>', 'free disk on the source\'s WAL volume, e.g. 500GB (no SQL tells it)', byteSize)
    .option('--out <dir>', 'a new or empty folder for every step\'s files (default reports/<timestamp>-size-<database>/)')
    .option('--json', 'print the estimate result (with the whole sync and its verdict) to stdout; the steps\' tables go to stderr', false)
    // Commander files `--no-key <mode>` under `key` (its negation convention); it is the --no-key mode.
    .action((o: SizeOptions & { key?: string | boolean }) => sizeCommand({ ...o, noKey: typeof o.key === 'string' ? o.key : undefined }));

  cli
    .command('estimate')
    .description("predict a catalog's snapshot at each parallelism from calibration runs (a fitted capacity model)")
    .requiredOption('--calibration <result.json>', 'result.json of a run (repeatable: several runs fit one model)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .requiredOption('--catalog <catalog.json>', 'catalog of the database to size (cdc-sizer profile)')
    .option('--parallelism <list>', 'parallelisms to predict; 1 is always added', intList, [1, 4, 8, 16, 32])
    .option('--chunk-size <n>', 'chunk size to predict for (default 8096 when calibrated, else the first calibrated)', positiveInt)
    .option('--source-options <k=v,…>', "the calibrated option set to predict with (default: the connector's defaults)")
    .option('--free-disk <size>', 'free disk on the source\'s WAL volume, e.g. 500GB (no SQL tells it)', byteSize)
    .option('--stream-capacity <result.json>', "a stream-capacity result: the connector's stream reader's measured rate, to estimate the whole sync (snapshot, then catch-up)")
    .option('--write-rate <n>', "row changes per second to the selected tables during the sync (default: the catalog's sampled rate)", positiveNumber)
    .option('--json', 'print the estimate result to stdout', false)
    .action((o: EstimateOptions) => estimateCommand(o));

  cli
    .command('report')
    .description('render report.md and report.html of a run or estimate result.json again, and print its tables')
    .argument('<result>', 'result.json of `run` or `estimate`')
    .option('--out <dir>', "folder for the reports (default: the result file's folder)")
    .action((file: string, o: ReportOptions) => reportCommand(file, o));

  cli
    .command('compare')
    .description('compare two connector versions (two run results, or one run of two versions): time, type fidelity, leftovers; exit 1 on a regression')
    .argument('<base>', 'result.json of the BASE version (or of a run of both versions)')
    .argument('[new]', 'result.json of the NEW version')
    .option('--max-slowdown <x>', 'slowdown allowed before a point regresses: 10% or 0.1', slowdown, 0.1)
    .addOption(new Option('--json', 'print the comparison as JSON').conflicts('markdown'))
    .addOption(new Option('--markdown', 'print Markdown for a CI job summary').conflicts('json'))
    .action((base: string, next: string | undefined, o: CompareCommandOptions) => compareCommand(next === undefined ? [base] : [base, next], o));

  cli
    .command('images')
    .description('container images for --infra testcontainers: build makes PostgreSQL, Flink and MariaDB images from Debian packages (debootstrap, the mirror of this machine\'s apt sources) and the Maven-resolved Flink jars, for --images local; list shows each image and whether it is here')
    .argument('<action>', 'build | list')
    .option('--force', 'build: rebuild images that already exist (by default an existing tag is kept)', false)
    .option('--only <roles>', 'build: only these images, comma-separated (postgres, flink, mariadb)')
    .action((action: string, o: ImagesOptions) => imagesCommand(action, o));

  cli
    .command('db')
    .description('manage the embedded PostgreSQL: start (keep it running between commands), stop, status, destroy')
    .argument('<action>', 'start | stop | status | destroy')
    .action((action: string) => dbCommand(action));

  return cli;
}

/** The one place where errors become messages and exit codes (0 ok, 1 check said no, 2 bad input, 3 environment). */
function exitCodeFor(err: unknown): number {
  if (err instanceof ScenarioError || err instanceof UsageError || err instanceof UnsafeTargetError) return 2;
  if (err instanceof InfraError) return 3;
  return 1; // CheckFailedError, and anything unexpected
}

/**
 * Something the command created or started could not be removed (each said already, with the
 * command that removes it): exit 3, the environment's failure. Not 1: the measured figures stand and
 * no check said no; a script gating on 1 must not read a stuck slot as a regression, and one that
 * stops on 3 learns that the server or cluster needs a look. A command's own non-zero code is kept.
 */
function withCleanupFailures(code: number): number {
  const n = cleanupFailures().length;
  if (n === 0 || code !== 0) return code;
  process.stderr.write(`cdc-sizer: ${n} cleanup step${n > 1 ? 's' : ''} failed; what is left, and the command that removes it, is said above\n`);
  return 3;
}

async function main(argv: string[]): Promise<number> {
  const cli = program();
  let code: number;
  try {
    await cli.parseAsync(argv);
    code = 0;
  } catch (err) {
    code = errorExitCode(err, argv);
  }
  await runCleanups();
  return interruptionExitCode() ?? withCleanupFailures(code);
}

/** Says the error in one line (a stack trace only with --verbose) and gives its exit code. */
function errorExitCode(err: unknown, argv: string[]): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  // After Ctrl-C the servers are being torn down under the command; its failure says nothing new.
  const interrupted = interruptionExitCode();
  if (interrupted !== undefined) return interrupted;
  const verbose = argv.includes('--verbose');
  const known = err instanceof ScenarioError || err instanceof UsageError || err instanceof UnsafeTargetError || err instanceof InfraError || err instanceof CheckFailedError;
  const message = known ? (err as Error).message : `unexpected error: ${(err as Error)?.message ?? String(err)}${verbose ? '' : ' (run with --verbose for details)'}`;
  process.stderr.write(`cdc-sizer: ${message}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return exitCodeFor(err);
}

process.exitCode = await main(process.argv);
