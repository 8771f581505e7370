import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../model/run-result.js';

/** Writes reports/<timestamp>-<scenario>/result.json and returns the folder. */
export async function writeResultFile(result: RunResult, reportsDir = 'reports'): Promise<string> {
  const stamp = result.createdAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const dir = path.join(reportsDir, `${stamp}-${result.scenario.name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  return dir;
}
