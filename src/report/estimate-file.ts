import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EstimateResult } from '../model/estimate-result.js';

/** Writes reports/<timestamp>-estimate-<catalog>/result.json and returns the folder. */
export async function writeEstimateFile(result: EstimateResult, reportsDir = 'reports'): Promise<string> {
  const stamp = result.createdAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const name = path.basename(result.workload.name).replace(/\.json$/, '').replace(/[^\w.-]+/g, '_');
  const dir = path.join(reportsDir, `${stamp}-estimate-${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  return dir;
}
