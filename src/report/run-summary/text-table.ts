import { fmtSeconds } from '../terminal/format.js';

/**
 * The tables and sentences both documents print, as plain text: the Markdown and HTML renderers
 * only escape and lay them out, so the two cannot disagree.
 */
export interface TextTable {
  columns: string[];
  /** Right-aligned (numeric) columns. */
  numeric: boolean[];
  rows: string[][];
}

export const dash = '—';
export const fmtFixed = (x: number | undefined, digits: number): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : dash);
export const fmtPercent = (share: number | undefined): string => (share !== undefined && Number.isFinite(share) ? `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%` : dash);
export const fmtSecondsOr = (s: number | undefined): string => (s !== undefined && Number.isFinite(s) ? fmtSeconds(s) : dash);
export const fmtSpeedup = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : dash);

export function table(columns: [string, boolean][], rows: string[][]): TextTable {
  return { columns: columns.map(([c]) => c), numeric: columns.map(([, n]) => n), rows };
}
