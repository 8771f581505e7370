import Table from 'cli-table3';
import type { Comparison } from '../../compare/comparison.js';
import { fidelityLines, findingText, headingLine, hygieneLines, pointTable, typeTable, unmatchedText, verdictLine } from '../compare-summary.js';
import type { TextTable } from '../run-summary/text-table.js';
import { tableStyle } from './format.js';

/** compare for people: the points, the types that fared differently, hygiene, every finding, the verdict last. */
export function compareTables(c: Comparison): string {
  const types = typeTable(c, { all: false });
  return [
    headingLine(c),
    `points:\n${render(pointTable(c))}`,
    ...unmatchedText(c),
    'fidelity:',
    ...fidelityLines(c).map((l) => `  ${l}`),
    ...(types ? [render(types)] : []),
    'hygiene:',
    ...hygieneLines(c).map((l) => `  ${l}`),
    ...list('regressions', c.regressions.map(findingText)),
    ...list('improvements', c.improvements.map(findingText)),
    ...list('notes', c.notes.map(findingText)),
    verdictLine(c),
  ].join('\n');
}

const list = (title: string, items: readonly string[]): string[] => (items.length ? [`${title}:`, ...items.map((i) => `  - ${i}`)] : []);

function render(t: TextTable): string {
  const table = new Table({ style: tableStyle(), head: t.columns, colAligns: t.numeric.map((n) => (n ? 'right' : 'left')) });
  for (const row of t.rows) table.push(row);
  return table.toString();
}
