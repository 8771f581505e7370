import { readFile } from 'node:fs/promises';
import { parseYamlWith } from '../scenario/load-scenario.js';
import { ScenarioError } from '../scenario/scenario-error.js';
import { workloadSchema, type WorkloadSpec } from './workload-spec.js';

/** `--workload FILE`: a YAML file holding what a scenario's `workload:` holds. */
export async function loadWorkloadFile(file: string): Promise<WorkloadSpec> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ScenarioError(file, `${err.code === 'ENOENT' ? 'file not found' : err.message}; pass a workload YAML file such as examples/workload.yaml`);
  });
  return parseYamlWith(workloadSchema, text, file);
}
