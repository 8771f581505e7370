import { randomBytes } from 'node:crypto';
import { loadDataset } from '../datagen/load-dataset.js';
import { datasetPresent } from '../datagen/ownership.js';
import { planGeneration, type GenerationPlan } from '../datagen/table-plan.js';
import { FlinkRest, FlinkRestError } from '../engines/flink-cdc/flink-rest.js';
import { runFlinkSnapshot } from '../engines/flink-cdc/flink-cdc-engine.js';
import { runRawCopy } from '../engines/raw-copy/raw-copy-engine.js';
import { RESULT_SCHEMA_VERSION, type PointSettings, type RunPoint, type RunResult, type RunSample } from '../model/run-result.js';
import { describeTables, type SourceTable } from '../engines/source-table.js';
import type { Endpoints } from '../infra/endpoints.js';
import { LocalFlink } from '../infra/flink/local-flink.js';
import { DEFAULT_CDC_VERSION, ensureFlinkArtifacts } from '../infra/flink/maven-build.js';
import { InfraError } from '../infra/infra-error.js';
import { connectPg } from '../infra/pg-connect.js';
import { startEndpoints } from '../infra/start-endpoints.js';
import { startObserver } from '../observe/observer.js';
import { chunkQueryTotals, totalsBetween, type StatementTotals } from '../observe/statement-sampler.js';
import { writeResultFile } from '../report/result-file.js';
import { runTables } from '../report/terminal/run-table.js';
import { fmtBytes } from '../report/terminal/format.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { dropLeftovers, findLeftovers } from '../verify/leftovers.js';
import { median } from '../model/statistics.js';
import { onCleanup, using } from './cleanup.js';
import { describeEnvironment } from './run-environment.js';
import { CheckFailedError } from './check-failed.js';
import { UsageError } from './usage-error.js';

export interface RunOptions {
  scale?: number;
  pgUrl?: string;
  flinkUrl?: string;
  parallelism: number[];
  chunkSize: number[];
  sourceOption: string[];
  /** Extra option sets, each `k=v,k=v`; every set is measured beside the defaults. */
  optionSet: string[];
  repeat: number;
  engine: 'flink-cdc' | 'raw-copy' | 'both';
  cdcVersion: string;
  clean: boolean;
  json: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** run SCENARIO: generate if needed, then measure every grid point with each engine, verify counts, write result.json. */
export async function runCommand(file: string, opts: RunOptions): Promise<void> {
  const common = parseSourceOptions(opts.sourceOption);
  // The connector's defaults (plus --source-option) are always measured; each --option-set beside them.
  const optionSets = [common, ...opts.optionSet.map((set) => ({ ...common, ...parseSourceOptions(set.split(',').filter(Boolean)) }))];
  const plan = planGeneration(await loadScenario(file, { scale: opts.scale }));
  const parallelisms = [...new Set([1, ...opts.parallelism])].sort((a, b) => a - b);
  const endpoints = await startEndpoints({ pgUrl: opts.pgUrl, log });
  const result = await using(endpoints, async (e) => {
    if (opts.engine !== 'raw-copy') await requireLogicalWal(e);
    await ensureDataset(e, plan);
    await reportLeftovers(e, opts.clean);
    const tables = await sourceTables(e, plan);
    const engines = opts.engine === 'both' ? (['raw-copy', 'flink-cdc'] as const) : [opts.engine];
    const grid: PointSettings[] = opts.chunkSize.flatMap((chunkSize) =>
      optionSets.flatMap((sourceOptions, set) =>
        parallelisms.flatMap((parallelism) =>
          engines
            // raw-copy has no connector options: measure it once per chunk size and parallelism.
            .filter((engine) => engine === 'flink-cdc' || set === 0)
            .map((engine) => ({ engine, parallelism, chunkSize, sourceOptions: engine === 'flink-cdc' ? sourceOptions : {} })),
        ),
      ),
    );
    const withFlink = engines.includes('flink-cdc');
    return withFlink
      ? withFlinkCluster(opts, Math.max(...parallelisms), (rest, jarId, flinkVersion) => measure(e, plan, tables, grid, opts.repeat, { rest, jarId }, { version: flinkVersion, cdcVersion: opts.cdcVersion }))
      : measure(e, plan, tables, grid, opts.repeat);
  });
  const dir = await writeResultFile(result);
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${runTables(result)}\nresult: ${dir}/result.json\n`);
  const failed = result.points.flatMap((p) => p.samples.filter((s) => !s.ok).map((s) => `${p.settings.engine} p=${p.settings.parallelism} chunk=${p.settings.chunkSize}: ${s.failure}`));
  if (failed.length > 0) throw new CheckFailedError(`${failed.length} run${failed.length > 1 ? 's' : ''} failed; first: ${failed[0]}`);
}

function parseSourceOptions(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--source-option needs key=value, got "${kv}"`);
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

async function ensureDataset(e: Endpoints, plan: GenerationPlan): Promise<void> {
  const client = await connectPg(e.pg);
  const present = await datasetPresent(client, plan.scenario.schema, plan.tables.map((t) => t.spec), plan.scenario.hash).finally(() => client.end());
  if (present) {
    log(`the database already holds "${plan.scenario.name}" (hash ${plan.scenario.hash}); not generating`);
    return;
  }
  log(`generating "${plan.scenario.name}" at scale ${plan.scenario.scale}…`);
  const loaded = await loadDataset(e.pg, plan, { concurrency: 2, allowExisting: false });
  log(`generated ${loaded.rows.toLocaleString('en-US')} rows, ${fmtBytes(loaded.diskBytes)} on disk`);
}

/** The connector needs logical decoding; say so before generating or building anything. */
async function requireLogicalWal(e: Endpoints): Promise<void> {
  const client = await connectPg(e.pg);
  try {
    const { rows } = await client.query<{ wal_level: string }>('SHOW wal_level');
    const level = rows[0]!.wal_level;
    if (level !== 'logical') throw new InfraError(`PostgreSQL at ${e.pg.host}:${e.pg.port} has wal_level=${level}; Flink CDC needs wal_level=logical (ALTER SYSTEM SET wal_level = logical, then restart the server), or use --engine raw-copy`);
  } finally {
    await client.end();
  }
}

async function reportLeftovers(e: Endpoints, clean: boolean): Promise<void> {
  const client = await connectPg(e.pg);
  try {
    const found = await findLeftovers(client);
    if (found.slots.length + found.publications.length === 0) return;
    const what = [...found.slots.map((s) => `slot ${s.name} (${fmtBytes(s.walRetainedBytes)} of WAL)`), ...found.publications.map((p) => `publication ${p}`)].join(', ');
    if (clean) {
      await dropLeftovers(client);
      log(`dropped leftovers of earlier runs: ${what}`);
    } else log(`leftovers of earlier runs (drop them with --clean): ${what}`);
  } finally {
    await client.end();
  }
}

async function sourceTables(e: Endpoints, plan: GenerationPlan): Promise<SourceTable[]> {
  const client = await connectPg(e.pg);
  try {
    return await describeTables(client, plan.tables.map((t) => t.spec), 'row_no');
  } finally {
    await client.end();
  }
}

/** Builds the job (first use), starts the local cluster unless --flink-url, uploads the jar; tears all of it down after. */
async function withFlinkCluster<T>(opts: RunOptions, slots: number, body: (rest: FlinkRest, jarId: string, flinkVersion: string) => Promise<T>): Promise<T> {
  const artifacts = await ensureFlinkArtifacts(opts.cdcVersion, log);
  const cluster = opts.flinkUrl ? undefined : await new LocalFlink(artifacts).withSlots(slots).withLog(log).start();
  const release = async () => cluster?.release();
  return using({ release }, async () => {
    const rest = new FlinkRest(opts.flinkUrl ?? cluster!.restUrl);
    const overview = await rest.waitForSlots(slots);
    if (overview['slots-total'] < slots) throw new UsageError(`the Flink cluster at ${rest.baseUrl} has ${overview['slots-total']} task slots; parallelism ${slots} needs ${slots}`);
    const jarId = await rest.uploadJar(artifacts.jobJar);
    try {
      return await body(rest, jarId, overview['flink-version']);
    } finally {
      await rest.deleteJar(jarId).catch(() => undefined);
    }
  });
}

async function measure(e: Endpoints, plan: GenerationPlan, tables: SourceTable[], grid: PointSettings[], repeat: number, flink?: { rest: FlinkRest; jarId: string }, versions?: { version: string; cdcVersion: string }): Promise<RunResult> {
  const runId = randomBytes(3).toString('hex');
  const expected = new Map(plan.tables.map((t) => [`${t.spec.schema}.${t.spec.name}`, t.spec.rows]));
  const points: RunPoint[] = grid.map((settings) => ({ settings, samples: [] }));
  let n = 0;
  const total = grid.length * repeat;
  const started = performance.now();
  for (let r = 1; r <= repeat; r++) {
    for (const point of points) {
      n++;
      const s = point.settings;
      const eta = n > 1 ? ` · ETA ${Math.round((((performance.now() - started) / (n - 1)) * (total - n + 1)) / 1000)} s` : '';
      log(`[${n}/${total}] ${s.engine} p=${s.parallelism} chunk=${s.chunkSize} repeat ${r}${eta}`);
      const sample = s.engine === 'raw-copy' ? await rawCopySample(e, tables, s, r) : await flinkSample(e, plan, tables, s, r, `${runId}_${n}`, flink!);
      sample.countMismatches = sample.tables.filter((t) => t.rows !== expected.get(t.table)).map((t) => ({ table: t.table, expected: expected.get(t.table) ?? 0, actual: t.rows }));
      const missing = [...expected.keys()].filter((k) => !sample.tables.some((t) => t.table === k));
      for (const m of missing) sample.countMismatches.push({ table: m, expected: expected.get(m)!, actual: 0 });
      if (sample.countMismatches.length > 0) {
        sample.ok = false;
        sample.failure ??= `record counts differ from the source in ${sample.countMismatches.length} table(s), e.g. ${sample.countMismatches[0]!.table}: ${sample.countMismatches[0]!.actual} of ${sample.countMismatches[0]!.expected}`;
      }
      const chunkNote = sample.chunkCycleMillis !== undefined ? `; ${sample.chunks} chunks, query ${sample.chunkQueryMillisMean!.toFixed(0)} ms of a ${sample.chunkCycleMillis.toFixed(0)} ms cycle` : '';
      log(`  ${sample.ok ? 'ok' : `FAILED: ${sample.failure}`} in ${sample.wallSeconds.toFixed(1)} s (${Math.round(sample.rowsPerSecond).toLocaleString('en-US')} rows/s${chunkNote})`);
      point.samples.push(sample);
    }
  }
  const client = await connectPg(e.pg);
  const disk = await client.query<{ b: string }>(`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`, [plan.scenario.schema]).finally(() => client.end());
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'run',
    createdAt: new Date().toISOString(),
    environment: await describeEnvironment(e, versions),
    scenario: { name: plan.scenario.name, hash: plan.scenario.hash, scale: plan.scenario.scale, tables: plan.tables.length, rows: [...expected.values()].reduce((a, b) => a + b, 0), diskBytes: Number(disk.rows[0]!.b) },
    points,
  };
}

async function rawCopySample(e: Endpoints, tables: SourceTable[], s: PointSettings, repeat: number): Promise<RunSample> {
  const r = await runRawCopy(e.pg, tables, { parallelism: s.parallelism, chunkSize: s.chunkSize });
  return {
    repeat,
    ok: true,
    wallSeconds: r.wallSeconds,
    splitSeconds: r.splitSeconds,
    readSeconds: r.readSeconds,
    chunks: r.chunkMillis.length,
    chunkMillisMedian: median(r.chunkMillis),
    rows: r.rows,
    bytes: r.bytes,
    rowsPerSecond: r.rows / r.wallSeconds,
    mbPerSecond: r.bytes / 1e6 / r.wallSeconds,
    tables: r.tables.map((t) => ({ table: t.table, rows: t.rows, bytes: t.bytes, seconds: t.seconds })),
    countMismatches: [],
  };
}

async function flinkSample(e: Endpoints, plan: GenerationPlan, tables: SourceTable[], s: PointSettings, repeat: number, suffix: string, flink: { rest: FlinkRest; jarId: string }): Promise<RunSample> {
  const names = { slot: `cdcsizer_${suffix}`, publication: `cdcsizer_${suffix}`, jobName: `cdc-sizer ${plan.scenario.name} p=${s.parallelism} chunk=${s.chunkSize} #${repeat}` };
  let jobId: string | undefined;
  const stats = await connectPg(e.pg, { applicationName: 'cdc-sizer observer' });
  const before = await chunkQueryTotals(stats, plan.scenario.schema);
  const observer = await startObserver(e.pg, plan.scenario.schema);
  // Ctrl-C mid-job: cancel the job, then drop whatever it created.
  const removeCleanup = onCleanup(async () => {
    if (jobId) await flink.rest.cancel(jobId).catch(() => undefined);
    await dropRunObjects(e, names);
  });
  try {
    const r = await runFlinkSnapshot(flink.rest, flink.jarId, e.pg, tables, { parallelism: s.parallelism, chunkSize: s.chunkSize, sourceOptions: s.sourceOptions }, names, (id) => (jobId = id)).catch((err: unknown) => {
      // Flink refuses the submission itself when the job's arguments are wrong (an unknown source option).
      if (err instanceof FlinkRestError && err.status === 400) throw new UsageError(`Flink refused the job: ${err.message.replace(/^Flink REST .*? answered 400: /, '')}`);
      throw err;
    });
    const observations = await observer.stop();
    const chunkQueries = totalsBetween(before, await chunkQueryTotals(stats, plan.scenario.schema));
    const leftBehind = await dropRunObjects(e, names);
    log(`  max WAL retained by the slot ${fmtBytes(observations.maxWalRetainedBytes)}, strongest lock on source tables ${observations.strongestLock ?? 'none seen'}, connector connections ≤ ${observations.maxConnections}${leftBehind.slots.length + leftBehind.publications.length ? `; the connector left ${[...leftBehind.slots.map((x) => `slot ${x.name}`), ...leftBehind.publications.map((x) => `publication ${x}`)].join(', ')} (dropped)` : ''}`);
    return {
      repeat,
      ok: r.state === 'FINISHED',
      ...(r.failure ? { failure: r.failure } : {}),
      wallSeconds: r.wallSeconds,
      jobSeconds: r.jobSeconds,
      startupSeconds: r.startupSeconds,
      ...chunkCosts(chunkQueries, r.jobSeconds - r.startupSeconds, s.parallelism),
      rows: r.records,
      bytes: r.bytes,
      rowsPerSecond: r.records / r.wallSeconds,
      mbPerSecond: r.bytes / 1e6 / r.wallSeconds,
      tables: r.tables.map((t) => ({ table: t.table, rows: t.records, bytes: t.bytes })),
      countMismatches: [],
      leftBehind,
      observations,
    };
  } finally {
    removeCleanup();
    await observer.stop().catch(() => undefined);
    await stats.end();
  }
}

/** Chunks and what one costs: the SELECT on the server vs the whole cycle (reading time × readers / chunks). */
function chunkCosts(q: StatementTotals | undefined, readSeconds: number, parallelism: number): Partial<RunSample> {
  if (!q || q.calls <= 0) return {};
  return { chunks: q.calls, chunkQueryMillisMean: q.totalMillis / q.calls, chunkCycleMillis: (Math.max(0, readSeconds) * 1000 * parallelism) / q.calls, readSeconds: Math.max(0, readSeconds) };
}

/** Drops this run's slot and publication if the connector left them; returns what it found. */
async function dropRunObjects(e: Endpoints, names: { slot: string; publication: string }) {
  const client = await connectPg(e.pg);
  try {
    return await dropLeftovers(client, { slots: [names.slot], publications: [names.publication] });
  } finally {
    await client.end();
  }
}
