import type { Fidelity } from '../../model/run-result.js';
import { cellText, fidelityTypeRows, MASKED_NOTE } from '../fidelity-summary.js';
import { failureHeadline } from './failures.js';
import { table, type TextTable } from './text-table.js';

/** PostgreSQL type × connector version, for the Markdown and HTML reports. */
export function fidelityTable(fidelity: readonly Fidelity[]): TextTable {
  return table(
    [['PostgreSQL type', false], ...fidelity.map((f): [string, boolean] => [`Flink CDC ${f.connectorVersion}`, false])],
    fidelityTypeRows(fidelity).map((row) => [row.pgType, ...row.cells.map(cellText)]),
  );
}

/** The tables a connector version could not read at all, with the first line of the job's failure. */
export function unreadableTable(fidelity: readonly Fidelity[]): TextTable | undefined {
  const rows = fidelity.flatMap((f) => f.failedTables.map((t) => [`Flink CDC ${f.connectorVersion}`, t.table, failureHeadline(t.failure, 200)]));
  return rows.length ? table([['connector', false], ['table', false], ['failure', false]], rows) : undefined;
}

export const fidelityLegend = (fidelity: readonly Fidelity[]): string =>
  `What the connector emitted for up to ${fidelity[0]?.sampledRows ?? 0} sampled rows per table (and reader), decoded by its declared schema and compared with the source's text of the same rows, found by key: exact, changed (first example, source → emitted), dropped (the column is missing from the record), or job failed (a job over the table alone failed; the table was left out of the timed points).${fidelity.some((f) => f.columns.some((c) => c.example?.masked)) ? ` ${MASKED_NOTE}` : ''}`;
