import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConnectorStream } from '../engines/flink-cdc/connector-stream.js';
import { createRunPublications, publicationGroups } from '../engines/flink-cdc/run-publications.js';
import type { StreamConsumer } from '../engines/stream-ceiling/stream-ceiling.js';
import type { SourceTable } from '../engines/source-table.js';
import { pgForFlink, type Endpoints } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import type { FlinkTarget } from './flink-sample.js';

/** The connector at p = 1 with the defaults, on publications the run created, streaming once its snapshot has ended. */
export async function connectorStream(e: Endpoints, flink: FlinkTarget, tables: SourceTable[], stem: string): Promise<StreamConsumer> {
  const c = await connectPg(e.pg);
  await createRunPublications(c, publicationGroups(tables, {}, stem)).finally(() => c.end());
  const settings = { parallelism: 1, chunkSize: 8096, sourceOptions: {}, ...(flink.passwordChannel ? { passwordChannel: flink.passwordChannel } : {}) };
  // The local cluster's savepoints go to a folder of ours, removed when the consumer stops; a remote cluster uses its state.savepoints.dir.
  const folder = flink.local ? await mkdtemp(path.join(tmpdir(), 'cdc-sizer-savepoints-')) : undefined;
  const removeFolder = () => (folder ? rm(folder, { recursive: true, force: true }) : Promise.resolve());
  const consumer = await startConnectorStream(flink.rest, flink.jarId, pgForFlink(e), tables, settings, { slot: stem, publication: stem, jobName: `cdc-sizer stream-capacity ${stem}` }, folder ? `file://${folder}` : undefined).catch(async (err: unknown) => {
    await removeFolder();
    throw err;
  });
  return { ...consumer, stop: () => consumer.stop().finally(removeFolder) };
}
