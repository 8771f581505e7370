import Table from 'cli-table3';
import type { TuneResult } from '../../tune/tune-result.js';
import { proofLine, trialsTable, wholeSelectionLine } from '../run-summary/tune-tables.js';
import { tableStyle } from './format.js';

/** tune for people: the candidates tried, the winner's saving with its interval, its risks and the configuration to paste. */
export function tuneTable(r: TuneResult): string {
  const t = trialsTable(r);
  const table = new Table({ style: tableStyle(), head: t.columns, colAligns: t.numeric.map((n) => (n ? 'right' : 'left')), wordWrap: true });
  for (const row of t.rows) table.push(row);
  const parts = [`tune ${r.subject.name} (Flink CDC ${r.connectorVersion}), rungs: ${r.rungs.map((g, i) => `${i + 1} = ${g.workload}`).join('; ')}`, table.toString(), proofLine(r), ...(wholeSelectionLine(r) ? [wholeSelectionLine(r)!] : [])];
  if (r.recommendation) {
    const rec = r.recommendation;
    if (rec.risks.length > 0) parts.push(`risks:\n${rec.risks.map((x) => `  - ${x}`).join('\n')}`);
    rec.snippets.forEach((sn, i) => {
      const job = rec.snippets.length > 1 ? ` (job ${i + 1} of ${rec.snippets.length}: ${rec.jobTables[i]!.length} tables)` : '';
      parts.push(`Flink CDC pipeline YAML${job}:\n${sn.pipelineYaml}`, `Flink SQL${job}:\n${sn.flinkSql}\n`, `DataStream${job}:\n${sn.dataStream}\n`);
    });
  }
  return parts.join('\n');
}
