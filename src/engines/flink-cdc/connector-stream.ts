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
export async function startConnectorStream(rest: FlinkRest, jarId: string, pg: PgEndpoint, tables: SourceTable[], settings: FlinkRunSettings, names: RunNames, onJob?: (jobId: string) => void, timeoutMs = 600_000): Promise<StreamConsumer> {
  const args = [...jobArguments(pg, tables, settings, names), '--startup', 'initial', '--publication-mode', 'existing'];
  const jobId = await rest.run(jarId, { entryClass: JOB_ENTRY_CLASS, args, parallelism: settings.parallelism });
  onJob?.(jobId);
  const started = Date.now();
  for (;;) {
    const job = await rest.job(jobId);
    if (TERMINAL_STATES.has(job.state)) throw new Error(`the connector's job ended (${job.state}) before its stream was read: ${(await rest.rootException(jobId).catch(() => undefined)) ?? 'no cause given'}`);
    const sources = job.vertices.filter((v) => v.name.startsWith('Source')).map((v) => v.id);
    if ((await readEnumeratorProgress(rest, jobId, sources).catch(() => undefined))?.streamReading) break;
    if (Date.now() - started > timeoutMs) throw new Error(`the connector's snapshot did not end within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    progress: async () => {
      const job = await rest.job(jobId);
      if (TERMINAL_STATES.has(job.state)) throw new Error(`the connector's job ended (${job.state}): ${(await rest.rootException(jobId).catch(() => undefined)) ?? 'no cause given'}`);
      const acc = await rest.accumulators(jobId);
      return { changes: changesFromAccumulators(acc).reduce((a, c) => a + c.inserts + c.updates + c.deletes, 0), maxLsn: streamFromAccumulators(acc).maxLsn };
    },
    stop: async () => {
      await rest.cancel(jobId).catch(() => undefined);
      await rest.waitForEnd(jobId, { pollMs: 250, timeoutMs: 60_000 }).catch(() => undefined);
    },
  };
}
