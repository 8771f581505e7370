import { readFile } from 'node:fs/promises';
import { parseYamlWith } from '../scenario/load-scenario.js';
import { ScenarioError } from '../scenario/scenario-error.js';
import { ddlSchema, type DdlStep } from './ddl-spec.js';

/** `--ddl FILE`: a YAML list of steps, as a scenario's `ddl:` holds them. */
export async function loadDdlFile(file: string): Promise<DdlStep[]> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ScenarioError(file, `${err.code === 'ENOENT' ? 'file not found' : err.message}; pass a DDL steps YAML file such as examples/ddl.yaml`);
  });
  return parseYamlWith(ddlSchema, text, file);
}
