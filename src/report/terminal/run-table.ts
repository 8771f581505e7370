import Table from 'cli-table3';
import type { RunPoint, RunResult } from '../../model/run-result.js';
import { efficiency, speedup, summarize } from '../../model/statistics.js';
import { fmtInt, fmtSeconds, tableStyle } from './format.js';

/**
 * One table per chunk size and option set: median time with spread, speedup and efficiency
 * against p=1 of the same engine and settings, throughput, and the connector's share of the
 * raw-copy ceiling at the same parallelism.
 */
export function runTables(result: RunResult): string {
  const groups = new Map<string, RunPoint[]>();
  for (const p of result.points) {
    const key = `chunk size ${p.settings.chunkSize}${Object.keys(p.settings.sourceOptions).length ? `, ${Object.entries(p.settings.sourceOptions).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const out: string[] = [];
  for (const [title, points] of groups) {
    const t = new Table({ style: tableStyle(), head: ['engine', 'p', 'runs', 'median s', 'min–max s', 'speedup', 'efficiency', 'rows/s', 'MB/s', 'of raw-copy', 'failed'] });
    for (const p of points) {
      const ok = p.samples.filter((s) => s.ok);
      const time = summarize(ok.map((s) => s.wallSeconds));
      const base = points.find((b) => b.settings.engine === p.settings.engine && b.settings.parallelism === 1);
      const baseTime = base ? summarize(base.samples.filter((s) => s.ok).map((s) => s.wallSeconds)).median : Number.NaN;
      const ceiling = result.points.find((c) => c.settings.engine === 'raw-copy' && c.settings.parallelism === p.settings.parallelism && c.settings.chunkSize === p.settings.chunkSize);
      const ceilingTime = ceiling ? summarize(ceiling.samples.filter((s) => s.ok).map((s) => s.wallSeconds)).median : Number.NaN;
      const rows = ok[0]?.rows ?? 0;
      const bytes = ok[0]?.bytes ?? 0;
      t.push([
        p.settings.engine,
        String(p.settings.parallelism),
        String(ok.length),
        ok.length ? fmtSeconds(time.median) : '—',
        ok.length ? `${fmtSeconds(time.min)}–${fmtSeconds(time.max)}` : '—',
        fmt(speedup(baseTime, time.median), 2),
        fmt(efficiency(baseTime, time.median, p.settings.parallelism), 2),
        ok.length ? fmtInt(rows / time.median) : '—',
        ok.length ? (bytes / 1e6 / time.median).toFixed(1) : '—',
        p.settings.engine === 'flink-cdc' && Number.isFinite(ceilingTime / time.median) ? `${((ceilingTime / time.median) * 100).toFixed(0)}%` : '',
        String(p.samples.length - ok.length),
      ]);
    }
    out.push(`${title}:\n${t.toString()}`);
  }
  return out.join('\n');
}

const fmt = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
