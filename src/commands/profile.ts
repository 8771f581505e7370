import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Catalog } from '../catalog/catalog.js';
import { scenarioFromCatalog } from '../datagen/from-catalog/emit-scenario.js';
import { profileDatabase } from '../catalog/profile/profile.js';
import { connectReadOnly, readOnly, rethrowAsInfra } from '../catalog/profile/read-only.js';
import { findSchemas } from '../catalog/profile/relations.js';
import { externalPostgres } from '../infra/external/external-postgres.js';
import { catalogTables } from '../report/terminal/catalog-table.js';
import { UsageError } from './usage-error.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export interface ProfileOptions {
  pgUrl: string;
  schemas?: string[];
  exactCounts: boolean;
  sampleSeconds: number;
  out: string;
  emitScenario?: string;
  scale?: number;
  json: boolean;
  verbose: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** profile --pg-url URL: a read-only catalog of the user's database (catalog.json), and with --emit-scenario a scenario of its shape. */
export async function profileCommand(opts: ProfileOptions): Promise<void> {
  if (opts.scale !== undefined && !opts.emitScenario) throw new UsageError('--scale applies to the emitted scenario; add --emit-scenario FILE');
  const endpoints = await externalPostgres(opts.pgUrl);
  const catalog = await readCatalog(endpoints.pg, opts);
  await writeOutput(opts.out, `${JSON.stringify(catalog, null, 2)}\n`);
  if (opts.emitScenario) {
    if (catalog.tables.length === 0) throw new UsageError(`--emit-scenario: the profiled schemas hold no tables, so there is no shape to emit (catalog written to ${opts.out})`);
    await writeOutput(opts.emitScenario, scenarioFromCatalog(catalog, { scale: opts.scale ?? 1 }));
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
    return;
  }
  const written = [`catalog: ${opts.out}`, ...(opts.emitScenario ? [`scenario: ${opts.emitScenario}`] : [])];
  process.stdout.write(`${catalogTables(catalog, { verbose: opts.verbose })}\n${written.join('\n')}\n`);
}

async function readCatalog(endpoint: Parameters<typeof connectReadOnly>[0], opts: ProfileOptions): Promise<Catalog> {
  const client = await connectReadOnly(endpoint);
  try {
    const found = await readOnly(client, (c) => findSchemas(c, opts.schemas)).catch(rethrowAsInfra('schemas'));
    if (found.missing.length > 0) {
      throw new UsageError(`--schemas: no schema ${found.missing.map((s) => `"${s}"`).join(', ')} in database "${endpoint.database}"; it has ${found.available.join(', ') || 'no user schemas'}`);
    }
    return await profileDatabase(client, { schemas: found.schemas, exactCounts: opts.exactCounts, sampleSeconds: opts.sampleSeconds, cdcSizer: version, log });
  } finally {
    // Read-only session: nothing to undo; one that will not close politely ends with the process.
    await client.end().catch(() => undefined);
  }
}

async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (err) {
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; pick a path in a folder that exists and is writable`);
  }
}
