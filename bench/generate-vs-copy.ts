/**
 * bench:generate — is the generator fast enough that PostgreSQL, not Node, sets the pace?
 *
 * Loads the same scenario twice per repeat into one embedded server, with the same tables, DDL
 * and concurrency: once through the generator (rows made in Node, streamed into COPY FROM STDIN),
 * once as the physical limit (the same bytes written to files beforehand, loaded with server-side
 * COPY … FROM 'file'). A third path replays those files through COPY FROM STDIN: the ceiling of any
 * client-fed load, which separates the generator's own cost from the protocol's. Only the COPY phase
 * is timed. Prints the throughputs and the generator / limit ratio.
 *
 *   npm run bench:generate -- [--scenario scenarios/hundreds-of-tables.yaml] [--scale 1] [--concurrency 2] [--repeat 2]
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { from as copyFrom } from 'pg-copy-streams';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { copyColumnList } from '../src/datagen/ddl.js';
import { qualified } from '../src/sql/identifiers.js';
import { forEachConcurrently, largestFirst, loadDataset, prepareTarget, sessionSettings } from '../src/datagen/load-dataset.js';
import { PoolBank } from '../src/datagen/pool-bank.js';
import { RowStream } from '../src/datagen/row-stream.js';
import { TableGenerator } from '../src/datagen/table-generator.js';
import { planGeneration, type GenerationPlan } from '../src/datagen/table-plan.js';
import { EmbeddedPostgres } from '../src/infra/embedded/embedded-postgres.js';
import type { PgEndpoint } from '../src/infra/endpoints.js';
import { connectPg } from '../src/infra/pg-connect.js';
import { fmtBytes, fmtInt, tableStyle } from '../src/report/terminal/format.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { log } from './bench-cli.js';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'scenarios/hundreds-of-tables.yaml' },
    scale: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '2' },
  },
});

async function main(): Promise<void> {
  const plan = planGeneration(await loadScenario(args.scenario!, { scale: Number(args.scale) }));
  const concurrency = Number(args.concurrency);
  const work = await mkdtemp(path.join(tmpdir(), 'cdc-sizer-bench-'));
  await chmod(work, 0o755); // the server (postgres OS user when we are root) reads the files
  const server = await new EmbeddedPostgres().withStateDir(path.join(work, 'state')).withLog(log).start();
  try {
    log(`writing the rows of "${plan.scenario.name}" (scale ${plan.scenario.scale}) to files for the server-side COPY…`);
    const files = await writeTableFiles(plan, path.join(work, 'rows'));
    // The first load into a new server also creates its WAL segment files; later loads recycle
    // them. An untimed warm-up load keeps that cost out of whichever path would run first.
    log('warm-up: one untimed server-side load');
    await fileCopy(server.pg, plan, files, concurrency, 'server');
    const gen: number[] = [];
    const limit: number[] = [];
    let bytes = 0;
    const runGenerator = async (r: number) => {
      log(`repeat ${r}: generator → COPY FROM STDIN`);
      await checkpoint(server.pg);
      const loaded = await loadDataset(server.pg, plan, { concurrency, allowExisting: false });
      gen.push(loaded.loadSeconds);
      bytes = loaded.bytes;
    };
    const replay: number[] = [];
    const runLimit = async (r: number) => {
      log(`repeat ${r}: files → server-side COPY FROM 'file'`);
      limit.push(await fileCopy(server.pg, plan, files, concurrency, 'server'));
      log(`repeat ${r}: files → COPY FROM STDIN`);
      replay.push(await fileCopy(server.pg, plan, files, concurrency, 'stdin'));
    };
    // ABBA order, so that drift over the run does not favour one path.
    for (let r = 1; r <= Number(args.repeat); r++) {
      if (r % 2 === 1) {
        await runGenerator(r);
        await runLimit(r);
      } else {
        await runLimit(r);
        await runGenerator(r);
      }
    }
    printResult(plan, bytes, concurrency, gen, limit, replay);
  } finally {
    await server.release();
    await rm(work, { recursive: true, force: true });
  }
}

async function writeTableFiles(plan: GenerationPlan, dir: string): Promise<Map<string, string>> {
  await mkdir(dir, { mode: 0o755 });
  const bank = new PoolBank(plan.scenario.seed, plan.scenario.poolSize);
  const files = new Map<string, string>();
  for (const table of plan.tables) {
    const file = path.join(dir, `${table.spec.name}.copy`);
    await pipeline(new RowStream(new TableGenerator(table, plan.scenario.seed, bank)), createWriteStream(file, { mode: 0o644 }));
    files.set(table.spec.name, file);
  }
  return files;
}

/**
 * Same preparation as generate (drop and recreate the tables), then COPY from the files, read by
 * the server itself or streamed by us through COPY FROM STDIN; returns the COPY phase's seconds.
 */
async function fileCopy(endpoint: PgEndpoint, plan: GenerationPlan, files: Map<string, string>, concurrency: number, via: 'server' | 'stdin'): Promise<number> {
  const admin = await connectPg(endpoint, { settings: sessionSettings(plan) });
  try {
    await prepareTarget(admin, plan, false);
  } finally {
    await admin.end();
  }
  await checkpoint(endpoint);
  const started = performance.now();
  await forEachConcurrently(largestFirst(plan.tables), concurrency, endpoint, plan, async (client, table) => {
    const target = `${qualified(table.spec.schema, table.spec.name)} (${copyColumnList(table)})`;
    const file = files.get(table.spec.name)!;
    if (via === 'server') await client.query(`COPY ${target} FROM '${file}'`);
    else await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
  });
  return (performance.now() - started) / 1000;
}

async function checkpoint(endpoint: PgEndpoint): Promise<void> {
  const c = await connectPg(endpoint);
  await c.query('CHECKPOINT');
  await c.end();
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function printResult(plan: GenerationPlan, bytes: number, concurrency: number, gen: number[], limit: number[], replay: number[]): void {
  const rows = plan.tables.reduce((a, t) => a + t.spec.rows, 0);
  const t = new Table({ style: tableStyle(), head: ['path', 'runs', 'COPY s (median)', 'min–max s', 'rows/s', 'MB/s'] });
  const line = (name: string, xs: number[]) => [name, String(xs.length), median(xs).toFixed(1), `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`, fmtInt(rows / median(xs)), (bytes / 1e6 / median(xs)).toFixed(1)];
  t.push(line('generator → COPY FROM STDIN', gen), line("server-side COPY FROM 'file'", limit), line('files → COPY FROM STDIN', replay));
  process.stdout.write(`${plan.scenario.name} scale ${plan.scenario.scale}: ${plan.tables.length} tables, ${fmtInt(rows)} rows, ${fmtBytes(bytes)} of COPY text, concurrency ${concurrency}\n`);
  process.stdout.write(`${t.toString()}\n`);
  process.stdout.write(`generator / limit throughput = ${(median(limit) / median(gen)).toFixed(2)} (target ≥ 0.80)\n`);
  process.stdout.write(`files through COPY FROM STDIN / limit = ${(median(limit) / median(replay)).toFixed(2)} (what any client-fed load can reach here)\n`);
}

await main();
