import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { FlinkArtifacts } from '../../infra/flink/maven-build.js';
import type { PgEndpoint } from '../../infra/endpoints.js';
import { InfraError } from '../../infra/infra-error.js';
import { fitLine, type SchemaReadCost } from '../../model/schema-reads.js';
import { qualified } from '../../sql/identifiers.js';

/** Captured-table counts measured: tens to hundreds, then the selection itself when it is not larger than MAX_MEASURED. */
const PREFIXES = [10, 30, 100, 300, 1000] as const;
/** Beyond this many captured tables T(N) is taken along the line (one call reads every captured table's schema: seconds at thousands). */
const MAX_MEASURED = 3000;
/**
 * Calls per count: the first warms the JVM and the connection (the enumerator's first table pays it
 * once), and the fastest of the rest is T(n): the enumerator makes hundreds of these calls, most of
 * them compiled and warm (on the many-small bench it split 300 tables at ≈ 0.42 s a table, where
 * the median of three warm calls had said 0.61 s).
 */
const CALLS = 6;
/** The smaller counts only draw the line (used beyond MAX_MEASURED) and show how T grows: a warm call or two suffices, and keeps the probe's seconds down. */
const PREFIX_CALLS = 3;
const MAIN_CLASS = 'dev.cdcsizer.job.SchemaReadProbe';

/**
 * T(n), what the enumerator spends reading schemas before it splits each table, measured with the
 * connector's own code on this machine (flink-job SchemaReadProbe: PostgresDialect.queryTableSchema
 * with the first n of the captured tables captured): catalog queries only, read-only, seconds.
 */
export async function probeSchemaReads(pg: PgEndpoint, captured: readonly { schema: string; name: string }[], artifacts: FlinkArtifacts, log: (line: string) => void): Promise<SchemaReadCost> {
  const n = captured.length;
  const counts = [...new Set([...PREFIXES.filter((p) => p < n), ...(n <= MAX_MEASURED ? [n] : [])])].filter((p) => p > 0);
  const lines = await runProbe(pg, captured, counts, artifacts);
  const points = lines.map(({ tables, seconds }) => ({ tables, seconds: Math.min(...(seconds.length > 1 ? seconds.slice(1) : seconds)) }));
  const prefixes = points.filter((p) => p.tables < n);
  const cost = { capturedTables: n, points, ...fitLine(prefixes.length >= 2 ? prefixes : points) };
  log(`  the connector's schema reads (its own code, read-only): ${points.map((p) => `${p.seconds.toFixed(3)} s a table with ${p.tables} captured`).join(', ')}`);
  return cost;
}

async function runProbe(pg: PgEndpoint, captured: readonly { schema: string; name: string }[], counts: number[], artifacts: FlinkArtifacts): Promise<{ tables: number; seconds: number[] }[]> {
  const flags = (await readFile(artifacts.jvmFlagsFile, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const classpath = `${artifacts.jobJar}:${(await readFile(artifacts.clusterClasspathFile, 'utf8')).trim()}`;
  const args = [...flags, '-Xmx512m', '-cp', classpath, MAIN_CLASS, pg.host, String(pg.port), pg.database, pg.user, counts.join(','), counts.map((c) => (c === captured.length ? CALLS : PREFIX_CALLS)).join(',')];
  return new Promise((resolve, reject) => {
    // The password through the environment, never on a command line another user could read.
    const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CDCSIZER_PG_PASSWORD: pg.password ?? '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.once('error', (e) => reject(new InfraError(`could not start Java for the connector's schema-read probe: ${e.message}`)));
    child.once('close', (code) => {
      const rows = out.split('\n').map((l) => /^(\d+)\t([\d.,E-]+)$/.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null).map((m) => ({ tables: Number(m[1]), seconds: m[2]!.split(',').map(Number) }));
      if (code === 0 && rows.length === counts.length) resolve(rows);
      else reject(new InfraError(`the connector's schema-read probe failed (exit ${code}): ${lastError(err)}`));
    });
    child.stdin.end(captured.map((t) => qualified(t.schema, t.name)).join('\n'));
  });
}

/** The exception line of a Java stack trace, else the last line. */
function lastError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /Exception|Error/.test(l) && !l.startsWith('at ')) ?? lines.at(-1) ?? 'no output';
}
