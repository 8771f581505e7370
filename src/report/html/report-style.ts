/** The report's only stylesheet, inline: the file must open anywhere without a network. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d1d1f; --muted: #5f6368; --bg: #fff; --line: #d9d9de; --head: #f4f5f7; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8ea; --muted: #a0a4aa; --bg: #17181a; --line: #3a3b3f; --head: #222327; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1320px; padding: 24px 28px 48px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p { margin: 6px 0; max-width: 78ch; }
.meta, .note { color: var(--muted); }
.headline { font-weight: 600; }
.unverified { color: #b35c00; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.kv td:first-child { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; }
figure.chart { margin: 8px 0; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart svg text { fill: var(--fg); }
figure.chart svg .grid { stroke: var(--line); }
figure.chart svg .mark:hover { stroke: var(--fg); stroke-width: 2; }
figure.empty figcaption { color: var(--muted); }
details pre { white-space: pre-wrap; word-break: break-word; font-size: 12px; background: var(--head); padding: 8px; }
`;
