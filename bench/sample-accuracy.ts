/**
 * bench:sample — does a sampled sizing predict the full snapshot within 15 %, in under 10 % of its time?
 *
 * On one embedded server: load a database of a shape unlike the shipped scenarios with a plain
 * SQL script (bench/sample-database.ts), size it from a sample (`run --pg-url … --sample …` at
 * p = 1 and 2, then `estimate` with the catalog that run wrote beside its result), then run the
 * full snapshot at the same parallelisms. Prints predicted vs measured per parallelism, the error,
 * and the sampled sizing's wall time as a share of the full run's (the Flink job is built before
 * either is timed: a one-time install). Every step goes through the
 * CLI, as a user would run it. Type fidelity is off in both runs (`--fidelity-rows 0`): it is a
 * check, not sizing, and would weigh on both sides.
 *
 *   npm run bench:sample -- [--scale 1] [--sample 10%] [--parallelism 1,2] [--chunk-size 8096]
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { using } from '../src/commands/cleanup.js';
import { EmbeddedPostgres } from '../src/infra/embedded/embedded-postgres.js';
import { ensureFlinkArtifacts } from '../src/infra/flink/maven-build.js';
import { connectPg } from '../src/infra/pg-connect.js';
import { estimateResultSchema, type EstimateResult } from '../src/model/estimate-result.js';
import { runResultSchema, type RunResult } from '../src/model/run-result.js';
import { tableStyle } from '../src/report/terminal/format.js';
import { sampleDatabaseShapes, sampleDatabaseSql } from './sample-database.js';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    sample: { type: 'string', default: '10%' },
    parallelism: { type: 'string', default: '1,2' },
    'chunk-size': { type: 'string', default: '8096' },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs the CLI; its stderr (progress) passes through, its stdout is returned with the wall time. */
function cli(argv: string[]): Promise<{ out: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    log(`$ cdc-sizer ${argv.map((a) => (a.startsWith('postgres://') ? 'postgres://…' : a)).join(' ')}`);
    const started = performance.now();
    const child = spawn(process.execPath, ['dist/src/cli.js', ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('close', (code) => (code === 0 ? resolve({ out, seconds: (performance.now() - started) / 1000 }) : reject(new Error(`cdc-sizer ${argv[0]} exited with ${code}`))));
  });
}

/** A path the CLI printed as `label: path`. */
function printed(out: string, label: string): string {
  const m = new RegExp(`^${label}: (\\S+)`, 'm').exec(out);
  if (!m) throw new Error(`the run printed no "${label}:" line`);
  return m[1]!;
}

async function main(): Promise<void> {
  const scale = Number(args.scale);
  const work = await mkdtemp(path.join(tmpdir(), 'cdc-sizer-bench-sample-'));
  await chmod(work, 0o755); // as root the server runs as the postgres user, which must reach its state
  const server = await new EmbeddedPostgres().withStateDir(path.join(work, 'state')).withLog(log).start();
  // using(): Ctrl-C stops the server and removes its folder too.
  await using({ release: async () => { await server.release(); await rm(work, { recursive: true, force: true }); } }, async () => {
    await load(server.pg, scale);
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
    process.stdout.write(`${comparison(calibration, estimate, truth, sampled.seconds + estimated.seconds, full.seconds)}\n`);
  });
}

async function load(pg: Parameters<typeof connectPg>[0], scale: number): Promise<void> {
  const shapes = sampleDatabaseShapes(scale);
  log(`loading ${shapes.length} tables, ${shapes.reduce((a, t) => a + t.rows, 0).toLocaleString('en-US')} rows, by a plain SQL script…`);
  const started = performance.now();
  const client = await connectPg(pg);
  try {
    await client.query(sampleDatabaseSql(scale));
    // At rest, as a staging copy is: freshly inserted tables are otherwise vacuumed by autovacuum
    // while the sample's jobs read (seen as ShareUpdateExclusiveLock in their observations).
    // VACUUM cannot run inside the script's implicit transaction.
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
  log(`loaded and vacuumed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The connector jobs' wall time, submission to end, summed over a run's points. */
const snapshots = (r: RunResult): number => r.points.flatMap((p) => p.samples).reduce((a, s) => a + s.wallSeconds, 0);

function comparison(calibration: RunResult, estimate: EstimateResult, truth: RunResult, sampledSeconds: number, fullSeconds: number): string {
  const table = new Table({ head: ['p', 'predicted', 'range', 'measured', 'error'], style: tableStyle() });
  const errors: number[] = [];
  for (const p of estimate.predictions) {
    const sample = truth.points.find((x) => x.settings.parallelism === p.parallelism)?.samples.find((s) => s.ok);
    if (!sample) continue;
    const error = (p.seconds - sample.wallSeconds) / sample.wallSeconds;
    errors.push(Math.abs(error));
    table.push([p.parallelism, `${p.seconds.toFixed(1)} s`, `${p.low.toFixed(1)} – ${p.high.toFixed(1)} s`, `${sample.wallSeconds.toFixed(1)} s`, `${(error * 100).toFixed(1)} %`]);
  }
  const s = estimate.sampling;
  const share = sampledSeconds / fullSeconds;
  return [
    `database: ${truth.scenario.tables} tables, ${truth.scenario.rows.toLocaleString('en-US')} rows, ${(truth.scenario.diskBytes / 1e6).toFixed(0)} MB on disk; chunk size ${estimate.chunkSize}; ${truth.environment.cores} cores`,
    `sample --sample ${s?.spec}: the connector read ${s?.measuredTables.length} tables (${calibration.scenario.rows.toLocaleString('en-US')} rows: ${s?.measuredTables.join(', ')}); ${s?.probedTables.length} largest probed (${s?.probedTables.map((p) => `${p.table} ${p.chunks} chunks vs ${p.chunksByRows} by rows`).join('; ')}); ${s?.extrapolatedTables.length} extrapolated`,
    ...estimate.calibration.explanation,
    table.toString(),
    `largest error ${(Math.max(...errors) * 100).toFixed(1)} % (target ≤ 15 %)`,
    `sampled sizing (run --sample + estimate) ${sampledSeconds.toFixed(0)} s (its snapshots ${snapshots(calibration).toFixed(0)} s) vs full run ${fullSeconds.toFixed(0)} s (its snapshots ${snapshots(truth).toFixed(0)} s): ${(share * 100).toFixed(1)} % (target ≤ 10 %)`,
  ].join('\n');
}

main().catch((err: unknown) => {
  log(`bench:sample failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
