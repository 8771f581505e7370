import { setTimeout as sleep } from 'node:timers/promises';
import type { PgEndpoint } from '../../infra/endpoints.js';
import type { StreamConsumer } from '../stream-ceiling/stream-ceiling.js';
import type { SourceTable } from '../source-table.js';
import { readEnumeratorProgress } from './enumerator-metrics.js';
import { JOB_ENTRY_CLASS, jobArguments, type FlinkRunSettings, type RunNames } from './flink-cdc-engine.js';
import { TERMINAL_STATES, type FlinkRest } from './flink-rest.js';
import { changesFromAccumulators, streamFromAccumulators } from './stream-accumulators.js';

/**
 * The connector reading the stream: a job with the snapshot then the stream (its publications
 * created by the caller), returned once its snapshot has ended and its one stream reader reads;
 * progress comes from the sink's accumulators. `stop` cancels the job; the caller drops its slots.
 */
export async function startConnectorStream(rest: FlinkRest, jarId: string, pg: PgEndpoint, tables: SourceTable[], settings: FlinkRunSettings, names: RunNames, savepointDir?: string, onJob?: (jobId: string) => void, timeoutMs = 600_000): Promise<StreamConsumer> {
  const args = [...jobArguments(pg, tables, settings, names), '--startup', 'initial', '--publication-mode', 'existing'];
  let jobId = await rest.run(jarId, { entryClass: JOB_ENTRY_CLASS, args, parallelism: settings.parallelism });
  onJob?.(jobId);
  await untilStreaming(rest, jobId, timeoutMs);
  let savepoint: string | undefined;
  return {
    progress: async () => {
      if (savepoint) return { changes: 0, maxLsn: 0n, changesSinceStart: 0 };
      const job = await rest.job(jobId);
      if (TERMINAL_STATES.has(job.state)) throw new Error(`the connector's job ended (${job.state}): ${(await rest.rootException(jobId).catch(() => undefined)) ?? 'no cause given'}`);
      const acc = await rest.accumulators(jobId);
      const changes = changesFromAccumulators(acc).reduce((a, c) => a + c.inserts + c.updates + c.deletes, 0);
      const stream = streamFromAccumulators(acc);
      // Each job (the one restarted from the savepoint too) counts from zero.
      return { changes, changesSinceStart: changes, maxLsn: stream.maxLsn, ...(stream.firstMs !== undefined ? { firstMs: stream.firstMs } : {}), ...(stream.lastMs !== undefined ? { lastMs: stream.lastMs } : {}) };
    },
    // Stopped with a savepoint, as an operator stops a job for maintenance; the slot keeps its place.
    pause: async () => {
      savepoint = await rest.stopWithSavepoint(jobId, savepointDir);
    },
    resume: async () => {
      jobId = await rest.run(jarId, { entryClass: JOB_ENTRY_CLASS, args, parallelism: settings.parallelism, savepointPath: savepoint! });
      onJob?.(jobId);
      savepoint = undefined;
      await untilRunning(rest, jobId, timeoutMs);
    },
    stop: async () => {
      if (savepoint) return;
      await rest.cancel(jobId).catch(() => undefined);
      await rest.waitForEnd(jobId, { pollMs: 250, timeoutMs: 60_000 }).catch(() => undefined);
    },
  };
}

async function untilRunning(rest: FlinkRest, jobId: string, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const job = await rest.job(jobId);
    if (TERMINAL_STATES.has(job.state)) throw new Error(`the connector's job ended (${job.state}) as it restarted from its savepoint: ${(await rest.rootException(jobId).catch(() => undefined)) ?? 'no cause given'}`);
    if (job.state === 'RUNNING' && job.vertices.every((v) => v.status === 'RUNNING')) return;
    if (Date.now() - started > timeoutMs) throw new Error(`the connector's job did not run within ${timeoutMs / 1000} s of its restart`);
    await sleep(250);
  }
}

async function untilStreaming(rest: FlinkRest, jobId: string, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const job = await rest.job(jobId);
    if (TERMINAL_STATES.has(job.state)) throw new Error(`the connector's job ended (${job.state}) before its stream was read: ${(await rest.rootException(jobId).catch(() => undefined)) ?? 'no cause given'}`);
    const sources = job.vertices.filter((v) => v.name.startsWith('Source')).map((v) => v.id);
    if ((await readEnumeratorProgress(rest, jobId, sources).catch(() => undefined))?.streamReading) break;
    if (Date.now() - started > timeoutMs) throw new Error(`the connector's snapshot did not end within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}
