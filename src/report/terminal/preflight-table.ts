import Table from 'cli-table3';
import { bySeverity, type PreflightReport, type Severity } from '../../catalog/preflight/finding.js';
import { tableStyle } from './format.js';

const MARK: Record<Severity, string> = { error: 'ERROR', warning: 'warning', info: 'info' };

/** preflight for people: a heading, one row per finding (worst first), then what passed. */
export function preflightTable(report: PreflightReport, opts: { target?: string; width?: number } = {}): string {
  const s = report.server;
  const heading = `preflight of ${opts.target ?? `database ${s.database}`}: PostgreSQL ${s.version}, user ${s.user}${s.superuser ? ' (superuser)' : ''}, ${report.scope.tables} tables${report.scope.schemas.length ? ` in ${report.scope.schemas.join(', ')}` : ''}`;
  const findings = bySeverity(report.findings);
  const count = (sev: Severity) => findings.filter((f) => f.severity === sev).length;
  const n = (sev: Severity, word: string) => `${count(sev)} ${word}${count(sev) === 1 || sev === 'info' ? '' : 's'}`;
  const summary = `${n('error', 'error')}, ${n('warning', 'warning')}, ${n('info', 'info')}${report.passed.length ? `; passed: ${report.passed.join(', ')}` : ''}`;
  if (findings.length === 0) return `${heading}\nno findings\n${summary}`;
  const [sev, check, evidence, fix] = columnWidths(opts.width ?? process.stdout.columns ?? 160);
  const table = new Table({ style: tableStyle(), head: ['severity', 'check', 'evidence', 'fix'], colWidths: [sev, check, evidence, fix], wordWrap: true, wrapOnWordBoundary: true });
  for (const f of findings) table.push([MARK[f.severity], `${f.title}\n(${f.id})`, f.evidence, f.fix]);
  return `${heading}\n${table.toString()}\n${summary}`;
}

/** Severity and check stay narrow; evidence and fix share what the terminal has left. */
function columnWidths(width: number): [number, number, number, number] {
  const total = Math.max(width, 100);
  const sev = 10;
  const check = 30;
  const rest = total - sev - check - 5;
  const evidence = Math.floor(rest / 2);
  return [sev, check, evidence, rest - evidence];
}
