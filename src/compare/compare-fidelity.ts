import { FIDELITY_VERDICTS, worseVerdict, type FidelityColumn } from '../model/run-result.js';
import type { ColumnChange, FidelityComparison, TypeRow, ValueExample, VerdictCounts } from './comparison.js';
import { emptyFindings, type Findings } from './findings.js';
import type { Side } from './sides.js';

export function compareFidelity(base: Side, next: Side): FidelityComparison {
  if (!base.fidelity || !next.fidelity) return { compared: false, reason: missingReason(base, next) };
  const b = byColumn(base.fidelity.columns);
  const n = byColumn(next.fidelity.columns);
  const changes = [...b].flatMap(([k, bc]) => {
    const nc = n.get(k);
    return nc && differs(bc, nc) ? [columnChange(bc, nc)] : [];
  });
  return {
    compared: true,
    types: typeRows(base.fidelity.columns, next.fidelity.columns),
    changes,
    onlyBase: [...b.keys()].filter((k) => !n.has(k)).length,
    onlyNew: [...n.keys()].filter((k) => !b.has(k)).length,
    failedTables: { base: base.fidelity.failedTables, next: next.fidelity.failedTables },
  };
}

function missingReason(base: Side, next: Side): string {
  const missing = [base.fidelity ? undefined : `BASE (${base.version})`, next.fidelity ? undefined : `NEW (${next.version})`].filter((x) => x !== undefined);
  return `${missing.join(' and ')} ${missing.length > 1 ? 'have' : 'has'} no fidelity section`;
}

const byColumn = (columns: readonly FidelityColumn[]): Map<string, FidelityColumn> => new Map(columns.map((c) => [`${c.table}\u0000${c.column}`, c]));

/** Two changed columns with different examples: the conversion changed, not necessarily for the worse. */
const differs = (b: FidelityColumn, n: FidelityColumn): boolean => b.verdict !== n.verdict || (b.verdict === 'changed' && !sameExample(b, n));
const sameExample = (b: FidelityColumn, n: FidelityColumn): boolean => b.example?.source === n.example?.source && b.example?.emitted === n.example?.emitted;

function columnChange(b: FidelityColumn, n: FidelityColumn): ColumnChange {
  const be = example(b);
  const ne = example(n);
  return { table: b.table, column: b.column, pgType: b.pgType, base: b.verdict, next: n.verdict, ...(be ? { baseExample: be } : {}), ...(ne ? { nextExample: ne } : {}) };
}

const example = (c: FidelityColumn): ValueExample | undefined => (c.example ? { table: c.table, column: c.column, source: c.example.source, emitted: c.example.emitted } : undefined);

const zero = (): VerdictCounts => ({ exact: 0, changed: 0, dropped: 0, 'job-failed': 0 });

function typeRows(base: readonly FidelityColumn[], next: readonly FidelityColumn[]): TypeRow[] {
  const types = [...new Set([...base, ...next].map((c) => c.pgType))].sort();
  return types.map((pgType) => {
    const b = base.filter((c) => c.pgType === pgType);
    const n = next.filter((c) => c.pgType === pgType);
    const bc = counts(b);
    const nc = counts(n);
    const be = firstChanged(b);
    const ne = firstChanged(n);
    const differs = FIDELITY_VERDICTS.some((v) => bc[v] !== nc[v]) || be?.source !== ne?.source || be?.emitted !== ne?.emitted;
    return { pgType, base: bc, next: nc, ...(be ? { baseExample: be } : {}), ...(ne ? { nextExample: ne } : {}), differs };
  });
}

function counts(columns: readonly FidelityColumn[]): VerdictCounts {
  const c = zero();
  for (const col of columns) c[col.verdict]++;
  return c;
}

const firstChanged = (columns: readonly FidelityColumn[]): ValueExample | undefined => {
  const c = columns.find((x) => x.verdict === 'changed' && x.example);
  return c ? example(c) : undefined;
};

export const exampleText = (e: ValueExample): string => `${e.source ?? 'NULL'} → ${e.emitted}`;

/** Worse verdicts are regressions, better ones improvements; a changed column that changes differently is a note. */
export function fidelityFindings(f: FidelityComparison): Findings {
  const out = emptyFindings();
  if (!f.compared) {
    out.notes.push({ area: 'fidelity', text: `not compared: ${f.reason}` });
    return out;
  }
  for (const c of f.changes) {
    const list = worseVerdict(c.base, c.next) ? out.regressions : worseVerdict(c.next, c.base) ? out.improvements : out.notes;
    list.push({ area: 'fidelity', text: changeText(c) });
  }
  if (f.onlyBase + f.onlyNew > 0) out.notes.push({ area: 'fidelity', text: `columns sampled on one side only (not compared): ${f.onlyBase} on BASE, ${f.onlyNew} on NEW` });
  return out;
}

function changeText(c: ColumnChange): string {
  const what = `${c.table}.${c.column} (${c.pgType})`;
  if (c.base === c.next) return `${what}: changed on both, differently: BASE ${c.baseExample ? exampleText(c.baseExample) : '?'}, NEW ${c.nextExample ? exampleText(c.nextExample) : '?'}`;
  const shown = c.next === 'changed' ? c.nextExample : c.base === 'changed' ? c.baseExample : undefined;
  return `${what}: ${c.base} → ${c.next}${shown ? ` (e.g. ${exampleText(shown)})` : ''}`;
}
