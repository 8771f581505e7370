import assert from 'node:assert/strict';

/** A Markdown table row's cells: split on pipes that are not escaped. */
export const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** The rows of the first table after a heading (excluding the header and the rule). */
export function tableAfter(md: string, heading: string): string[][] {
  const start = md.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `no heading ${heading}`);
  const lines = md.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > first && !l.startsWith('|'));
  return lines.slice(first + 2, end < 0 ? undefined : end).map(cells);
}
