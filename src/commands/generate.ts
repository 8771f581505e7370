import { checksumDataset } from '../datagen/checksum.js';
import { loadDataset } from '../datagen/load-dataset.js';
import { planGeneration } from '../datagen/table-plan.js';
import { startEndpoints } from '../infra/start-endpoints.js';
import { generationTable } from '../report/terminal/generation-table.js';
import { fmtBytes, fmtInt } from '../report/terminal/format.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { using } from './cleanup.js';
import { generateProgress } from './generate-progress.js';

export interface GenerateOptions {
  scale?: number;
  pgUrl?: string;
  concurrency: number;
  allowExisting: boolean;
  checksum: boolean;
  json: boolean;
  verbose: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** generate SCENARIO: create the scenario's tables and load them; or, with --checksum, hash the rows without a database. */
export async function generateCommand(file: string, opts: GenerateOptions): Promise<void> {
  const scenario = await loadScenario(file, { scale: opts.scale });
  const plan = planGeneration(scenario);
  const totalRows = scenario.tables.reduce((a, t) => a + t.rows, 0);
  if (opts.checksum) {
    const sums = await checksumDataset(plan, opts.concurrency);
    if (opts.json) process.stdout.write(`${JSON.stringify({ scenario: scenario.name, hash: scenario.hash, scale: scenario.scale, ...sums }, null, 2)}\n`);
    else process.stdout.write(`${sums.total}  ${scenario.name} scale ${scenario.scale}: ${scenario.tables.length} tables, ${fmtInt(sums.rows)} rows, ${fmtBytes(sums.bytes)} of COPY text\n`);
    return;
  }
  const endpoints = await startEndpoints({ pgUrl: opts.pgUrl, log });
  const result = await using(endpoints, async (e) => {
    log(`generating "${scenario.name}" (scale ${scenario.scale}, hash ${scenario.hash}) into ${e.pg.display} with ${opts.concurrency} connections`);
    const progress = generateProgress(totalRows, scenario.tables.length, log);
    try {
      return await loadDataset(e.pg, plan, { concurrency: opts.concurrency, allowExisting: opts.allowExisting, progress });
    } finally {
      progress.stop();
    }
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ kind: 'generate', scenario: scenario.name, hash: scenario.hash, scale: scenario.scale, ...result }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${generationTable(result, { verbose: opts.verbose })}\n`);
}
