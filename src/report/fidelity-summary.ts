import type { Fidelity, FidelityColumn, FidelityVerdict } from '../model/run-result.js';

/** One PostgreSQL type of a run's fidelity matrix: per connector version, how its columns fared. */
export interface FidelityTypeRow {
  pgType: string;
  /** In the order the versions were measured. */
  cells: FidelityCell[];
}

export interface FidelityCell {
  connectorVersion: string;
  counts: Record<FidelityVerdict, number>;
  /** The worst verdict among the type's columns. */
  worst: FidelityVerdict | undefined;
  /** The worst column's evidence: a changed value, or the failed table. */
  evidence?: string;
}

const ORDER: FidelityVerdict[] = ['exact', 'changed', 'dropped', 'job-failed'];

/** PostgreSQL type × connector version, with the first example of each type's worst verdict. */
export function fidelityTypeRows(fidelity: readonly Fidelity[]): FidelityTypeRow[] {
  const types = [...new Set(fidelity.flatMap((f) => f.columns.map((c) => c.pgType)))].sort();
  return types.map((pgType) => ({ pgType, cells: fidelity.map((f) => cell(f, f.columns.filter((c) => c.pgType === pgType))) }));
}

function cell(f: Fidelity, columns: FidelityColumn[]): FidelityCell {
  const counts = { exact: 0, changed: 0, dropped: 0, 'job-failed': 0 };
  for (const c of columns) counts[c.verdict]++;
  const worst = [...ORDER].reverse().find((v) => counts[v] > 0);
  const worstColumn = columns.find((c) => c.verdict === worst);
  return { connectorVersion: f.connectorVersion, counts, worst, ...(worstColumn ? evidenceOf(f, worstColumn) : {}) };
}

function evidenceOf(f: Fidelity, c: FidelityColumn): { evidence?: string } {
  if (c.verdict === 'changed' && c.example) return { evidence: `${short(c.example.source ?? 'NULL')} → ${short(c.example.emitted)}` };
  if (c.verdict === 'job-failed') return { evidence: `${c.table}: ${short(f.failedTables.find((t) => t.table === c.table)?.failure.split('\n')[0] ?? 'failed')}` };
  if (c.verdict === 'dropped') return { evidence: `${c.table}.${c.column} missing from the record` };
  return {};
}

const short = (s: string, max = 60): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** "exact", "changed (1 of 2 columns): a → b", "job failed: public.t: cause". */
export function cellText(c: FidelityCell): string {
  if (!c.worst) return '—';
  const total = ORDER.reduce((a, v) => a + c.counts[v], 0);
  const label = c.worst === 'job-failed' ? 'job failed' : c.worst;
  const share = c.counts[c.worst] < total ? ` (${c.counts[c.worst]} of ${total} columns)` : '';
  return `${label}${share}${c.evidence ? `: ${c.evidence}` : ''}`;
}
