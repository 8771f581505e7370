import type { RunResult } from '../../model/run-result.js';
import { chunkCostNote, chunkCosts, chunkCostTable } from '../run-summary/chunk-costs.js';
import { deliveredLine } from '../run-summary/delivered-bytes.js';
import { failures, failureTable } from '../run-summary/failures.js';
import { fidelityLegend, fidelityTable, unreadableTable } from '../run-summary/fidelity-tables.js';
import { starRocksLegend, starRocksTable } from '../run-summary/starrocks-tables.js';
import { sinkFidelityLegend, sinkFidelityTable, sinkPhaseLegend, sinkPhaseTable, sinkTitle } from '../run-summary/sink-tables.js';
import { harnessOverhead, overheadLine, overheadTable } from '../run-summary/harness-overhead.js';
import { cleanupFailureLine, cleanupFailureTable, leftBehind, leftBehindLine, leftBehindTable } from '../run-summary/left-behind.js';
import { longPoles, longPoleTable, longPoleTitle } from '../run-summary/long-poles.js';
import { pointGroups } from '../run-summary/point-figures.js';
import { coresNote, environmentTable, gridLine, resourcesLine, scenarioLine } from '../run-summary/run-context.js';
import { fastestLine, scalingLegend, scalingTable, unverifiedLines } from '../run-summary/scaling.js';
import { observationLine, observationTable, observedPoints } from '../run-summary/source-observations.js';
import { mdEscape, mdTable } from './markdown-text.js';
import { ddlLegend, ddlTable, streamScalingLine, syncLegend, syncRows, syncTable } from '../run-summary/sync-figures.js';

/**
 * report.md: the run for a CI job summary or a pull request, in GitHub-flavoured Markdown. The
 * same tables and sentences as report.html, without the charts.
 */
export function runReportMarkdown(result: RunResult): string {
  const groups = pointGroups(result);
  return [header(result), environment(result), scenario(result, groups), scaling(groups), sync(result), chunkCost(groups), overhead(groups), poles(groups), fidelity(result), sink(result), starRocks(result), failureSection(result), hygiene(result), observations(groups), resources(result)]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}

type Groups = ReturnType<typeof pointGroups>;

function starRocks(result: RunResult): string {
  return result.starrocks ? section('StarRocks columns', p(starRocksLegend(result.starrocks)), mdTable(starRocksTable(result.starrocks))) : '';
}

function fidelity(result: RunResult): string {
  if (!result.fidelity?.length) return '';
  const unreadable = unreadableTable(result.fidelity);
  return section('Type fidelity', p(fidelityLegend(result.fidelity)), mdTable(fidelityTable(result.fidelity)), unreadable ? `### Tables the connector could not read\n\n${mdTable(unreadable)}` : undefined);
}
function sink(result: RunResult): string {
  const phases = sinkPhaseTable(result);
  if (!phases) return '';
  return section('Through the sink', p(sinkTitle(result)!), p(sinkPhaseLegend), mdTable(phases), result.sinkFidelity?.length ? `### Type fidelity through the sink\n\n${p(sinkFidelityLegend(result.sinkFidelity))}\n\n${mdTable(sinkFidelityTable(result.sinkFidelity))}` : undefined);
}

const p = (text: string): string => mdEscape(text);
const section = (title: string, ...blocks: (string | undefined)[]): string => [`## ${title}`, ...blocks.filter((b): b is string => b !== undefined && b !== '')].join('\n\n');

function header(result: RunResult): string {
  return `# cdc-sizer run: ${p(result.scenario.name)}\n\n${p(`Measured ${result.createdAt} · result.json schema v${result.schemaVersion}`)}`;
}

function environment(result: RunResult): string {
  return section('Environment', mdTable(environmentTable(result)), p(coresNote(result.environment.cores)));
}

function scenario(result: RunResult, groups: Groups): string {
  const fastest = fastestLine(groups);
  return section('Scenario and volume', p(scenarioLine(result)), p(gridLine(result)), p(deliveredLine(groups)), fastest ? p(fastest) : undefined);
}

function scaling(groups: Groups): string {
  if (groups.length === 0) return section('Time and scaling', 'No point was measured.');
  const legend = p(scalingLegend);
  return section('Time and scaling', legend, ...groups.map((g) => [`### ${p(g.title)}`, mdTable(scalingTable(g)), ...unverifiedLines(g).map(p)].join('\n\n')));
}

function sync(result: RunResult): string {
  const rows = syncRows(result);
  if (rows.length === 0) return '';
  const scalingLine = streamScalingLine(rows);
  const ddl = ddlTable(rows);
  return section('The whole sync', p(syncLegend), mdTable(syncTable(rows)), scalingLine ? p(scalingLine) : undefined, ddl.rows.length ? `### DDL during the sync\n\n${p(ddlLegend)}\n\n${mdTable(ddl)}` : undefined);
}

function chunkCost(groups: Groups): string {
  const costs = chunkCosts(groups);
  return costs.length ? section('Per-chunk cost', p(chunkCostNote), mdTable(chunkCostTable(costs))) : '';
}

function overhead(groups: Groups): string {
  const rows = harnessOverhead(groups);
  return rows.length ? section('Harness overhead', p(overheadLine), mdTable(overheadTable(rows))) : '';
}

function poles(groups: Groups): string {
  const found = longPoles(groups);
  if (found.length === 0) return '';
  return section('Long poles', ...found.map((lp) => `### ${p(longPoleTitle(lp))}\n\n${mdTable(longPoleTable(lp))}`));
}

function failureSection(result: RunResult): string {
  const list = failures(result);
  return section('Failures', list.length ? mdTable(failureTable(list)) : 'Every run succeeded.');
}

function hygiene(result: RunResult): string {
  const found = leftBehind(result);
  const failed = cleanupFailureTable(result);
  return section('Hygiene', p(leftBehindLine(found)), found.items.length ? mdTable(leftBehindTable(found.items)) : undefined, failed ? p(cleanupFailureLine(result)!) : undefined, failed ? mdTable(failed) : undefined);
}

function observations(groups: Groups): string {
  const points = observedPoints(groups);
  return section('WAL and locks', p(observationLine(points)), points.length ? mdTable(observationTable(points)) : undefined);
}

function resources(result: RunResult): string {
  return section('Resources', p(resourcesLine(result)));
}
