import { randomBytes } from 'node:crypto';
import { loadDataset } from '../datagen/load-dataset.js';
import { datasetPresent } from '../datagen/ownership.js';
import { planGeneration, type GenerationPlan } from '../datagen/table-plan.js';
import { runRawCopy } from '../engines/raw-copy/raw-copy-engine.js';
import { RESULT_SCHEMA_VERSION, type PointSettings, type RunPoint, type RunResult, type RunSample } from '../model/run-result.js';
import { describeTables, type SourceTable } from '../engines/source-table.js';
import type { Endpoints } from '../infra/endpoints.js';
import { DEFAULT_CDC_VERSION, ensureFlinkArtifacts } from '../infra/flink/maven-build.js';
import { InfraError } from '../infra/infra-error.js';
import { connectPg } from '../infra/pg-connect.js';
import { startEndpoints } from '../infra/start-endpoints.js';
import { writeResultFile } from '../report/result-file.js';
import { runTables } from '../report/terminal/run-table.js';
import { fmtBytes } from '../report/terminal/format.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { dropLeftovers, findLeftovers } from '../verify/leftovers.js';
import { median } from '../model/statistics.js';
import { interruption, using } from './cleanup.js';
import { flinkSample } from './flink-sample.js';
import { FlinkSession } from './flink-session.js';
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
    return withFlink ? withFlinkSession(opts, Math.max(...parallelisms), (session) => measure(e, plan, tables, grid, opts.repeat, session, opts.cdcVersion)) : measure(e, plan, tables, grid, opts.repeat);
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
async function withFlinkSession<T>(opts: RunOptions, slots: number, body: (session: FlinkSession) => Promise<T>): Promise<T> {
  const artifacts = await ensureFlinkArtifacts(opts.cdcVersion, log);
  const session = new FlinkSession(artifacts, slots, opts.flinkUrl, log);
  return using(session, async () => body(await session.open()));
}

async function measure(e: Endpoints, plan: GenerationPlan, tables: SourceTable[], grid: PointSettings[], repeat: number, flink?: FlinkSession, cdcVersion?: string): Promise<RunResult> {
  const runId = randomBytes(3).toString('hex');
  const expected = new Map(plan.tables.map((t) => [`${t.spec.schema}.${t.spec.name}`, t.spec.rows]));
  const points: RunPoint[] = grid.map((settings) => ({ settings, samples: [] }));
  let n = 0;
  const total = grid.length * repeat;
  const started = performance.now();
  let flinkPoints = 0;
  for (let r = 1; r <= repeat; r++) {
    for (const point of points) {
      // Ctrl-C tears the servers down under the run; starting another point would only fail.
      if (interruption()) throw new Error(`interrupted by ${interruption()}`);
      n++;
      const s = point.settings;
      const eta = n > 1 ? ` · ETA ${Math.round((((performance.now() - started) / (n - 1)) * (total - n + 1)) / 1000)} s` : '';
      const options = Object.entries(s.sourceOptions).map(([k, v]) => `${k}=${v}`).join(',');
      log(`[${n}/${total}] ${s.engine} p=${s.parallelism} chunk=${s.chunkSize}${options ? ` ${options}` : ''} repeat ${r}${eta}`);
      if (s.engine === 'flink-cdc' && flinkPoints++ > 0) await flink!.fresh();
      const sample = s.engine === 'raw-copy' ? await rawCopySample(e, tables, s, r) : await flinkSample(e, plan, tables, s, r, `cdcsizer_${runId}_${n}`, flink!.target, log);
      sample.countMismatches = sample.tables.filter((t) => t.rows !== expected.get(t.table)).map((t) => ({ table: t.table, expected: expected.get(t.table) ?? 0, actual: t.rows }));
      const missing = [...expected.keys()].filter((k) => !sample.tables.some((t) => t.table === k));
      for (const m of missing) sample.countMismatches.push({ table: m, expected: expected.get(m)!, actual: 0 });
      if (sample.countMismatches.length > 0) {
        sample.ok = false;
        sample.failure ??= `record counts differ from the source in ${sample.countMismatches.length} table(s), e.g. ${sample.countMismatches[0]!.table}: ${sample.countMismatches[0]!.actual} of ${sample.countMismatches[0]!.expected}`;
      }
      const chunkNote = s.engine === 'flink-cdc' ? flinkChunkNote(sample) : '';
      log(`  ${sample.ok ? 'ok' : `FAILED: ${sample.failure}`} in ${sample.wallSeconds.toFixed(1)} s (${Math.round(sample.rowsPerSecond).toLocaleString('en-US')} rows/s${chunkNote})`);
      point.samples.push(sample);
    }
  }
  const flinkRss = await flink?.peakRssBytes();
  const client = await connectPg(e.pg);
  const disk = await client.query<{ b: string }>(`SELECT coalesce(sum(pg_table_size(c.oid)), 0)::bigint AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`, [plan.scenario.schema]).finally(() => client.end());
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'run',
    createdAt: new Date().toISOString(),
    environment: await describeEnvironment(e, flink ? { version: flink.flinkVersion, cdcVersion: cdcVersion! } : undefined),
    scenario: { name: plan.scenario.name, hash: plan.scenario.hash, scale: plan.scenario.scale, tables: plan.tables.length, keyShapes: Object.fromEntries(plan.tables.map((t) => [`${t.spec.schema}.${t.spec.name}`, t.spec.key.shape])), capturedTables: tables.reduce((a, t) => a + (t.partitions?.length ?? 1), 0), rows: [...expected.values()].reduce((a, b) => a + b, 0), diskBytes: Number(disk.rows[0]!.b) },
    points,
    resources: { harnessPeakRssBytes: process.resourceUsage().maxRSS * 1024, ...(flinkRss ? { flinkPeakRssBytes: flinkRss } : {}) },
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

/** "; 80 chunks, query 3 ms of a 3,325 ms cycle, splitting 0.2 s" for the connector's points. */
function flinkChunkNote(s: RunSample): string {
  const parts = [
    s.chunks !== undefined ? `${s.chunks} chunks` : undefined,
    s.chunkCycleMillis !== undefined ? `${s.chunkQueryMillisMean !== undefined ? `query ${s.chunkQueryMillisMean.toFixed(0)} ms of ` : ''}a ${Math.round(s.chunkCycleMillis).toLocaleString('en-US')} ms cycle` : undefined,
    s.splitSeconds !== undefined ? `splitting queries ${s.splitSeconds.toFixed(2)} s` : undefined,
  ].filter(Boolean);
  return parts.length ? `; ${parts.join(', ')}` : '';
}
