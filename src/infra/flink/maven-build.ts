import { spawn } from 'node:child_process';
import { readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfraError } from '../infra-error.js';
import { runTool } from '../run-tool.js';

/** The project's own folder (where flink-job/ lives), from this compiled file's place in dist/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const FLINK_MODULE = path.join(PROJECT_ROOT, 'flink-job');

export interface FlinkArtifacts {
  cdcVersion: string;
  jobJar: string;
  clusterJar: string;
  /** File holding the cluster's Maven-resolved classpath. */
  clusterClasspathFile: string;
  /** Java 17 module flags Flink needs on the JVM command line. */
  jvmFlagsFile: string;
}

export const DEFAULT_CDC_VERSION = '3.5.0';

export function artifactsFor(cdcVersion: string): FlinkArtifacts {
  return {
    cdcVersion,
    jobJar: path.join(FLINK_MODULE, 'job', 'target', `cdc-sizer-flink-job-cdc${cdcVersion}.jar`),
    clusterJar: path.join(FLINK_MODULE, 'local-cluster', 'target', 'cdc-sizer-local-cluster.jar'),
    clusterClasspathFile: path.join(FLINK_MODULE, 'local-cluster', 'target', 'classpath.txt'),
    jvmFlagsFile: path.join(FLINK_MODULE, 'jvm-flags.txt'),
  };
}

/**
 * Builds flink-job/ with Maven on first use for a connector version, and again only when its
 * sources change. The first build downloads Flink and the connector from Maven Central.
 */
export async function ensureFlinkArtifacts(cdcVersion = DEFAULT_CDC_VERSION, log: (line: string) => void = () => undefined): Promise<FlinkArtifacts> {
  const a = artifactsFor(cdcVersion);
  const built = await Promise.all([a.jobJar, a.clusterJar, a.clusterClasspathFile].map(mtime));
  const oldest = Math.min(...built);
  if (oldest > 0 && oldest >= (await newestSource(FLINK_MODULE))) return a;
  await requireTool('java', ['-version'], 'Java (17 or newer) runs Flink: install a JDK, e.g. apt-get install openjdk-17-jdk-headless');
  await requireTool('mvn', ['-v'], 'Maven builds the Flink job: install it, e.g. apt-get install maven');
  log(`building the Flink job for Flink CDC ${cdcVersion} with Maven (the first build downloads ≈150 MB)…`);
  const started = Date.now();
  await runTool('mvn', ['-q', '-B', '-f', path.join(FLINK_MODULE, 'pom.xml'), `-Dcdc.version=${cdcVersion}`, '-DskipTests', 'package'], `Maven could not build flink-job/ for Flink CDC ${cdcVersion}`, mavenError);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  // Maven leaves an up-to-date jar untouched; mark all three as built now, or a module whose own
  // sources did not change would look stale forever and every run would rebuild.
  const now = new Date();
  await Promise.all([a.jobJar, a.clusterJar, a.clusterClasspathFile].map((f) => utimes(f, now, now)));
  return a;
}

async function mtime(file: string): Promise<number> {
  return stat(file).then((s) => s.mtimeMs, () => 0);
}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'target') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(p) : await mtime(p));
  }
  return newest;
}

function requireTool(cmd: string, args: string[], fix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.once('error', () => reject(new InfraError(`${cmd} not found. ${fix}`)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new InfraError(`${cmd} ${args.join(' ')} failed (exit ${code}). ${fix}`))));
  });
}

/** The line that says what broke: a compiler error's file:line before Maven's headings ("COMPILATION ERROR :"). */
export function mavenError(output: string): string {
  const lines = output.split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim());
  const errors = lines.filter((l) => l.includes('[ERROR]')).map((l) => l.replace(/^.*?\[ERROR\]\s*/, ''));
  return errors.find((l) => /\.java:\[\d+/.test(l)) ?? errors.find((l) => l !== '' && !l.endsWith(':')) ?? lines.filter(Boolean).at(-1) ?? '';
}
