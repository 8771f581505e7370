import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../model/run-result.js';
import { runReportHtml } from './html/run-report.js';
import { runReportMarkdown } from './markdown/run-report.js';

/**
 * Writes reports/<timestamp>-<scenario>/ with result.json, report.md and report.html, and returns
 * the folder. result.json goes first: the measurements are kept even if a report cannot be rendered.
 */
export async function writeResultFile(result: RunResult, reportsDir = 'reports'): Promise<string> {
  const stamp = result.createdAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const dir = path.join(reportsDir, `${stamp}-${result.scenario.name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(path.join(dir, 'report.md'), runReportMarkdown(result));
  await writeFile(path.join(dir, 'report.html'), runReportHtml(result));
  return dir;
}
