import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PgEndpoint } from '../infra/endpoints.js';
import { externalPostgres } from '../infra/external/external-postgres.js';
import { InfraError } from '../infra/infra-error.js';
import { PROJECT_ROOT } from '../infra/flink/maven-build.js';
import { connectPg } from '../infra/pg-connect.js';
import type { SampleSpec } from '../model/sample-plan.js';
import { stamp } from '../report/result-file.js';
import { estimateTables } from '../report/terminal/estimate-table.js';
import { preflightTable } from '../report/terminal/preflight-table.js';
import { runTables } from '../report/terminal/run-table.js';
import { connectorCapacity, estimateToFolder, streamReaderCapacity } from './estimate.js';
import { readPreflight, requirePreflightPassed } from './preflight.js';
import { changedNote, existingSelection, requireRunsOk, requireScalingMeasured, runToFolder, type RunOptions } from './run.js';
import { selectedTables, type ExistingSelection } from './run-existing.js';
import { capacityText, streamCapacityToFolder } from './stream-capacity.js';
import { UsageError } from './usage-error.js';

export interface SizeOptions {
  pgUrl: string;
  tables?: string;
  exclude?: string;
  noKey?: string;
  chunkKeyColumn: string[];
  /** --sample N|P% (parsed by the CLI; 10 % by default). */
  sample: { spec: SampleSpec; text: string };
  parallelism: number[];
  verify?: string;
  verifyTimeout?: { text: string; ms: number };
  clean: boolean;
  flinkUrl?: string;
  connectorVersion: string;
  /** An earlier stream-capacity result.json; without it the capacity is measured here, on the embedded server. */
  streamCapacity?: string;
  /** Seconds of each step of the stream-capacity search measured here. */
  stepSeconds: number;
  writeRate?: number;
  freeDisk?: number;
  out?: string;
  json: boolean;
}

/** The parallelisms the estimate predicts (estimate's own default); the measured ones are always added. */
const ESTIMATE_PARALLELISMS = [1, 4, 8, 16, 32];

/** The scenario whose tables and writes the stream reader's capacity is measured on when no earlier result is given. */
export const CAPACITY_SCENARIO = path.join(PROJECT_ROOT, 'scenarios', 'live-writes.yaml');

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * size --pg-url URL: the whole question in one command. Preflight over the selection, the sampled
 * snapshot (as run --pg-url … --sample), the stream reader's capacity (an earlier stream-capacity
 * result, or measured here on the embedded server, never on the user's), then the estimate of the
 * whole sync with its verdict, each step's files in one folder.
 */
export async function sizeCommand(opts: SizeOptions): Promise<void> {
  // Every input is checked before anything is measured: a bad file fails in seconds, not after the snapshot.
  const run = sampledRunOptions(opts);
  const selection = existingSelection(undefined, run)!;
  requireScalingMeasured(run);
  if (opts.streamCapacity !== undefined) await streamReaderCapacity(opts.streamCapacity);
  const show = (text: string) => (opts.json ? process.stderr : process.stdout).write(`${text}\n`);
  const endpoint = (await externalPostgres(opts.pgUrl)).pg;
  const tables = await selectedNames(endpoint, selection);
  const dir = await sizeFolder(opts.out, endpoint.database);
  log(`sizing ${tables.length} table(s) of ${endpoint.display} into ${dir}/`);

  log(`[1/4] preflight of the selected tables (read-only)`);
  const report = await readPreflight(endpoint, { tables, sampleSeconds: 2 });
  await writeFile(path.join(dir, 'preflight.json'), `${JSON.stringify(report, null, 2)}\n`);
  show(preflightTable(report, { target: endpoint.display }));
  requirePreflightPassed(report, 'error');

  log(`[2/4] the sampled snapshot: run --pg-url … --sample ${opts.sample.text} --parallelism ${[...new Set([1, ...run.parallelism])].sort((a, b) => a - b).join(',')}`);
  const snapshot = await runToFolder(undefined, run, { reportsDir: dir, folder: 'snapshot' });
  show(`${runTables(snapshot.result)}\n${changedNote(snapshot.result)}`.trimEnd());
  requireRunsOk(snapshot.result);

  const capacityFile = await streamCapacity(opts, dir, endpoint, show);

  log('[4/4] the estimate of the whole sync');
  const estimate = await estimateToFolder(
    {
      calibration: [path.join(snapshot.dir, 'result.json')],
      catalog: snapshot.catalogFile!,
      parallelism: ESTIMATE_PARALLELISMS,
      streamCapacity: capacityFile,
      ...(opts.writeRate !== undefined ? { writeRate: opts.writeRate } : {}),
      ...(opts.freeDisk !== undefined ? { freeDisk: opts.freeDisk } : {}),
      json: false,
    },
    { reportsDir: dir, folder: 'estimate' },
  );
  show(`${dir}/ holds every step's files: preflight.json; snapshot/ (result.json, catalog.json, report.md, report.html); stream-capacity/result.json; estimate/ (result.json, report.md, report.html)`);
  if (opts.json) process.stdout.write(`${JSON.stringify(estimate.result, null, 2)}\n`);
  else show(estimateTables(estimate.result)); // its last line is the verdict
}

/** What the sampled snapshot is: run --pg-url's existing-database mode with the connector alone, sampled, at the connector's defaults. */
export function sampledRunOptions(opts: Pick<SizeOptions, 'pgUrl' | 'flinkUrl' | 'parallelism' | 'connectorVersion' | 'clean' | 'tables' | 'exclude' | 'noKey' | 'chunkKeyColumn' | 'sample' | 'verify' | 'verifyTimeout'>): RunOptions {
  return {
    pgUrl: opts.pgUrl,
    ...(opts.flinkUrl !== undefined ? { flinkUrl: opts.flinkUrl } : {}),
    parallelism: opts.parallelism,
    chunkSize: [8096],
    sourceOption: [],
    optionSet: [],
    repeat: 1,
    engine: 'flink-cdc',
    connectorVersion: [opts.connectorVersion],
    fidelityRows: 20,
    clean: opts.clean,
    json: false,
    ...(opts.tables !== undefined ? { tables: opts.tables } : {}),
    ...(opts.exclude !== undefined ? { exclude: opts.exclude } : {}),
    ...(opts.noKey !== undefined ? { noKey: opts.noKey } : {}),
    chunkKeyColumn: opts.chunkKeyColumn,
    sample: opts.sample,
    ...(opts.verify !== undefined ? { verify: opts.verify } : {}),
    ...(opts.verifyTimeout !== undefined ? { verifyTimeout: opts.verifyTimeout } : {}),
  };
}

/** --out DIR as given (new, or empty), else reports/<timestamp>-size-<database>/. */
async function sizeFolder(out: string | undefined, database: string): Promise<string> {
  const dir = out ?? path.join('reports', `${stamp(new Date().toISOString())}-size-${database.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`);
  const present = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new UsageError(`--out ${dir}: ${err.code === 'ENOTDIR' ? 'a file of that name exists' : err.message}; pick a new folder`);
  });
  if (present.length > 0) throw new UsageError(`--out ${dir} already holds ${present.length} file(s) (${present.slice(0, 3).join(', ')}); pick a new or empty folder, so that one sizing's files are not mixed with another's`);
  await mkdir(dir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--out ${dir}: cannot create it (${err.code ?? err.message}); pick a folder that can be written`);
  });
  return dir;
}

/** The tables the sizing selects, by schema and name (a pattern matching none is bad input): preflight looks at these alone, so a table left out does not stop it. */
async function selectedNames(endpoint: PgEndpoint, selection: ExistingSelection): Promise<{ schema: string; name: string }[]> {
  const client = await connectPg(endpoint, { applicationName: 'cdc-sizer size', settings: { default_transaction_read_only: 'on' } });
  const tables = await selectedTables(client, selection).finally(() => client.end());
  return tables.map(({ schema, name }) => ({ schema, name }));
}

/**
 * Step 3: the stream reader's capacity as a file in the size folder. An earlier result is copied in;
 * otherwise the connector and the stream ceiling are measured on this machine's embedded PostgreSQL,
 * on the live-writes scenario's own tables: the user's database is never written to.
 */
async function streamCapacity(opts: SizeOptions, dir: string, endpoint: PgEndpoint, show: (text: string) => void): Promise<string> {
  if (opts.streamCapacity !== undefined) {
    const file = path.join(dir, 'stream-capacity', 'result.json');
    log(`[3/4] the stream reader's capacity: ${opts.streamCapacity}, measured earlier (copied to ${file})`);
    await mkdir(path.dirname(file), { recursive: true });
    await copyFile(opts.streamCapacity, file);
    return file;
  }
  log(`[3/4] the stream reader's capacity, measured here: the connector and the stream ceiling on this machine's embedded PostgreSQL, on the ${path.basename(CAPACITY_SCENARIO, '.yaml')} scenario's own tables and writes (nothing is written to ${endpoint.display}); that server's figures are not yours: what carries over is the connector's share of the ceiling`);
  if (opts.flinkUrl !== undefined) log('  on the local Flink cluster: the embedded server listens on 127.0.0.1 only, out of --flink-url\'s reach');
  const measured = await streamCapacityToFolder(CAPACITY_SCENARIO, { engine: 'both', stepSeconds: opts.stepSeconds, maxRate: 200_000, connectorVersion: opts.connectorVersion, json: false }, { reportsDir: dir, folder: 'stream-capacity' });
  show(capacityText(measured.result));
  if (!connectorCapacity(measured.result)) {
    const failure = measured.result.engines.find((e) => e.engine === 'flink-cdc')?.failure;
    throw new InfraError(`the connector's stream reader could not be measured on this machine${failure ? ` (${failure})` : ''}; the snapshot's estimate alone: cdc-sizer estimate --calibration ${path.join(dir, 'snapshot', 'result.json')} --catalog ${path.join(dir, 'snapshot', 'catalog.json')}; or give an earlier measurement with --stream-capacity FILE`);
  }
  return path.join(measured.dir, 'result.json');
}
