import { FIDELITY_VERDICTS, type Fidelity, type FidelityColumn, type FidelityVerdict } from '../model/run-result.js';
import { clip } from '../fidelity/judge-sample.js';

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
  /** The first changed value (source → emitted). */
  changed?: string;
  /** Tables whose job failed on their own and that hold a column of this type. */
  failedTables: string[];
  /** Columns missing from the emitted record. */
  dropped: string[];
}


/** PostgreSQL type × connector version, with the evidence of each verdict. */
export function fidelityTypeRows(fidelity: readonly Fidelity[]): FidelityTypeRow[] {
  const types = [...new Set(fidelity.flatMap((f) => f.columns.map((c) => c.pgType)))].sort();
  return types.map((pgType) => ({ pgType, cells: fidelity.map((f) => cell(f, f.columns.filter((c) => c.pgType === pgType))) }));
}

function cell(f: Fidelity, columns: FidelityColumn[]): FidelityCell {
  const counts = { exact: 0, changed: 0, dropped: 0, 'job-failed': 0 };
  for (const c of columns) counts[c.verdict]++;
  const worst = [...FIDELITY_VERDICTS].reverse().find((v) => counts[v] > 0);
  const example = columns.find((c) => c.verdict === 'changed' && c.example)?.example;
  return {
    connectorVersion: f.connectorVersion,
    counts,
    worst,
    // A masked pair can look alike (same shape): the judge's note says where they differ.
    ...(example ? { changed: `${short(example.source ?? 'NULL')} → ${short(example.emitted)}${example.masked && example.change ? ` (${example.change})` : ''}` } : {}),
    failedTables: [...new Set(columns.filter((c) => c.verdict === 'job-failed').map((c) => c.table))],
    dropped: columns.filter((c) => c.verdict === 'dropped').map((c) => `${c.table}.${c.column}`),
  };
}

const short = (s: string): string => clip(s, 60);

/**
 * Every verdict the type's columns got, worst news first: "changed 1 of 2: a → b; exact 1",
 * "job failed 2: public.t_money, public.wide_all_types" (names whole: a schema may hold a dot). A wide table that fails for one type marks all its
 * types; the single-type tables beside it tell which one it was.
 */
export function cellText(c: FidelityCell): string {
  const total = FIDELITY_VERDICTS.reduce((a, v) => a + c.counts[v], 0);
  if (total === 0) return '—';
  if (c.counts.exact === total) return 'exact';
  const parts = [
    c.counts.changed ? `changed ${c.counts.changed}${c.changed ? `: ${c.changed}` : ''}` : '',
    c.counts.dropped ? `dropped ${c.counts.dropped}: ${c.dropped.join(', ')}` : '',
    c.counts['job-failed'] ? `job failed ${c.counts['job-failed']}: ${c.failedTables.join(', ')}` : '',
    c.counts.exact ? `exact ${c.counts.exact}` : '',
  ];
  return `${parts.filter(Boolean).join('; ')} (of ${total} column${total > 1 ? 's' : ''})`;
}

/** Said under a fidelity matrix whose examples are masked. */
export const MASKED_NOTE = "Values from the database are masked: letters show as x (X upper case), digits as 9, other characters as they are; run with --show-values to see them.";
