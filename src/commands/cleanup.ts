/**
 * Things to undo when a command ends, fails or is interrupted (stop a server it started, later:
 * drop replication slots). Ctrl-C runs them before the process exits.
 */
type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
let installed = false;
let interruptedBy: string | undefined;

/** The signal that interrupted the command, if one did: errors after it are the teardown's echo. */
export function interruption(): string | undefined {
  return interruptedBy;
}

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
    await fn().catch((err: unknown) => process.stderr.write(`cleanup failed: ${(err as Error).message}\n`));
  }
}

/** Runs `body` with `resource`, then releases it whatever happens (error, Ctrl-C). */
export async function using<R extends { release(): Promise<void> }, T>(resource: R, body: (r: R) => Promise<T>): Promise<T> {
  const release = () => resource.release();
  const remove = onCleanup(release);
  try {
    return await body(resource);
  } finally {
    remove();
    await release();
  }
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interruptedBy = signal;
      process.stderr.write(`\n${signal}: cleaning up…\n`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
}
