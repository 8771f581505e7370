import { setTimeout as sleep } from 'node:timers/promises';
import Table from 'cli-table3';
import { writeStreamCapacityFile, type ResultPlace } from '../report/result-file.js';
import type pg from 'pg';
import { connectorStream } from './stream-consumers.js';
import { startStreamCeiling, type StreamConsumer } from '../engines/stream-ceiling/stream-ceiling.js';
import { lsnValue } from '../engines/flink-cdc/stream-accumulators.js';
import type { SourceTable } from '../engines/source-table.js';
import { planGeneration } from '../datagen/table-plan.js';
import type { Endpoints } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import { startEndpoints } from '../infra/start-endpoints.js';
import { capacityOf, judgeStep, nextRate, streamCapacityResultSchema, type CapacityEngine, type CapacityStep, type StreamCapacityResult } from '../model/stream-capacity.js';
import { RESULT_SCHEMA_VERSION } from '../model/run-result.js';
import { fmtInt, tableStyle } from '../report/terminal/format.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { takeRunLease } from '../verify/run-ownership.js';
import { dropLeftovers } from '../verify/leftovers.js';
import { loadWorkloadFile } from '../workload/load-workload.js';
import { Workload } from '../workload/workload-runner.js';
import { groupRate, type WorkloadSpec } from '../workload/workload-spec.js';
import { markWritten } from '../datagen/ownership.js';
import { reportCleanupFailure, using } from './cleanup.js';
import { requireServedVersions } from './connector-versions.js';
import { DEFAULT_CDC_VERSION } from '../infra/flink/maven-build.js';
import { ensureDataset, requireLogicalWal, sourceTables, withFlinkSession, type RunOptions } from './run.js';
import { UsageError } from './usage-error.js';
import { infraChoice, type InfraOptions } from './infra-choice.js';

export interface StreamCapacityOptions extends InfraOptions {
  scale?: number;
  pgUrl?: string;
  flinkUrl?: string;
  workload?: string;
  engine: string;
  stepSeconds: number;
  startRate?: number;
  maxRate: number;
  connectorVersion?: string;
  json: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * stream-capacity SCENARIO: the highest change rate the connector's one stream reader keeps up
 * with on this source, and the highest the stream ceiling (pgoutput read and discarded) keeps up
 * with, found by stepping the scenario's workload up.
 */
export async function streamCapacityCommand(file: string, opts: StreamCapacityOptions): Promise<void> {
  const { result, dir } = await streamCapacityToFolder(file, opts);
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${capacityText(result)}\nresult: ${dir}/result.json\n`);
}

/** The search, up to its folder written (reports/<timestamp>-stream-capacity-<scenario>/, or `place`); the caller prints it. */
export async function streamCapacityToFolder(file: string, opts: StreamCapacityOptions, place: ResultPlace = {}): Promise<{ result: StreamCapacityResult; dir: string }> {
  type Engine = CapacityEngine['engine'];
  const engines: Engine[] | undefined = opts.engine === 'both' ? ['stream-ceiling', 'flink-cdc'] : opts.engine === 'stream-ceiling' || opts.engine === 'flink-cdc' ? [opts.engine] : undefined;
  if (!engines) throw new UsageError(`--engine must be stream-ceiling, flink-cdc or both, got "${opts.engine}"`);
  const plan = planGeneration(await loadScenario(file, { scale: opts.scale }));
  const workload = opts.workload !== undefined ? await loadWorkloadFile(opts.workload) : plan.scenario.workload;
  if (!workload) throw new UsageError(`stream-capacity steps a workload up: give the scenario a workload: section, or pass --workload FILE`);
  const version = opts.connectorVersion ?? DEFAULT_CDC_VERSION;
  if (engines.includes('flink-cdc')) await requireServedVersions([version]);
  const base = workload.groups.reduce((a, g) => a + groupRate(g), 0);
  const start = opts.startRate ?? base;
  const endpoints = await startEndpoints({ pgUrl: opts.pgUrl, ...infraChoice(opts, 1), log });
  let source: StreamCapacityResult['source'];
  const result = await using(endpoints, async (e) => {
    await requireLogicalWal(e);
    source = await sourceOf(e, plan.scenario.scale);
    await ensureDataset(e, plan);
    const tables = await sourceTables(e, plan);
    const client = await connectPg(e.pg);
    await markWritten(client, plan.scenario.schema, plan.tables.map((t) => t.spec.name), plan.scenario.name, plan.scenario.hash).finally(() => client.end());
    const lease = await takeRunLease(e.pg);
    try {
      const measured: CapacityEngine[] = [];
      for (const engine of engines) {
        const stem = `cdcsizer_${lease.runId}_${engine === 'flink-cdc' ? 'c' : 'r'}`;
        log(`${engine}: stepping the workload from ${fmtInt(start)} changes/s, ${opts.stepSeconds} s a step`);
        const body = async (consumer: StreamConsumer) => search(e, consumer, workload, tables, start, opts);
        const steps = engine === 'stream-ceiling'
          ? await withConsumer(e, stem, () => startStreamCeiling(e.pg, tables, stem), body)
          : await withFlinkSession({ connectorVersion: [version], flinkUrl: opts.flinkUrl } as RunOptions, e, 1, (flink) => withConsumer(e, stem, () => connectorStream(e, flink.target(version), tables, stem), body));
        measured.push({ engine, ...(engine === 'flink-cdc' ? { connectorVersion: version } : {}), steps: steps.steps, latencySeconds: steps.latencySeconds, ...(steps.drain ? { drain: steps.drain } : {}), ...capacityOf(steps.steps, opts.maxRate), ...(steps.failure ? { failure: steps.failure } : {}) });
      }
      return measured;
    } finally {
      await lease.release();
    }
  });
  // The file must read back through its own schema (a reading that failed would be written as undefined).
  const out = streamCapacityResultSchema.parse(resultOf(plan.scenario.name, opts.stepSeconds, result, source));
  return { result: out, dir: await writeStreamCapacityFile(out, place) };
}

/** The server the capacity was measured on: a figure of that server, which an estimate of another must not pass off as its own. */
async function sourceOf(e: Endpoints, scale: number): Promise<StreamCapacityResult['source']> {
  const c = await connectPg(e.pg);
  const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v").finally(() => c.end());
  return { provider: e.provider, server: `${e.pg.host}:${e.pg.port}`, database: e.pg.database, postgres: rows[0]!.v, scale };
}

/**
 * A consumer for the body's time. After it, on error and on Ctrl-C (cleanup.ts), the consumer is
 * stopped and its slot and publication (named by `stem`) dropped, also when it could not start;
 * what could not be dropped is said with the SQL that removes it.
 */
async function withConsumer<T>(e: Endpoints, stem: string, open: () => Promise<StreamConsumer>, body: (c: StreamConsumer) => Promise<T>): Promise<T> {
  let consumer: StreamConsumer | undefined;
  const stopAndDrop = async () => {
    try {
      await consumer?.stop();
    } finally {
      // The WAL sender may outlive its connection for a moment: dropLeftovers waits for it, then drops.
      const c = await connectPg(e.pg);
      const cleaned = await dropLeftovers(c, { stems: [stem] }).finally(() => c.end());
      for (const f of cleaned.failures) reportCleanupFailure(f);
    }
  };
  // Once, whether Ctrl-C or the body's end comes first (the body may still be ending when Ctrl-C's cleanup runs).
  let released: Promise<void> | undefined;
  const held = { release: () => (released ??= stopAndDrop()) };
  return using(held, async () => {
    consumer = await open();
    return body(consumer);
  });
}

/** Steps the workload's rate (doubling, then one narrowing step) until the consumer falls behind or the workload cannot go faster. */
type Searched = { steps: CapacityStep[]; latencySeconds: number | null; drain?: CapacityEngine['drain']; failure?: string };

async function search(e: Endpoints, consumer: StreamConsumer, spec: WorkloadSpec, tables: SourceTable[], start: number, opts: StreamCapacityOptions): Promise<Searched> {
  const steps: CapacityStep[] = [];
  const base = spec.groups.reduce((a, g) => a + groupRate(g), 0);
  const wal = await connectPg(e.pg, { applicationName: 'cdc-sizer observer' });
  let latency: number | null = null;
  try {
    latency = await idleLatency(e, consumer, spec, tables);
    if (latency === null) return { steps, latencySeconds: null, failure: 'a single change never reached the consumer within 30 s' };
    log(`  one change alone arrives ${latency.toFixed(1)} s after its commit: the consumer's own delay, allowed on top of every step`);
    for (let rate = nextRate(steps, start, opts.maxRate); rate !== undefined; rate = nextRate(steps, start, opts.maxRate)) {
      const scaled = scale(spec, rate / base);
      const w = await Workload.prepare(e.pg, scaled, tables);
      const walBefore = await position(wal);
      w.start();
      await sleep(opts.stepSeconds * 1000);
      const report = await w.stop();
      const walAfter = await position(wal);
      const final = lsnValue(await w.finalChange());
      const drain = await waitFor(consumer, final, Math.max(30, 2 * opts.stepSeconds) * 1000);
      const step = judgeStep({ askedPerSecond: rate, committedPerSecond: report.achievedPerSecond, walMBPerSecond: Number(walAfter - walBefore) / 1e6 / report.seconds, seconds: report.seconds, drainSeconds: drain }, report.heldShare, latency);
      steps.push(step);
      log(`  ${fmtInt(rate)} changes/s asked: ${fmtInt(step.committedPerSecond)} committed (${step.walMBPerSecond.toFixed(2)} MB/s of WAL), the final change arrived ${drain === null ? 'not within the grace' : `${drain.toFixed(1)} s after the stop`}: ${step.keptUp ? 'kept up' : 'FELL BEHIND'}${step.generatorBehind ? '; the workload could not write faster here' : ''}`);
      if (drain === null) return { steps, latencySeconds: latency }; // a backlog that did not drain would spoil what follows
    }
    const fastest = Math.max(...steps.map((s) => s.askedPerSecond));
    return { steps, latencySeconds: latency, drain: await drainBacklog(e, consumer, scale(spec, (fastest * 2) / base), tables, opts.stepSeconds, wal) };
  } catch (err) {
    return { steps, latencySeconds: latency, failure: (err as Error).message };
  } finally {
    await wal.end();
  }
}

/**
 * The consumer stopped, a backlog written for `seconds` at the workload's fastest, the consumer
 * started again: the backlog's changes over the time from the first of them to arrive to the last
 * is how fast it reads, even where the workload cannot write as fast.
 */
async function drainBacklog(e: Endpoints, consumer: StreamConsumer, spec: WorkloadSpec, tables: SourceTable[], seconds: number, wal: pg.Client): Promise<NonNullable<CapacityEngine['drain']>> {
  await consumer.pause();
  const w = await Workload.prepare(e.pg, spec, tables);
  const before = await position(wal);
  w.start();
  await sleep(seconds * 1000);
  const report = await w.stop();
  const final = lsnValue(await w.finalChange());
  const walBytes = Number((await position(wal)) - before);
  await consumer.resume();
  const arrived = await waitFor(consumer, final, Math.max(120, 10 * seconds) * 1000);
  // The consumer's own clock of its backlog: its first change to its last, whatever its start-up and polling delay.
  const p = await consumer.progress();
  const took = arrived === null || p.firstMs === undefined || p.lastMs === undefined || p.changesSinceStart < 2 ? null : Math.max(0.001, (p.lastMs - p.firstMs) / 1000);
  const n = p.changesSinceStart;
  log(`  drain: ${fmtInt(report.committed)} changes (${(walBytes / 1e6).toFixed(1)} MB of WAL) written while it was stopped; ${took === null ? 'not drained within the grace' : `${fmtInt(n)} arrived over ${took.toFixed(2)} s once it read again: ${fmtInt(n / took)} changes/s, ${(walBytes / 1e6 / took).toFixed(2)} MB/s`}`);
  return { backlogChanges: report.committed, backlogWalBytes: walBytes, seconds: took, ...(took !== null ? { changesPerSecond: n / took, walMBPerSecond: walBytes / 1e6 / took } : {}) };
}

/** The fastest of three single changes' arrival, with nothing else written. */
async function idleLatency(e: Endpoints, consumer: StreamConsumer, spec: WorkloadSpec, tables: SourceTable[]): Promise<number | null> {
  const w = await Workload.prepare(e.pg, spec, tables);
  let best: number | null = null;
  for (let i = 0; i < 3; i++) {
    const d = await waitFor(consumer, lsnValue(await w.finalChange()), 30_000);
    if (d !== null && (best === null || d < best)) best = d;
  }
  return best;
}

function scale(spec: WorkloadSpec, factor: number): WorkloadSpec {
  return { ...spec, groups: spec.groups.map((g) => ({ ...g, inserts: g.inserts * factor, updates: g.updates * factor, deletes: g.deletes * factor })) };
}

async function position(c: pg.Client): Promise<bigint> {
  return lsnValue((await c.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]!.l);
}

/** Seconds until the consumer has received the change at `lsn`; null past `graceMs`. */
async function waitFor(consumer: StreamConsumer, lsn: bigint, graceMs: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < graceMs) {
    if ((await consumer.progress()).maxLsn >= lsn) return (performance.now() - started) / 1000;
    await sleep(200);
  }
  return null;
}

function resultOf(subject: string, stepSeconds: number, engines: CapacityEngine[], source: StreamCapacityResult['source']): StreamCapacityResult {
  const ceiling = engines.find((x) => x.engine === 'stream-ceiling');
  const connector = engines.find((x) => x.engine === 'flink-cdc');
  const share = ceiling && connector && ceiling.bound === 'measured' && ceiling.sustainedPerSecond > 0 ? connector.sustainedPerSecond / ceiling.sustainedPerSecond : undefined;
  return { schemaVersion: RESULT_SCHEMA_VERSION, kind: 'stream-capacity', createdAt: new Date().toISOString(), subject, ...(source ? { source } : {}), stepSeconds, engines, ...(share !== undefined ? { connectorShare: share } : {}) };
}

export function capacityText(r: StreamCapacityResult): string {
  const t = new Table({ style: tableStyle(), head: ['engine', 'asked changes/s', 'committed/s', 'WAL MB/s', 'final change after', 'kept up'] });
  for (const e of r.engines) for (const s of e.steps) t.push([e.engine, fmtInt(s.askedPerSecond), fmtInt(s.committedPerSecond), s.walMBPerSecond.toFixed(2), s.drainSeconds === null ? 'never' : `${s.drainSeconds.toFixed(1)} s`, s.keptUp ? 'yes' : 'no']);
  const lines = r.engines.map((e) => {
    const at = `${fmtInt(e.sustainedPerSecond)} changes/s (${e.sustainedWalMBPerSecond.toFixed(2)} MB/s of WAL)`;
    const bound = e.bound === 'generator' ? `at least ${at}: the workload could not write faster on this source` : e.bound === 'max-rate' ? `at least ${at} (--max-rate reached)` : `${at}; above the next step it fell behind`;
    const drained = e.drain?.changesPerSecond !== undefined ? `; reads a backlog at ${fmtInt(e.drain.changesPerSecond)} changes/s (${e.drain.walMBPerSecond!.toFixed(2)} MB/s of WAL)` : '';
    return `${e.engine}${e.connectorVersion ? ` ${e.connectorVersion}` : ''}: ${e.failure ? `stopped: ${e.failure}; ` : ''}kept up with ${bound}${drained}`;
  });
  const c = r.engines.find((x) => x.engine === 'flink-cdc')?.drain?.changesPerSecond;
  const ceil = r.engines.find((x) => x.engine === 'stream-ceiling')?.drain?.changesPerSecond;
  const drainShare = c !== undefined && ceil !== undefined ? [`the connector's stream reader reads a backlog at ${((c / ceil) * 100).toFixed(0)} % of the ceiling's rate: above about ${fmtInt(c)} changes/s written, the connector never catches up on this source`] : [];
  const share = r.connectorShare !== undefined ? [`of the rates kept up with, the connector's is ${(r.connectorShare * 100).toFixed(0)} % of the ceiling's`, ...drainShare] : drainShare;
  return [t.toString(), ...lines, ...share].join('\n');
}
