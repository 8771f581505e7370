import type { EstimateResult } from '../../model/estimate-result.js';
import {
  estimateMetaLine,
  estimateTitle,
  keylessLine,
  keylessShown,
  longPoleHeading,
  longPoleNote,
  longPoleTable,
  modelTable,
  nothingExtrapolated,
  predictionNote,
  predictionTable,
  recommendedLine,
  walTable,
  workloadTable,
} from '../markdown/estimate-report.js';
import { longPoleChart, predictedSpeedupChart, predictedTimeChart, walChart } from './estimate-charts.js';
import { escapeHtml } from './escape.js';
import { charts, htmlDocument, para, section } from './html-document.js';
import { htmlTable } from './html-table.js';

/**
 * report.html of `estimate`: one self-contained page (inline CSS and SVG, no script, nothing
 * fetched) with the verdict on top, the charts, and the same tables and sentences as report.md.
 */
export function estimateReportHtml(e: EstimateResult): string {
  const body = [
    para(estimateMetaLine(e), 'meta'),
    `<div class="verdict"><span class="verdict-label">Verdict</span>\n${para(e.verdict)}\n</div>`,
    section('Workload', htmlTable(workloadTable(e), 'kv')),
    predictions(e),
    poles(e),
    keyless(e),
    wal(e),
    section('What is extrapolated', e.extrapolations.length ? list(e.extrapolations) : para(nothingExtrapolated)),
    section('The model', list(e.calibration.explanation), htmlTable(modelTable(e), 'kv')),
  ];
  return htmlDocument(estimateTitle(e), body, ESTIMATE_CSS);
}

/** What the run report's stylesheet lacks: the boxes that carry the verdict and the WAL risk. */
const ESTIMATE_CSS = `
.verdict { margin: 16px 0 8px; padding: 12px 18px; border: 1px solid var(--line); border-left: 6px solid #0072B2; border-radius: 6px; background: var(--head); }
.verdict p { margin: 2px 0 0; max-width: none; font-size: 18px; font-weight: 600; }
.verdict-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; }
.risk { margin: 8px 0; padding: 8px 14px; border-left: 6px solid #888; background: var(--head); max-width: 78ch; }
.risk-ok { border-left-color: #009E73; }
.risk-warning { border-left-color: #E69F00; }
.risk-danger { border-left-color: #D55E00; }
`;

const list = (items: readonly string[]): string => ['<ul>', ...items.map((i) => `<li>${escapeHtml(i)}</li>`), '</ul>'].join('\n');

function predictions(e: EstimateResult): string {
  return section('Predictions per parallelism', para(recommendedLine(e), 'headline'), charts(predictedTimeChart(e), predictedSpeedupChart(e)), htmlTable(predictionTable(e)), para(predictionNote, 'note'));
}

function poles(e: EstimateResult): string {
  if (e.longPoles.length === 0) return section(longPoleHeading(e), para('No table to rank.'));
  return section(longPoleHeading(e), charts(longPoleChart(e)), para(longPoleNote, 'note'), htmlTable(longPoleTable(e)));
}

function keyless(e: EstimateResult): string {
  const shown = keylessShown(e);
  return section('Tables without a primary key', para(keylessLine(e)), shown.names.length ? list(shown.names) : '', shown.more ? para(shown.more, 'note') : '');
}

function wal(e: EstimateResult): string {
  const chart = walChart(e);
  const risk = `<div class="risk risk-${e.wal.level}"><strong>${escapeHtml(e.wal.level)}</strong>: ${escapeHtml(e.wal.note)}</div>`;
  return section('WAL risk', risk, chart ? charts(chart) : '', htmlTable(walTable(e), 'kv'));
}
