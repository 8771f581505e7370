import type { ServerFacts } from '../server-facts.js';
import type { StarRocksTarget } from '../../targets/starrocks/target-report.js';

/** What a preflight check reports, and the report's versioned envelope. */

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable machine name, e.g. `wal-level`, `no-primary-key`, `type-money`. */
  id: string;
  severity: Severity;
  /** One line naming the problem, for people. */
  title: string;
  /** What was read from the server that shows it. */
  evidence: string;
  /** What to change, on the server or in the connector's options. */
  fix: string;
  /** Every table concerned, `schema.table` (evidence names only the first few). */
  tables?: string[];
}

/** The server and role the report was made on; the settings the checks read speak through findings. */
export type ServerInfo = Pick<ServerFacts, 'version' | 'versionNum' | 'database' | 'user' | 'superuser' | 'inRecovery'>;

export const PREFLIGHT_SCHEMA_VERSION = 1;

export interface PreflightReport {
  kind: 'preflight';
  schemaVersion: typeof PREFLIGHT_SCHEMA_VERSION;
  createdAt: string;
  server: ServerInfo;
  scope: { schemas: string[]; tables: number };
  findings: Finding[];
  /** Checks that ran and found nothing. */
  passed: string[];
  /** With --target starrocks: each column's StarRocks type and fate per route. */
  starrocks?: StarRocksTarget;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export const severityRank = (s: Severity): number => RANK[s];

/** The most severe finding's severity; undefined when there is none. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  return findings.reduce<Severity | undefined>((worst, f) => (worst === undefined || RANK[f.severity] > RANK[worst] ? f.severity : worst), undefined);
}

/** Errors first, then warnings, then info; the check order within a severity. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings.map((f, i) => ({ f, i })).sort((a, b) => RANK[b.f.severity] - RANK[a.f.severity] || a.i - b.i).map((x) => x.f);
}
