/**
 * bench:estimate — does the capacity model predict a larger snapshot within 15 %?
 *
 * On one embedded server: calibrate by running the connector on a scenario at scales s/2 and s (two
 * volumes, so a chunk's cost and a table's fixed cost separate), load the same scenario at 4·s, profile it
 * (the catalog a user would bring), estimate it from the calibration, then measure it. Prints
 * predicted vs measured per parallelism and the error. Every step goes through the CLI, as a user
 * would run it.
 *
 * Runs on this machine vary by ±7 % from one to the next, so every calibration point is measured
 * `--repeat` times (median) and the truth twice.
 *
 *   npm run bench:estimate -- [--scenario scenarios/first-sizing.yaml] [--scale 0.5] [--factor 4] [--parallelism 1,2] [--repeat 3]
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { using } from '../src/commands/cleanup.js';
import { EmbeddedPostgres } from '../src/infra/embedded/embedded-postgres.js';
import { estimateResultSchema } from '../src/model/estimate-result.js';
import { runResultSchema, type RunResult } from '../src/model/run-result.js';
import { summarize } from '../src/model/statistics.js';
import { tableStyle } from '../src/report/terminal/format.js';
import { cli, log } from './bench-cli.js';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'scenarios/first-sizing.yaml' },
    scale: { type: 'string', default: '0.5' },
    factor: { type: 'string', default: '4' },
    parallelism: { type: 'string', default: '1,2' },
    'chunk-size': { type: 'string', default: '8096' },
    repeat: { type: 'string', default: '3' },
  },
});

async function main(): Promise<void> {
  const scale = Number(args.scale);
  const target = scale * Number(args.factor);
  const chunk = args['chunk-size']!;
  const work = await mkdtemp(path.join(tmpdir(), 'cdc-sizer-bench-estimate-'));
  await chmod(work, 0o755); // as root the server runs as the postgres user, which must reach its state
  const server = await new EmbeddedPostgres().withStateDir(path.join(work, 'state')).withLog(log).start();
  // using(): Ctrl-C stops the server and removes its folder too.
  await using({ release: async () => { await server.release(); await rm(work, { recursive: true, force: true }); } }, async () => {
    const url = server.pg.url;
    const common = ['--pg-url', url, '--engine', 'flink-cdc', '--parallelism', args.parallelism!, '--json'];
    const calibrationFiles: string[] = [];
    let calibration: RunResult | undefined;
    for (const s of [scale / 2, scale]) {
      calibration = runResultSchema.parse(JSON.parse((await cli(['run', args.scenario!, '--scale', String(s), '--chunk-size', chunk, '--repeat', args.repeat!, ...common])).out));
      calibrationFiles.push(path.join(work, `calibration-${s}.json`));
      await writeFile(calibrationFiles.at(-1)!, JSON.stringify(calibration));
    }
    await cli(['generate', args.scenario!, '--scale', String(target), '--pg-url', url]);
    const catalogFile = path.join(work, 'catalog.json');
    await cli(['profile', '--pg-url', url, '--sample-seconds', '1', '--out', catalogFile]);
    const estimate = estimateResultSchema.parse(JSON.parse((await cli(['estimate', ...calibrationFiles.flatMap((f) => ['--calibration', f]), '--catalog', catalogFile, '--parallelism', args.parallelism!, '--chunk-size', chunk, '--json'])).out));
    const truth = runResultSchema.parse(JSON.parse((await cli(['run', args.scenario!, '--scale', String(target), '--chunk-size', chunk, '--repeat', '2', ...common])).out));
    process.stdout.write(`${comparison(calibration!, truth, estimate)}\n`);
  });
}

function comparison(calibration: RunResult, truth: RunResult, estimate: ReturnType<typeof estimateResultSchema.parse>): string {
  const table = new Table({ head: ['p', 'predicted', 'range', 'measured', 'error'], style: tableStyle() });
  const errors: number[] = [];
  for (const p of estimate.predictions) {
    const point = truth.points.find((x) => x.settings.parallelism === p.parallelism && x.samples.every((s) => s.ok));
    if (!point) continue;
    const measured = summarize(point.samples.map((s) => s.wallSeconds)).median;
    const error = (p.seconds - measured) / measured;
    errors.push(Math.abs(error));
    const runs = point.samples.map((s) => s.wallSeconds.toFixed(1)).join(', ');
    table.push([p.parallelism, `${p.seconds.toFixed(1)} s`, `${p.low.toFixed(1)} – ${p.high.toFixed(1)} s`, `${measured.toFixed(1)} s (${runs})`, `${(error * 100).toFixed(1)} %`]);
  }
  const c = estimate.calibration;
  return [
    `calibrated on ${calibration.scenario.name} at scales ${calibration.scenario.scale / 2} and ${calibration.scenario.scale} (up to ${calibration.scenario.rows.toLocaleString('en-US')} rows); predicted and measured at scale ${truth.scenario.scale} (${truth.scenario.rows.toLocaleString('en-US')} rows), chunk size ${estimate.chunkSize}; ${truth.environment.cores} cores`,
    ...c.explanation,
    table.toString(),
    `largest error ${(Math.max(...errors) * 100).toFixed(1)} % (target ≤ 15 %)`,
  ].join('\n');
}

main().catch((err: unknown) => {
  log(`bench:estimate failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
