/**
 * bench:sample — does a sampled sizing predict the full snapshot within 15 %, in under 10 % of its time?
 *
 * On one embedded server: load a database of a shape unlike the shipped scenarios with a plain
 * SQL script (`--shape`: crm, the default, is bench/sample-database.ts; the others are in
 * bench/sample-shapes.ts), size it from a sample (`run --pg-url … --sample …` at p = 1 and 2, then
 * `estimate` with the catalog that run wrote beside its result), then run the full snapshot at the
 * same parallelisms. Prints predicted vs measured per parallelism, the error, whether the measured
 * time lies inside the predicted range (coverage), and the sampled sizing's wall time as a share of
 * the full run's, then one Markdown table row for docs/benchmarks.md (the Flink job is built before
 * either is timed: a one-time install). Every step goes through the CLI, as a user would run it.
 * Type fidelity is off in both runs (`--fidelity-rows 0`): it is a check, not sizing, and would
 * weigh on both sides.
 *
 *   npm run bench:sample -- [--shape crm|many-small|wide-toast|partitioned|mixed-width|
 *     tenant-schemas|media-catalog|scan-archive|support-desk|ledger] [--scale 1] [--sample 10%] [--parallelism 1,2]
 *     [--chunk-size 8096] [--load-only] [--record DIR]
 *
 * `--load-only` loads the shape, prints what was loaded (tables, rows, MB, chunks by rows at the
 * chunk size) and stops: a check of the script, no sizing.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { using } from '../src/commands/cleanup.js';
import { EmbeddedPostgres } from '../src/infra/embedded/embedded-postgres.js';
import { probeChunkBoundaries } from '../src/catalog/chunk-boundaries.js';
import { ensureFlinkArtifacts } from '../src/infra/flink/maven-build.js';
import { connectPg } from '../src/infra/pg-connect.js';
import { estimateResultSchema, type EstimateResult } from '../src/model/estimate-result.js';
import { rangeCoverage, type RangeOutcome } from '../src/model/range-coverage.js';
import { qualified } from '../src/sql/identifiers.js';
import { runResultSchema, type RunResult } from '../src/model/run-result.js';
import { tableStyle } from '../src/report/terminal/format.js';
import { cli, commit, EARLY_CYCLES, earlyThenLater, log } from './bench-cli.js';
import { DATABASE_SHAPES, type DatabaseShape } from './sample-shapes.js';

const { values: args } = parseArgs({
  options: {
    shape: { type: 'string', default: 'crm' },
    'load-only': { type: 'boolean', default: false },
    scale: { type: 'string', default: '1' },
    sample: { type: 'string', default: '10%' },
    parallelism: { type: 'string', default: '1,2' },
    'chunk-size': { type: 'string', default: '8096' },
    record: { type: 'string' },
  },
});

/** A path the CLI printed as `label: path`. */
function printed(out: string, label: string): string {
  const m = new RegExp(`^${label}: (\\S+)`, 'm').exec(out);
  if (!m) throw new Error(`the run printed no "${label}:" line`);
  return m[1]!;
}

async function main(): Promise<void> {
  const scale = Number(args.scale);
  const shape = Object.hasOwn(DATABASE_SHAPES, args.shape!) ? DATABASE_SHAPES[args.shape!] : undefined;
  if (!shape) throw new Error(`--shape ${args.shape}: one of ${Object.keys(DATABASE_SHAPES).join(', ')}`);
  const work = await mkdtemp(path.join(tmpdir(), 'cdc-sizer-bench-sample-'));
  await chmod(work, 0o755); // as root the server runs as the postgres user, which must reach its state
  const server = await new EmbeddedPostgres().withStateDir(path.join(work, 'state')).withLog(log).start();
  // using(): Ctrl-C stops the server and removes its folder too.
  await using({ release: async () => { await server.release(); await rm(work, { recursive: true, force: true }); } }, async () => {
    await load(server.pg, shape, scale);
    if (args['load-only']) {
      process.stdout.write(`${await loadedSizes(server.pg, shape, Number(args['chunk-size']!.split(',')[0]))}\n`);
      return;
    }
    const url = server.pg.url;
    const common = ['--pg-url', url, '--engine', 'flink-cdc', '--parallelism', args.parallelism!, '--chunk-size', args['chunk-size']!, '--fidelity-rows', '0'];
    // The first Maven build (≈ 20 s, once a machine) is installation, not sizing: done before the clock starts.
    await ensureFlinkArtifacts(undefined, log);
    const sampled = await cli(['run', ...common, '--sample', args.sample!]);
    const resultFile = printed(sampled.out, 'result');
    const catalogFile = printed(sampled.out, 'catalog');
    const estimated = await cli(['estimate', '--calibration', resultFile, '--catalog', catalogFile, '--parallelism', args.parallelism!, '--chunk-size', args['chunk-size']!, '--json']);
    const estimate = estimateResultSchema.parse(JSON.parse(estimated.out));
    const calibration = runResultSchema.parse(JSON.parse(await readFile(resultFile, 'utf8')));
    const full = await cli(['run', ...common, '--json']);
    const truth = runResultSchema.parse(JSON.parse(full.out));
    process.stdout.write(`${comparison(shape, calibration, estimate, truth, sampled.seconds + estimated.seconds, full.seconds)}\n`);
    if (args.record) await recordCalibration(args.record, shape.name, resultFile, catalogFile, truth);
  });
}

async function load(pg: Parameters<typeof connectPg>[0], shape: DatabaseShape, scale: number): Promise<void> {
  const shapes = shape.tables(scale);
  log(`${shape.name === 'crm' ? '' : `shape ${shape.name}: ${shape.summary}\n`}loading ${shapes.length} tables, ${shapes.reduce((a, t) => a + t.rows, 0).toLocaleString('en-US')} rows, by a plain SQL script…`);
  const started = performance.now();
  const client = await connectPg(pg);
  try {
    await client.query(shape.sql(scale));
    // At rest, as a staging copy is: freshly inserted tables are otherwise vacuumed by autovacuum
    // while the sample's jobs read (seen as ShareUpdateExclusiveLock in their observations).
    // VACUUM cannot run inside the script's implicit transaction.
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
  log(`loaded and vacuumed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** What was loaded, read back from the server: tables holding rows, rows, bytes, chunks by rows. */
async function loadedSizes(pg: Parameters<typeof connectPg>[0], shape: DatabaseShape, chunkSize: number): Promise<string> {
  const client = await connectPg(pg);
  try {
    const { rows } = await client.query<{ schema: string; name: string; rows: string; total: string; heap: string; toast: string; partition: boolean; key: string; type: string }>(
      `SELECT n.nspname AS schema, c.relname AS name, c.reltuples::int8 AS rows, pg_total_relation_size(c.oid) AS total, pg_table_size(c.oid) AS heap,
              (SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = c.oid AND i.indisprimary) AS key,
              (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = c.oid AND i.indisprimary) AS type,
              COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS toast, c.relispartition AS partition
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       ORDER BY 1, 2`,
    );
    const exact: number[] = [];
    for (const r of rows) exact.push(Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(r.schema, r.name)}`)).rows[0]!.n));
    const total = rows.reduce((a, r) => a + Number(r.total), 0);
    const heap = rows.reduce((a, r) => a + Number(r.heap), 0);
    const toast = rows.reduce((a, r) => a + Number(r.toast), 0);
    const chunks = exact.map((n) => Math.max(1, Math.ceil(n / chunkSize)));
    const oneChunk = chunks.filter((c) => c === 1).length;
    // The chunks the connector's splitter would cut (its own boundary queries, read-only).
    const probed: number[] = [];
    for (const r of rows) probed.push((await probeChunkBoundaries(client, { schema: r.schema, name: r.name, column: { name: r.key, type: r.type }, rows: Number(r.rows) }, chunkSize)).chunks);
    const largest = rows.map((r, i) => ({ name: `${r.schema}.${r.name}`, chunks: probed[i]!, mb: Number(r.total) / 1e6 })).sort((a, b) => b.chunks - a.chunks).slice(0, 6);
    const parents = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p' AND n.nspname NOT IN ('pg_catalog', 'information_schema')`)).rows[0]!.n;
    const schemas = [...new Set(rows.map((r) => r.schema))];
    const expected = shape.tables(1).length;
    return [
      `shape ${shape.name}: ${rows.length} tables holding rows (${rows.filter((r) => r.partition).length} of them partitions; ${parents} partitioned parents) in ${schemas.join(', ')}; the script defines ${expected} at scale 1`,
      `${exact.reduce((a, n) => a + n, 0).toLocaleString('en-US')} rows, ${(total / 1e6).toFixed(0)} MB on disk with indexes, ${(heap / 1e6).toFixed(0)} MB without (${(toast / 1e6).toFixed(0)} MB of it TOAST)`,
      `${chunks.reduce((a, c) => a + c, 0)} chunks by rows at ${chunkSize}: ${oneChunk} tables of one chunk, ${chunks.length - oneChunk} of more`,
      `${probed.reduce((a, c) => a + c, 0)} chunks as the connector's splitter cuts them (probed: ${probed.filter((c) => c === 1).length} tables of one chunk); the most: ${largest.map((l) => `${l.name} ${l.chunks} (${l.mb.toFixed(0)} MB)`).join(', ')}`,
    ].join('\n');
  } finally {
    await client.end();
  }
}

/** Per parallelism, the readers' first cycles and their later ones. */
function earlyAndLater(r: RunResult): string {
  return r.points.map((p) => `p=${p.settings.parallelism} ${earlyThenLater(p.samples.filter((s) => s.ok).flatMap((s) => s.readers ?? []))}`).join(', ');
}

/** The connector jobs' wall time, submission to end, summed over a run's points. */
const snapshots = (r: RunResult): number => r.points.flatMap((p) => p.samples).reduce((a, s) => a + s.wallSeconds, 0);

function comparison(shape: DatabaseShape, calibration: RunResult, estimate: EstimateResult, truth: RunResult, sampledSeconds: number, fullSeconds: number): string {
  const table = new Table({ head: ['p', 'predicted', 'range', 'measured', 'error', 'in range'], style: tableStyle() });
  const errors: number[] = [];
  const cells: string[] = [];
  const outcomes: RangeOutcome[] = [];
  for (const p of estimate.predictions) {
    const sample = truth.points.find((x) => x.settings.parallelism === p.parallelism)?.samples.find((s) => s.ok);
    if (!sample) {
      // A point that failed is kept in the row (docs/benchmarks.md keeps failures too).
      table.push([p.parallelism, `${p.seconds.toFixed(1)} s`, `${p.low.toFixed(1)} – ${p.high.toFixed(1)} s`, 'failed', '', '']);
      cells.push(`p=${p.parallelism}: ${p.seconds.toFixed(1)} s (${p.low.toFixed(1)}–${p.high.toFixed(1)}) / **failed**`);
      continue;
    }
    const error = (p.seconds - sample.wallSeconds) / sample.wallSeconds;
    errors.push(Math.abs(error));
    outcomes.push({ low: p.low, high: p.high, measured: sample.wallSeconds });
    const covered = rangeCoverage(outcomes.slice(-1)).inside === 1;
    const signed = `${error >= 0 ? '+' : '−'}${Math.abs(error * 100).toFixed(1)} %`;
    table.push([p.parallelism, `${p.seconds.toFixed(1)} s`, `${p.low.toFixed(1)} – ${p.high.toFixed(1)} s`, `${sample.wallSeconds.toFixed(1)} s`, `${(error * 100).toFixed(1)} %`, covered ? 'yes' : 'NO']);
    cells.push(`p=${p.parallelism}: ${p.seconds.toFixed(1)} s (${p.low.toFixed(1)}–${p.high.toFixed(1)}) / ${sample.wallSeconds.toFixed(1)} s / ${signed} / ${covered ? 'inside' : '**outside**'}`);
  }
  const s = estimate.sampling;
  const share = sampledSeconds / fullSeconds;
  const coverage = rangeCoverage(outcomes);
  return [
    `shape ${shape.name}: ${shape.summary}`,
    `database: ${truth.scenario.tables} tables, ${truth.scenario.rows.toLocaleString('en-US')} rows, ${(truth.scenario.diskBytes / 1e6).toFixed(0)} MB on disk; chunk size ${estimate.chunkSize}; ${truth.environment.cores} cores`,
    `sample --sample ${s?.spec}: the connector read ${s?.measuredTables.length} tables (${calibration.scenario.rows.toLocaleString('en-US')} rows: ${s?.measuredTables.join(', ')}); ${s?.probedTables.length} probed (${s?.probedTables.map((p) => `${p.table} ${p.chunks} chunks vs ${p.chunksByRows} by rows`).join('; ')}); ${s?.extrapolatedTables.length} extrapolated`,
    ...estimate.calibration.explanation,
    table.toString(),
    `largest error ${errors.length ? `${(Math.max(...errors) * 100).toFixed(1)} %` : 'none measured'} (target ≤ 15 %)`,
    `coverage: ${coverage.inside} of ${coverage.n} measured times inside their predicted range (target: all; ${coverage.above} above, ${coverage.below} below)`,
    `readers' cycles, each reader's first ${EARLY_CYCLES} apart from its later ones (a job's first cycles run dearer; a sample's jobs are little else): sample ${earlyAndLater(calibration)}; full run ${earlyAndLater(truth)}`,
    `sampled sizing (run --sample + estimate) ${sampledSeconds.toFixed(0)} s (its snapshots ${snapshots(calibration).toFixed(0)} s) vs full run ${fullSeconds.toFixed(0)} s (its snapshots ${snapshots(truth).toFixed(0)} s): ${(share * 100).toFixed(1)} % (target ≤ 10 %)`,
    '',
    'Markdown row for docs/benchmarks.md (| run (UTC) | shape | commit | predicted (range) / measured / error / coverage, per p | sampled share |):',
    `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${shape.name} | ${commit()} | ${cells.join('<br>')} | ${(share * 100).toFixed(1)} % |`,
  ].join('\n');
}

/**
 * `--record DIR`: the sampled run's result.json and catalog.json and the full run's measured wall
 * times (truth.json), as test/model/recorded-calibrations.test.ts reads them (one folder a run,
 * under test/fixtures/calibrations/): a real calibration today's model is judged on.
 */
/** The bench's command line as run: the shape and every option that is not its default. */
function benchCommand(shape: string): string {
  const defaults: Record<string, string> = { scale: '1', sample: '10%', parallelism: '1,2', 'chunk-size': '8096' };
  const given = Object.entries(defaults).flatMap(([k, d]) => (args[k as keyof typeof args] !== d ? [`--${k} ${String(args[k as keyof typeof args])}`] : []));
  return ['npm run bench:sample -- --shape', shape, ...given].join(' ');
}

async function recordCalibration(dir: string, shape: string, resultFile: string, catalogFile: string, truth: RunResult): Promise<void> {
  await mkdir(dir, { recursive: true });
  const compact = async (file: string) => JSON.stringify(JSON.parse(await readFile(file, 'utf8')));
  await writeFile(path.join(dir, 'result.json'), await compact(resultFile));
  await writeFile(path.join(dir, 'catalog.json'), await compact(catalogFile));
  const measured = truth.points.flatMap((p) => p.samples.filter((x) => x.ok).slice(0, 1).map((x) => ({ parallelism: p.settings.parallelism, seconds: x.wallSeconds })));
  const when = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  await writeFile(path.join(dir, 'truth.json'), `${JSON.stringify({ shape, when, commit: commit(), command: benchCommand(shape), measured }, null, 2)}\n`);
  log(`recorded the calibration and the full run's times in ${dir}`);
}

main().catch((err: unknown) => {
  log(`bench:sample failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
