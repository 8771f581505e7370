import cliProgress from 'cli-progress';
import type { LoadProgress } from '../datagen/load-dataset.js';

const PHASES = { prepare: 'creating types and tables', load: 'loading rows with COPY', keys: 'building primary keys and analyzing' } as const;

/** A live bar on a TTY (tables done, rows/s, MB/s, ETA); phase lines only when output is not a terminal. */
export function generateProgress(totalRows: number, totalTables: number, log: (line: string) => void): LoadProgress & { stop(): void } {
  const tty = process.stderr.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: '{bar} {percentage}% | {done}/{tables} tables | {rowsPerSec} rows/s | {mbps} MB/s | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, etaBuffer: 50, fps: 5 },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let rows = 0;
  let bytes = 0;
  let done = 0;
  let loadStart = 0;
  const payload = () => {
    const s = Math.max((performance.now() - loadStart) / 1000, 1e-3);
    return { done, tables: totalTables, rowsPerSec: Math.round(rows / s).toLocaleString('en-US'), mbps: (bytes / 1e6 / s).toFixed(1) };
  };
  return {
    phase(name) {
      if (name === 'load') {
        loadStart = performance.now();
        if (bar) bar.start(Math.max(totalRows, 1), 0, payload());
        else log(`${PHASES[name]}: ${totalTables} tables, ${totalRows.toLocaleString('en-US')} rows`);
        return;
      }
      bar?.stop();
      log(`${PHASES[name]}…`);
    },
    rows(_t, n, b) {
      rows += n;
      bytes += b;
      bar?.update(rows, payload());
    },
    tableDone() {
      done++;
      bar?.update(rows, payload());
    },
    stop() {
      bar?.stop();
    },
  };
}
