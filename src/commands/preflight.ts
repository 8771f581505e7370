import { runPreflight, type PreflightOptions } from '../catalog/preflight/preflight.js';
import { bySeverity, severityRank, type PreflightReport, type Severity } from '../catalog/preflight/finding.js';
import type { PgEndpoint } from '../infra/endpoints.js';
import { externalPostgres } from '../infra/external/external-postgres.js';
import { InfraError } from '../infra/infra-error.js';
import { connectPg } from '../infra/pg-connect.js';
import { preflightTable } from '../report/terminal/preflight-table.js';
import { starRocksColumnsTable } from '../report/terminal/starrocks-columns-table.js';
import { DEFAULT_CDC_VERSION } from '../infra/flink/maven-build.js';
import { versionsWithoutRules } from '../targets/starrocks/target-report.js';
import { CheckFailedError } from './check-failed.js';
import { UsageError } from './usage-error.js';

export interface PreflightCommandOptions {
  pgUrl: string;
  /** Schema names (--schemas, read by catalog/table-selection.ts's schemaList). */
  schemas?: string[];
  sampleSeconds: number;
  failOn: string;
  /** --target starrocks */
  target?: string;
  connectorVersion?: string[];
  json: boolean;
}

/** preflight --pg-url URL: Flink CDC's production lessons checked against a database; exit 1 on errors (or warnings with --fail-on warning). */
export async function preflightCommand(opts: PreflightCommandOptions): Promise<void> {
  const failOn = failOnSeverity(opts.failOn);
  const starRocksVersions = targetVersions(opts);
  const endpoints = await externalPostgres(opts.pgUrl);
  const report = await readPreflight(endpoints.pg, { ...(opts.schemas?.length ? { schemas: opts.schemas } : {}), sampleSeconds: opts.sampleSeconds, ...(starRocksVersions ? { starRocksVersions } : {}) });
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(`${preflightTable(report, { target: endpoints.pg.display })}\n`);
    if (report.starrocks) process.stdout.write(`${starRocksColumnsTable(report.starrocks)}\n`);
  }
  requirePreflightPassed(report, failOn);
}

/** The checks over a server's schemas or tables, in a session that refuses writes; a server that cannot be read is the environment's failure. */
export async function readPreflight(pg: PgEndpoint, opts: PreflightOptions): Promise<PreflightReport> {
  const where = `PostgreSQL at ${pg.host}:${pg.port}`;
  // Read-only for the whole session too: belt and braces around runPreflight's own read-only transactions.
  const client = await connectPg(pg, { applicationName: 'cdc-sizer preflight', settings: { default_transaction_read_only: 'on' } });
  try {
    return await runPreflight(client, opts);
  } catch (err) {
    if ((err as { code?: unknown }).code) throw new InfraError(`preflight could not read the catalog of ${where}: ${(err as Error).message}`);
    throw err;
  } finally {
    await client.end();
  }
}

/** Findings at or above `failOn` say no: one line that counts them and names the first three (exit 1). */
export function requirePreflightPassed(report: PreflightReport, failOn: Severity): void {
  const failing = bySeverity(report.findings).filter((f) => severityRank(f.severity) >= severityRank(failOn));
  if (failing.length > 0) {
    const counts = (['error', 'warning'] as const)
      .map((sev) => [sev, failing.filter((f) => f.severity === sev).length] as const)
      .filter(([, n]) => n > 0)
      .map(([sev, n]) => `${n} ${sev}${n > 1 ? 's' : ''}`);
    throw new CheckFailedError(`preflight: ${counts.join(', ')}: ${failing.slice(0, 3).map((f) => f.title).join('; ')}${failing.length > 3 ? '; …' : ''}`);
  }
}

/** The versions --target starrocks runs each column through; a version without rules is refused before connecting. */
function targetVersions(opts: PreflightCommandOptions): string[] | undefined {
  if (opts.target === undefined) {
    if (opts.connectorVersion !== undefined) throw new UsageError('--connector-version chooses the StarRocks rules of --target starrocks: add --target starrocks');
    return undefined;
  }
  if (opts.target !== 'starrocks') throw new UsageError(`--target must be starrocks, got "${opts.target}"`);
  const versions = opts.connectorVersion ?? [DEFAULT_CDC_VERSION];
  const unknown = versionsWithoutRules(versions);
  if (unknown) throw new UsageError(unknown);
  return versions;
}

function failOnSeverity(v: string): Severity {
  if (v !== 'error' && v !== 'warning') throw new UsageError(`--fail-on must be error or warning, got "${v}"`);
  return v;
}
