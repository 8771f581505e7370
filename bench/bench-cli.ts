/** What the bench scripts share: progress on stderr, the CLI run as a user runs it, the commit measured. */
import { execFileSync, spawn } from 'node:child_process';

export const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs the CLI; its stderr (progress) passes through, its stdout is returned with the wall time. */
export function cli(argv: string[]): Promise<{ out: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    log(`$ cdc-sizer ${argv.map((a) => (a.startsWith('postgres://') ? 'postgres://…' : a)).join(' ')}`);
    const started = performance.now();
    const child = spawn(process.execPath, ['dist/src/cli.js', ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('close', (code) => (code === 0 ? resolve({ out, seconds: (performance.now() - started) / 1000 }) : reject(new Error(`cdc-sizer ${argv[0]} exited with ${code}`))));
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
