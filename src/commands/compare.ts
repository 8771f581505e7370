import { compareResults, type CompareOptions } from '../compare/compare-results.js';
import type { Comparison } from '../compare/comparison.js';
import { IncomparableError } from '../compare/incomparable-error.js';
import type { ResultFile } from '../compare/sides.js';
import { RESULT_SCHEMA_VERSION, runResultSchema } from '../model/run-result.js';
import { compareReportMarkdown } from '../report/markdown/compare-report.js';
import { compareTables } from '../report/terminal/compare-table.js';
import { CheckFailedError } from './check-failed.js';
import { readJsonFile } from './read-json-file.js';
import { maskResultValues } from '../report/masked-result.js';
import { UsageError } from './usage-error.js';

export interface CompareCommandOptions extends CompareOptions {
  json?: boolean;
  markdown?: boolean;
}

/** compare BASE.json [NEW.json]: the report first, then exit 1 on any regression (a CI gate for a connector upgrade). */
export async function compareCommand(files: string[], opts: CompareCommandOptions): Promise<void> {
  const results = await Promise.all(files.map(async (file) => ({ file, result: await readJsonFile(file, runResultSchema, { kind: 'run', schemaVersion: RESULT_SCHEMA_VERSION, what: 'a cdc-sizer run result (result.json of `run`)' }) })));
  // A masked example beside a clear one would read as a changed conversion: compare shapes with shapes.
  const masked = results.some((r) => r.result.valuesMasked);
  const c = comparisonOf(masked ? results.map((r) => ({ ...r, result: maskResultValues(r.result) })) : results, opts);
  process.stdout.write(opts.json ? `${JSON.stringify(c, null, 2)}\n` : opts.markdown ? compareReportMarkdown(c) : `${compareTables(c)}\n`);
  if (c.verdict === 'regression') {
    const first = c.regressions.slice(0, 2).map((r) => r.text);
    throw new CheckFailedError(`compare: ${c.regressions.length} regression${c.regressions.length === 1 ? '' : 's'} from ${c.base.connectorVersion} to ${c.next.connectorVersion}: ${first.join('; ')}${c.regressions.length > 2 ? '; …' : ''}`);
  }
}

/** Inputs that measured different things are the user's to fix: a usage error, exit 2. */
export function comparisonOf(files: readonly ResultFile[], opts: CompareOptions): Comparison {
  try {
    return compareResults(files, opts);
  } catch (err) {
    if (err instanceof IncomparableError) throw new UsageError(err.message);
    throw err;
  }
}
