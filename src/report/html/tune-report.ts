import type { TuneResult } from '../../tune/tune-result.js';
import { proofLine, settingsText, trialsTable, wholeSelectionLine } from '../run-summary/tune-tables.js';
import { escapeHtml } from './escape.js';
import { charts, htmlDocument, para, section } from './html-document.js';
import { htmlTable } from './html-table.js';
import { svgHBarChart } from './svg-hbar-chart.js';

/** report.html of a tune: time per candidate per rung, the winner against the defaults, and the configuration. */
export function tuneReportHtml(r: TuneResult): string {
  const rungs = r.rungs.map((g, i) =>
    svgHBarChart({
      id: `rung-${i + 1}`,
      title: `Rung ${i + 1}: ${g.workload}`,
      xLabel: 'seconds',
      segments: ['verified', 'not verified'],
      rows: r.trials.filter((t) => t.rung === i).map((t) => ({ label: settingsText(t.candidate), values: t.verified ? [t.seconds, undefined] : [undefined, t.seconds] })),
    }),
  );
  const proof = r.proof
    ? svgHBarChart({
        id: 'proof',
        title: `The winner against the defaults, alternating, on ${r.proof.workload}`,
        xLabel: 'seconds',
        segments: ['run'],
        rows: [...r.proof.winnerSeconds.map((s, i) => ({ label: `winner #${i + 1}`, values: [s] })), ...r.proof.defaultsSeconds.map((s, i) => ({ label: `defaults #${i + 1}`, values: [s] }))],
      })
    : '';
  const rec = r.recommendation;
  return htmlDocument(`cdc-sizer tune: ${r.subject.name}`, [
    para(`Tuned ${r.createdAt} · Flink CDC ${r.connectorVersion} · result.json schema v${r.schemaVersion}`, 'meta'),
    section('The answer', para(proofLine(r)), wholeSelectionLine(r) ? para(wholeSelectionLine(r)!) : '', rec && rec.risks.length ? `<ul>${rec.risks.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : ''),
    section('Time per candidate', charts(...rungs, ...(proof ? [proof] : []))),
    section('Candidates tried', htmlTable(trialsTable(r))),
    rec ? section('Configuration', ...rec.snippets.flatMap((sn, i) => {
      const job = rec.snippets.length > 1 ? ` (job ${i + 1} of ${rec.snippets.length})` : '';
      return [[`Flink CDC pipeline YAML${job}`, sn.pipelineYaml], [`Flink SQL${job}`, sn.flinkSql], [`DataStream${job}`, sn.dataStream]].map(([title, text]) => `<h3>${escapeHtml(title!)}</h3>\n<pre>${escapeHtml(text!)}</pre>`);
    })) : '',
    section('Search space', htmlTable({ columns: ['dimension', 'values', 'why'], numeric: [false, false, false], rows: r.space.map((d) => [d.name, d.values.join(' | '), d.why]) })),
  ]);
}
