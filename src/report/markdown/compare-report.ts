import type { Comparison } from '../../compare/comparison.js';
import { fidelityLines, findingText, headingLine, hygieneLines, pointNote, pointTable, typeTable, unmatchedText, verdictLine } from '../compare-summary.js';
import { mdEscape, mdTable } from './markdown-text.js';

/**
 * compare as GitHub-flavoured Markdown for a CI job summary: the verdict first (what a reviewer
 * looks for), then the evidence. Every type is listed in a collapsed block below the ones that differ.
 */
export function compareReportMarkdown(c: Comparison): string {
  return [header(c), findings(c), time(c), fidelity(c), hygiene(c)]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}

const p = (text: string): string => mdEscape(text);
const bullets = (items: readonly string[]): string => items.map((i) => `- ${mdEscape(i)}`).join('\n');
const section = (title: string, ...blocks: (string | undefined)[]): string => [`## ${p(title)}`, ...blocks.filter((b): b is string => b !== undefined && b !== '')].join('\n\n');

function header(c: Comparison): string {
  const verdict = verdictLine(c).replace(/^verdict: /, '');
  return [`# ${p(`cdc-sizer compare: ${c.scenario.name}, ${c.base.connectorVersion} → ${c.next.connectorVersion}`)}`, `**${p(`Verdict: ${verdict}`)}**`, p(headingLine(c))].join('\n\n');
}

function findings(c: Comparison): string {
  const block = (title: string, items: readonly string[]) => (items.length ? `### ${p(title)}\n\n${bullets(items)}` : undefined);
  if (c.regressions.length + c.improvements.length + c.notes.length === 0) return '';
  return section('Findings', block('Regressions', c.regressions.map(findingText)), block('Improvements', c.improvements.map(findingText)), block('Notes', c.notes.map(findingText)));
}

function time(c: Comparison): string {
  const unmatched = unmatchedText(c);
  return section('Snapshot time', p(pointNote), mdTable(pointTable(c)), unmatched.length ? bullets(unmatched) : undefined);
}

function fidelity(c: Comparison): string {
  const differing = typeTable(c, { all: false });
  const all = typeTable(c, { all: true });
  // GitHub renders a Markdown table inside <details> only with blank lines around it.
  const everyType = all && all.rows.length > (differing?.rows.length ?? 0) ? `<details><summary>Every type</summary>\n\n${mdTable(all)}\n\n</details>` : undefined;
  return section('Type fidelity', ...fidelityLines(c).map(p), differing ? mdTable(differing) : undefined, everyType);
}

function hygiene(c: Comparison): string {
  return section('Hygiene', bullets(hygieneLines(c)));
}
