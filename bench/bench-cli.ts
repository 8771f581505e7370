/** What the bench scripts share: progress on stderr, the CLI run as a user runs it, the commit measured. */
import { execFileSync, spawn } from 'node:child_process';
import type { RunResult } from '../src/model/run-result.js';

export const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Runs the CLI; its stderr (progress) passes through, its stdout is returned with the wall time.
 * `exitCodes`: the exits that still carry a result (a sync that did not verify exits 1 and writes its result: a figure too).
 */
export function cli(argv: string[], exitCodes: readonly number[] = [0]): Promise<{ out: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    log(`$ cdc-sizer ${argv.map((a) => (a.startsWith('postgres://') ? 'postgres://…' : a)).join(' ')}`);
    const started = performance.now();
    const child = spawn(process.execPath, ['dist/src/cli.js', ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('close', (code) => (code !== null && exitCodes.includes(code) ? resolve({ out, seconds: (performance.now() - started) / 1000 }) : reject(new Error(`cdc-sizer ${argv[0]} exited with ${code}`))));
  });
}

/** The commit the bench ran from (the model's version), `+dirty` when the tree had changes. */
export function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

/** As CountingDiscardSink.EARLY_CYCLES: each reader's first cycles, counted apart. */
export const EARLY_CYCLES = 10;

type Readers = NonNullable<RunResult['points'][number]['samples'][number]['readers']>;

/** The readers' first cycles and their later ones: "0.970 s × 10 then 0.674 s × 159". */
export function earlyThenLater(readers: Readers): string {
  const early = readers.reduce((a, r) => a + (r.earlyCycles ?? 0), 0);
  const earlySeconds = readers.reduce((a, r) => a + (r.earlyCycleSeconds ?? 0), 0);
  const later = readers.reduce((a, r) => a + r.cycles, 0) - early;
  const laterSeconds = readers.reduce((a, r) => a + r.cycleSeconds, 0) - earlySeconds;
  if (readers.some((r) => r.cycles > 0 && r.earlyCycles === undefined)) return 'first cycles not counted apart (a jar from before the sink counted them)';
  const mean = (n: number, seconds: number) => (n > 0 ? `${(seconds / n).toFixed(3)} s × ${n}` : 'none');
  return `${mean(early, earlySeconds)} then ${mean(later, laterSeconds)}`;
}
