import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PoolBank } from './pool-bank.js';
import { RowStream } from './row-stream.js';
import { TableGenerator } from './table-generator.js';
import type { GenerationPlan } from './table-plan.js';

export interface DatasetChecksum {
  tables: Record<string, string>;
  /** sha256 over the per-table sums in table-name order. */
  total: string;
  rows: number;
  bytes: number;
}

/**
 * sha256 of every table's COPY stream, generated `concurrency` tables at a time without a
 * database. Equal sums at different concurrency prove generation does not depend on scheduling.
 */
export async function checksumDataset(plan: GenerationPlan, concurrency: number): Promise<DatasetChecksum> {
  const tables: Record<string, string> = {};
  let rows = 0;
  let bytes = 0;
  let next = 0;
  const bank = new PoolBank(plan.scenario.seed, plan.scenario.poolSize);
  const worker = async () => {
    while (next < plan.tables.length) {
      const table = plan.tables[next++]!;
      const hash = createHash('sha256');
      const gen = new TableGenerator(table, plan.scenario.seed, bank);
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          // Yield between chunks so that concurrent tables really interleave.
          setImmediate(done);
        },
      });
      await pipeline(new RowStream(gen), sink);
      rows += table.spec.rows;
      tables[table.spec.name] = hash.digest('hex');
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const total = createHash('sha256');
  for (const name of Object.keys(tables).sort()) total.update(`${name}:${tables[name]}\n`);
  return { tables, total: total.digest('hex'), rows, bytes };
}
