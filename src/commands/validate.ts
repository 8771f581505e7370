import { planGeneration } from '../datagen/table-plan.js';
import { loadScenario } from '../scenario/load-scenario.js';

export interface ValidateOptions {
  scale?: number;
  json?: boolean;
}

/** Checks a scenario file (schema and every column type) and prints what it expands to. */
export async function validateCommand(file: string, opts: ValidateOptions): Promise<void> {
  const scenario = await loadScenario(file, { scale: opts.scale });
  const plan = planGeneration(scenario);
  const rows = scenario.tables.reduce((a, t) => a + t.rows, 0);
  const columns = plan.tables.reduce((a, t) => a + t.columns.length, 0);
  const families = [...new Set(plan.tables.flatMap((t) => t.columns.map((c) => c.type.family)))].sort();
  const summary = { file, scenario: scenario.name, hash: scenario.hash, scale: scenario.scale, tables: scenario.tables.length, rows, columns, typeFamilies: families };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${file}: valid — scenario "${scenario.name}" (hash ${scenario.hash}), ${scenario.tables.length} tables, ${rows.toLocaleString('en-US')} rows at scale ${scenario.scale}, ${columns} columns; type families: ${families.join(', ')}\n`);
}
