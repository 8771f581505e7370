import { constants } from 'node:os';
import type { CleanupFailure } from '../model/run-result.js';
import { LeftBehindError } from '../infra/left-behind-error.js';

/**
 * Things to undo when a command ends, fails or is interrupted (stop a server it started, cancel
 * a job, drop replication slots). Ctrl-C and SIGTERM run them before the process exits. What
 * could not be undone is said here, once, and turns the exit code non-zero (see cli.ts).
 */
type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
const failures: CleanupFailure[] = [];
let installed = false;
let interruptedBy: NodeJS.Signals | undefined;

/** The signal that interrupted the command, if one did: errors after it are the teardown's echo. */
export function interruption(): string | undefined {
  return interruptedBy;
}

/** The shell's convention for a process ended by a signal: 128 + its number (SIGINT 130, SIGTERM 143). */
export function interruptionExitCode(): number | undefined {
  return interruptedBy === undefined ? undefined : 128 + constants.signals[interruptedBy];
}

/**
 * Says what was left behind, in one line with the command that removes it, and keeps it for
 * result.json and the exit code. Every cleanup that fails comes through here.
 */
export function reportCleanupFailure(f: CleanupFailure): void {
  failures.push(f);
  process.stderr.write(`cleanup failed: ${f.what} ${f.name}${f.database ? ` (database "${f.database}")` : ''} is left behind (${firstLine(f.error)}); remove it with: ${f.remedy}\n`);
}

/** Every cleanup failure of this process so far. */
export function cleanupFailures(): readonly CleanupFailure[] {
  return failures;
}

const firstLine = (s: string) => s.split('\n')[0]!.trim();

export function onCleanup(fn: Cleanup): () => void {
  cleanups.push(fn);
  installSignalHandlers();
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    await fn().catch(reportReleaseError);
  }
}

/** A release that threw: said with its remedy when it knows one. */
function reportReleaseError(err: unknown): void {
  if (err instanceof LeftBehindError) reportCleanupFailure(err.failure);
  else reportCleanupFailure({ what: 'cleanup', name: 'a cleanup step', error: (err as Error)?.message ?? String(err), remedy: 'see the error; `cdc-sizer run --clean` drops the cdcsizer_ slots and publications no run is using in the database' });
}

/**
 * Runs `body` with `resource`, then releases it whatever happens (error, Ctrl-C). A release that
 * fails is reported (reportCleanupFailure), not thrown: the body's result or error stands.
 */
export async function using<R extends { release(): Promise<void> }, T>(resource: R, body: (r: R) => Promise<T>): Promise<T> {
  const release = () => resource.release();
  const remove = onCleanup(release);
  try {
    return await body(resource);
  } finally {
    remove();
    await release().catch(reportReleaseError);
  }
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interruptedBy = signal;
      process.stderr.write(`\n${signal}: cleaning up…\n`);
      // runCleanups reports each failure itself and never rejects; the exit code is the signal's.
      void runCleanups().finally(() => process.exit(interruptionExitCode()));
    });
  }
}
