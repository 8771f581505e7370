import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EstimateResult } from '../model/estimate-result.js';
import type { RunResult } from '../model/run-result.js';
import type { StreamCapacityResult } from '../model/stream-capacity.js';
import { estimateReportHtml } from './html/estimate-report.js';
import { runReportHtml } from './html/run-report.js';
import { estimateReportMarkdown } from './markdown/estimate-report.js';
import { runReportMarkdown } from './markdown/run-report.js';

/**
 * Where a command writes its result folder: by default reports/<timestamp>-<subject>/; `size` gives
 * each of its steps a named folder inside its own.
 */
export interface ResultPlace {
  reportsDir?: string;
  /** The folder's name inside reportsDir, instead of the timestamped default. */
  folder?: string;
}

/**
 * Writes reports/<timestamp>-<scenario>/ with result.json, report.md and report.html, and returns
 * the folder. result.json goes first: the measurements are kept even if a report cannot be rendered.
 */
export async function writeResultFile(result: RunResult, place: ResultPlace = {}): Promise<string> {
  return writeFolder(folderOf(place, `${stamp(result.createdAt)}-${result.scenario.name}`), result);
}

/** Writes reports/<timestamp>-estimate-<catalog file name>/ with the same three files, and returns the folder. */
export async function writeEstimateFile(result: EstimateResult, place: ResultPlace = {}): Promise<string> {
  const name = path.basename(result.workload.name).replace(/\.json$/, '').replace(/[^\w.-]+/g, '_');
  return writeFolder(folderOf(place, `${stamp(result.createdAt)}-estimate-${name}`), result);
}

/** Writes reports/<timestamp>-stream-capacity-<scenario>/result.json (no report pages: the terminal shows it) and returns the folder. */
export async function writeStreamCapacityFile(result: StreamCapacityResult, place: ResultPlace = {}): Promise<string> {
  const dir = folderOf(place, `${stamp(result.createdAt)}-stream-capacity-${result.subject}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  return dir;
}

/** 2026-11-26T14:03:27.123Z → 2026-11-26T14-03-27Z: sorts by time and is a valid file name everywhere. */
export const stamp = (createdAt: string): string => createdAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');

const folderOf = (place: ResultPlace, stamped: string): string => path.join(place.reportsDir ?? 'reports', place.folder ?? stamped);

async function writeFolder(dir: string, result: RunResult | EstimateResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeReports(result, dir);
  return dir;
}

/**
 * Writes report.md and report.html of a run or an estimate into `dir` (which must exist) and
 * returns their paths: the same rendering for a new result folder and for `cdc-sizer report`.
 */
export async function writeReports(result: RunResult | EstimateResult, dir: string): Promise<{ md: string; html: string }> {
  const md = path.join(dir, 'report.md');
  const html = path.join(dir, 'report.html');
  await writeFile(md, result.kind === 'run' ? runReportMarkdown(result) : estimateReportMarkdown(result));
  await writeFile(html, result.kind === 'run' ? runReportHtml(result) : estimateReportHtml(result));
  return { md, html };
}
