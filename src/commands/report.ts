import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { estimateResultSchema } from '../model/estimate-result.js';
import { RESULT_SCHEMA_VERSION, runResultSchema } from '../model/run-result.js';
import { writeReports } from '../report/result-file.js';
import { estimateTables } from '../report/terminal/estimate-table.js';
import { runTables } from '../report/terminal/run-table.js';
import { readJsonFile } from './read-json-file.js';
import { UsageError } from './usage-error.js';

export interface ReportOptions {
  /** Folder for report.md and report.html; the result file's own folder when absent. */
  out?: string;
}

// `kind` picks the schema, so a run's parse errors never mention the estimate's fields.
const resultSchema = z.discriminatedUnion('kind', [runResultSchema, estimateResultSchema]);

/** report: render report.md and report.html of a result file again (after an upgrade, or to another folder) and print its tables. */
export async function reportCommand(file: string, opts: ReportOptions): Promise<void> {
  const result = await readJsonFile(file, resultSchema, { kind: ['run', 'estimate'], schemaVersion: RESULT_SCHEMA_VERSION, what: 'a cdc-sizer run or estimate result (result.json of `run` or `estimate`)' });
  const dir = opts.out ?? path.dirname(file);
  // An --out that names a file, or a folder that cannot be written, is the user's to fix: one line.
  const written = await mkdir(dir, { recursive: true })
    .then(() => writeReports(result, dir))
    .catch((err: NodeJS.ErrnoException) => {
      // Only file-system errors carry a code; a renderer's bug stays an unexpected error.
      throw err.code ? new UsageError(`cannot write the reports into ${dir}: ${err.message}`) : err;
    });
  process.stdout.write(`${result.kind === 'run' ? runTables(result) : estimateTables(result)}\nreport: ${written.md}, ${written.html}\n`);
}
