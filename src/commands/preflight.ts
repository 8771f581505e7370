import { runPreflight } from '../catalog/preflight/preflight.js';
import { bySeverity, severityRank, type PreflightReport, type Severity } from '../catalog/preflight/finding.js';
import { externalPostgres } from '../infra/external/external-postgres.js';
import { InfraError } from '../infra/infra-error.js';
import { connectPg } from '../infra/pg-connect.js';
import { preflightTable } from '../report/terminal/preflight-table.js';
import { CheckFailedError } from './check-failed.js';
import { UsageError } from './usage-error.js';

export interface PreflightCommandOptions {
  pgUrl: string;
  /** Schema names (--schemas, read by catalog/table-selection.ts's schemaList). */
  schemas?: string[];
  sampleSeconds: number;
  failOn: string;
  json: boolean;
}

/** preflight --pg-url URL: Flink CDC's production lessons checked against a database; exit 1 on errors (or warnings with --fail-on warning). */
export async function preflightCommand(opts: PreflightCommandOptions): Promise<void> {
  const failOn = failOnSeverity(opts.failOn);
  const schemas = opts.schemas;
  const endpoints = await externalPostgres(opts.pgUrl);
  const where = `PostgreSQL at ${endpoints.pg.host}:${endpoints.pg.port}`;
  // Read-only for the whole session too: belt and braces around runPreflight's own read-only transactions.
  const client = await connectPg(endpoints.pg, { applicationName: 'cdc-sizer preflight', settings: { default_transaction_read_only: 'on' } });
  let report: PreflightReport;
  try {
    report = await runPreflight(client, { ...(schemas?.length ? { schemas } : {}), sampleSeconds: opts.sampleSeconds });
  } catch (err) {
    if ((err as { code?: unknown }).code) throw new InfraError(`preflight could not read the catalog of ${where}: ${(err as Error).message}`);
    throw err;
  } finally {
    await client.end();
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${preflightTable(report, { target: endpoints.pg.display })}\n`);
  const failing = bySeverity(report.findings).filter((f) => severityRank(f.severity) >= severityRank(failOn));
  if (failing.length > 0) {
    const counts = (['error', 'warning'] as const)
      .map((sev) => [sev, failing.filter((f) => f.severity === sev).length] as const)
      .filter(([, n]) => n > 0)
      .map(([sev, n]) => `${n} ${sev}${n > 1 ? 's' : ''}`);
    throw new CheckFailedError(`preflight: ${counts.join(', ')}: ${failing.slice(0, 3).map((f) => f.title).join('; ')}${failing.length > 3 ? '; …' : ''}`);
  }
}

function failOnSeverity(v: string): Severity {
  if (v !== 'error' && v !== 'warning') throw new UsageError(`--fail-on must be error or warning, got "${v}"`);
  return v;
}
