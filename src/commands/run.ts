import { loadDataset } from '../datagen/load-dataset.js';
import { datasetPresent } from '../datagen/ownership.js';
import { planGeneration, type GenerationPlan } from '../datagen/table-plan.js';
import type { PointSettings } from '../model/run-result.js';
import { describeTables, type SourceTable } from '../engines/source-table.js';
import type { Endpoints } from '../infra/endpoints.js';
import { ensureFlinkArtifacts } from '../infra/flink/maven-build.js';
import { InfraError } from '../infra/infra-error.js';
import { connectPg } from '../infra/pg-connect.js';
import { startEndpoints } from '../infra/start-endpoints.js';
import { writeResultFile } from '../report/result-file.js';
import { runTables } from '../report/terminal/run-table.js';
import { fmtBytes } from '../report/terminal/format.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { dropLeftovers, findLeftovers } from '../verify/leftovers.js';
import { using } from './cleanup.js';
import { requireServedVersions } from './connector-versions.js';
import { measureGrid } from './measure-grid.js';
import { scenarioSubject } from './grid-subject.js';
import { FlinkSession } from './flink-session.js';
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
  /** Flink CDC versions, measured point by point in this order (A B A B …). */
  connectorVersion: string[];
  /** Rows per table and reader kept for the type-fidelity check; 0 turns it off. */
  fidelityRows: number;
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
  if (opts.engine !== 'raw-copy') await requireServedVersions(opts.connectorVersion);
  const parallelisms = [...new Set([1, ...opts.parallelism])].sort((a, b) => a - b);
  const endpoints = await startEndpoints({ pgUrl: opts.pgUrl, log });
  const result = await using(endpoints, async (e) => {
    if (opts.engine !== 'raw-copy') await requireLogicalWal(e);
    await ensureDataset(e, plan);
    await reportLeftovers(e, opts.clean);
    const tables = await sourceTables(e, plan);
    const engines = opts.engine === 'both' ? (['raw-copy', 'flink-cdc'] as const) : [opts.engine];
    const grid = gridOf(opts, engines, optionSets, parallelisms);
    const run = { e, subject: scenarioSubject(plan), tables, grid, repeat: opts.repeat, sampleRows: opts.fidelityRows, log };
    return engines.includes('flink-cdc') ? withFlinkSession(opts, Math.max(...parallelisms), (flink) => measureGrid({ ...run, flink })) : measureGrid(run);
  });
  const dir = await writeResultFile(result);
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${runTables(result)}\nresult: ${dir}/result.json\n`);
  const failed = result.points.flatMap((p) => p.samples.filter((s) => !s.ok).map((s) => `${p.settings.engine} p=${p.settings.parallelism} chunk=${p.settings.chunkSize}: ${s.failure}`));
  if (failed.length > 0) throw new CheckFailedError(`${failed.length} run${failed.length > 1 ? 's' : ''} failed; first: ${failed[0]}`);
}

/**
 * chunk size × option set × parallelism × engine (× connector version, innermost, so that versions
 * alternate point by point and drift on a noisy machine falls on both).
 */
function gridOf(opts: RunOptions, engines: readonly ('flink-cdc' | 'raw-copy')[], optionSets: Record<string, string>[], parallelisms: number[]): PointSettings[] {
  return opts.chunkSize.flatMap((chunkSize) =>
    optionSets.flatMap((sourceOptions, set) =>
      parallelisms.flatMap((parallelism) =>
        engines.flatMap((engine): PointSettings[] =>
          engine === 'raw-copy'
            ? // raw-copy has no connector options: measure it once per chunk size and parallelism.
              set === 0 ? [{ engine, parallelism, chunkSize, sourceOptions: {} }] : []
            : opts.connectorVersion.map((connectorVersion) => ({ engine, parallelism, chunkSize, sourceOptions, connectorVersion })),
        ),
      ),
    ),
  );
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
  const artifacts = [];
  for (const v of opts.connectorVersion) artifacts.push(await ensureFlinkArtifacts(v, log));
  const session = new FlinkSession(artifacts, slots, opts.flinkUrl, log);
  return using(session, async () => body(await session.open()));
}

