import { escapeHtml } from './escape.js';
import { REPORT_CSS } from './report-style.js';

/**
 * One self-contained report page: inline CSS, no script, nothing fetched; the title heads the
 * page as well as the tab. `extraCss` is what a page needs beyond the shared stylesheet.
 */
export function htmlDocument(title: string, body: readonly string[], extraCss = ''): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}${extraCss}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The blocks both reports build their pages from; empty blocks (a section's optional parts) are left out. */
export const para = (text: string, className = ''): string => `<p${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</p>`;
export const section = (title: string, ...blocks: string[]): string => ['<section>', `<h2>${escapeHtml(title)}</h2>`, ...blocks.filter((b) => b !== ''), '</section>'].join('\n');
export const charts = (...svgs: string[]): string => `<div class="charts">\n${svgs.join('\n')}\n</div>`;
