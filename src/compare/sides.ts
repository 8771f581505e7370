import type { Fidelity, RunPoint, RunResult } from '../model/run-result.js';
import { IncomparableError } from './incomparable-error.js';

export interface ResultFile {
  file: string;
  result: RunResult;
}

/** One connector version's share of a result: its flink-cdc points and its fidelity section. */
export interface Side {
  file: string;
  result: RunResult;
  version: string;
  points: RunPoint[];
  fidelity?: Fidelity;
}

/**
 * BASE and NEW from two files of one connector version each, or from one file of exactly two
 * versions (a run with two connector versions), the first version measured being BASE.
 */
export function pickSides(files: readonly ResultFile[]): { base: Side; next: Side } {
  if (files.length === 1) return splitOneFile(files[0]!);
  if (files.length !== 2) throw new IncomparableError(`compare takes one or two result files, got ${files.length}`);
  return { base: onlyVersion(files[0]!), next: onlyVersion(files[1]!) };
}

function splitOneFile(f: ResultFile): { base: Side; next: Side } {
  const versions = versionsIn(f);
  if (versions.length !== 2) {
    const held = versions.length === 1 ? `one connector version (${versions[0]})` : `${versions.length} connector versions (${versions.join(', ')})`;
    throw new IncomparableError(`${f.file} holds ${held}; compare of one file needs exactly two (a run with --connector-version A,B), or give a second result file`);
  }
  return { base: side(f, versions[0]!), next: side(f, versions[1]!) };
}

function onlyVersion(f: ResultFile): Side {
  const versions = versionsIn(f);
  if (versions.length > 1) throw new IncomparableError(`${f.file} holds ${versions.length} connector versions (${versions.join(', ')}): compare that file alone (cdc-sizer compare ${f.file})`);
  return side(f, versions[0]!);
}

/** The connector versions of the flink-cdc points, in the order the points appear. */
function versionsIn(f: ResultFile): string[] {
  const points = flinkPoints(f);
  if (points.length === 0) throw new IncomparableError(`${f.file} has no flink-cdc points: compare needs runs of the connector (--engine flink-cdc or both)`);
  return [...new Set(points.map((p) => versionOf(p, f)))];
}

const flinkPoints = (f: ResultFile): RunPoint[] => f.result.points.filter((p) => p.settings.engine === 'flink-cdc');

/** Results written before points named their version ran one version, recorded in the environment. */
function versionOf(p: RunPoint, f: ResultFile): string {
  if (p.settings.connectorVersion !== undefined) return p.settings.connectorVersion;
  const env = f.result.environment.flinkCdc;
  if (env?.includes(',')) throw new IncomparableError(`${f.file}: a flink-cdc point does not name its connector version and the environment lists several (${env})`);
  return env ?? 'unknown';
}

function side(f: ResultFile, version: string): Side {
  const fidelity = f.result.fidelity?.find((x) => x.connectorVersion === version);
  return { file: f.file, result: f.result, version, points: flinkPoints(f).filter((p) => versionOf(p, f) === version), ...(fidelity ? { fidelity } : {}) };
}
