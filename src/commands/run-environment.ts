import os from 'node:os';
import { createRequire } from 'node:module';
import type { Environment } from '../model/run-result.js';
import type { Endpoints } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** Versions and machine facts recorded with every result. */
export async function describeEnvironment(endpoints: Endpoints, flink?: { version: string; cdcVersion: string }, sink: Environment['sink'] = 'discard'): Promise<Environment> {
  const client = await connectPg(endpoints.pg);
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return {
      cdcSizer: version,
      postgres: rows[0]!.v,
      ...(flink ? { flink: flink.version, flinkCdc: flink.cdcVersion } : {}),
      cores: os.cpus().length,
      memoryBytes: os.totalmem(),
      node: process.version,
      provider: endpoints.provider,
      ...(endpoints.containerImages ? { containerImages: endpoints.containerImages } : {}),
      sink,
    };
  } finally {
    await client.end();
  }
}
