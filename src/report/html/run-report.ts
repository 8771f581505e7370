import type { RunResult } from '../../model/run-result.js';
import { chunkCostNote, chunkCosts, chunkCostTable } from '../run-summary/chunk-costs.js';
import { deliveredLine } from '../run-summary/delivered-bytes.js';
import { failures, failureTable } from '../run-summary/failures.js';
import { fidelityLegend, fidelityTable, unreadableTable } from '../run-summary/fidelity-tables.js';
import { starRocksLegend, starRocksTable } from '../run-summary/starrocks-tables.js';
import { sinkFidelityLegend, sinkFidelityTable, sinkPhaseLegend, sinkPhaseTable, sinkTitle } from '../run-summary/sink-tables.js';
import { harnessOverhead, overheadLine, overheadTable } from '../run-summary/harness-overhead.js';
import { cleanupFailureLine, cleanupFailureTable, leftBehind, leftBehindLine, leftBehindTable } from '../run-summary/left-behind.js';
import { longPoleTable, longPoleTitle } from '../run-summary/long-poles.js';
import { pointGroups, type PointGroup } from '../run-summary/point-figures.js';
import { pointLabel } from '../run-summary/point-labels.js';
import { coresNote, environmentTable, gridLine, resourcesLine, scenarioLine } from '../run-summary/run-context.js';
import { fastestLine, scalingLegend, scalingTable, unverifiedLines } from '../run-summary/scaling.js';
import { observationLine, observationTable, observedPoints } from '../run-summary/source-observations.js';
import { escapeHtml } from './escape.js';
import { charts, htmlDocument, para, section } from './html-document.js';
import { htmlTable } from './html-table.js';
import { ddlLegend, ddlTable, streamScalingLine, syncLegend, syncRows, syncTable } from '../run-summary/sync-figures.js';
import { syncCharts } from './sync-charts.js';
import { ceilingCharts, chunkCostChart, longPoleCharts, MAX_WAL_LINES, speedupChart, timeChart, walChart } from './run-charts.js';

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the
 * charts people would rather look at than read, beside the same tables as report.md.
 */
export function runReportHtml(result: RunResult): string {
  const groups = pointGroups(result);
  const title = `cdc-sizer run: ${result.scenario.name}`;
  return htmlDocument(title, [
    para(`Measured ${result.createdAt} · result.json schema v${result.schemaVersion}`, 'meta'),
    environment(result),
    scenario(result, groups),
    scaling(result, groups),
    sync(result),
    ceiling(groups),
    chunkCost(groups),
    overhead(groups),
    poles(groups),
    walAndLocks(groups),
    fidelity(result),
    sink(result),
    starRocks(result),
    failureSection(result),
    hygiene(result),
    section('Resources', para(resourcesLine(result))),
  ]);
}

function environment(result: RunResult): string {
  return section('Environment', htmlTable(environmentTable(result), 'kv'), para(coresNote(result.environment.cores), 'note'));
}

function scenario(result: RunResult, groups: readonly PointGroup[]): string {
  const fastest = fastestLine(groups);
  return section('Scenario and volume', para(scenarioLine(result)), para(gridLine(result)), para(deliveredLine(groups)), fastest ? para(fastest, 'headline') : '');
}

function scaling(result: RunResult, groups: readonly PointGroup[]): string {
  if (groups.length === 0) return section('Time and scaling', para('No point was measured.'));
  const cores = result.environment.cores;
  return section(
    'Time and scaling',
    charts(timeChart(groups, cores), speedupChart(groups, cores)),
    para(scalingLegend, 'note'),
    ...groups.map((g) => [`<h3>${escapeHtml(g.title)}</h3>`, htmlTable(scalingTable(g)), ...unverifiedLines(g).map((line) => para(line, 'unverified'))].join('\n')),
  );
}

function ceiling(groups: readonly PointGroup[]): string {
  const svgs = ceilingCharts(groups);
  const body = svgs.length ? charts(...svgs) : para('This run did not measure the raw-copy ceiling: run with --engine both to compare the connector with what the source can serve.', 'note');
  return section('The connector against the source\'s ceiling', body);
}

function chunkCost(groups: readonly PointGroup[]): string {
  const costs = chunkCosts(groups);
  return costs.length ? section('Per-chunk cost', charts(chunkCostChart(groups)), para(chunkCostNote, 'note'), htmlTable(chunkCostTable(costs))) : '';
}

function overhead(groups: readonly PointGroup[]): string {
  const rows = harnessOverhead(groups);
  return rows.length ? section('Harness overhead', para(overheadLine, 'note'), htmlTable(overheadTable(rows))) : '';
}

function poles(groups: readonly PointGroup[]): string {
  const found = longPoleCharts(groups);
  if (found.length === 0) return '';
  return section('Long poles', charts(...found.map((f) => f.svg)), ...found.map((f) => `<h3>${escapeHtml(longPoleTitle(f.poles))}</h3>\n${htmlTable(longPoleTable(f.poles))}`));
}

function sync(result: RunResult): string {
  const rows = syncRows(result);
  if (rows.length === 0) return '';
  const scalingLine = streamScalingLine(rows);
  const ddl = ddlTable(rows);
  return section('The whole sync', para(syncLegend, 'note'), charts(...syncCharts(rows)), htmlTable(syncTable(rows)), scalingLine ? para(scalingLine, 'headline') : '', ddl.rows.length ? `<h3>DDL during the sync</h3>\n${para(ddlLegend, 'note')}${htmlTable(ddl)}` : '');
}

function walAndLocks(groups: readonly PointGroup[]): string {
  const points = observedPoints(groups);
  if (points.length === 0) return section('WAL and locks', para(observationLine(points)));
  const wal = walChart(groups);
  const hidden = wal.hidden ? para(`${wal.hidden} more run${wal.hidden === 1 ? '' : 's'} not drawn: the chart keeps the ${MAX_WAL_LINES} that retained the most WAL.`, 'note') : '';
  return section('WAL and locks', para(observationLine(points)), charts(wal.svg), hidden, htmlTable(observationTable(points)));
}

function starRocks(result: RunResult): string {
  return result.starrocks ? section('StarRocks columns', para(starRocksLegend(result.starrocks), 'note'), htmlTable(starRocksTable(result.starrocks))) : '';
}

function fidelity(result: RunResult): string {
  if (!result.fidelity?.length) return '';
  const unreadable = unreadableTable(result.fidelity);
  return section('Type fidelity', para(fidelityLegend(result.fidelity), 'note'), htmlTable(fidelityTable(result.fidelity)), unreadable ? `<h3>Tables the connector could not read</h3>\n${htmlTable(unreadable)}` : '');
}

function sink(result: RunResult): string {
  const phases = sinkPhaseTable(result);
  if (!phases) return '';
  return section('Through the sink', para(sinkTitle(result)!), para(sinkPhaseLegend, 'note'), htmlTable(phases), result.sinkFidelity?.length ? `<h3>Type fidelity through the sink</h3>\n${para(sinkFidelityLegend(result.sinkFidelity), 'note')}\n${htmlTable(sinkFidelityTable(result.sinkFidelity))}` : '');
}

function failureSection(result: RunResult): string {
  const list = failures(result);
  if (list.length === 0) return section('Failures', para('Every run succeeded.'));
  const details = list.map((f) => `<details><summary>${escapeHtml(`${pointLabel(f.settings)}, run ${f.repeat}`)}</summary><pre>${escapeHtml(f.failure)}</pre></details>`);
  return section('Failures', htmlTable(failureTable(list)), ...details);
}

function hygiene(result: RunResult): string {
  const found = leftBehind(result);
  const failed = cleanupFailureTable(result);
  return section('Hygiene', para(leftBehindLine(found)), found.items.length ? htmlTable(leftBehindTable(found.items)) : '', failed ? para(cleanupFailureLine(result)!) : '', failed ? htmlTable(failed) : '');
}
