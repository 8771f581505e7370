import os from 'node:os';

/**
 * Labels on every container and network a stack creates: `cdc-sizer` marks them as ours, the run id
 * groups one stack, and the owner's host and PID tell a later run whether the stack's process is
 * gone (then it is a leftover to remove) or still running (a colleague's, left alone).
 */
export const STACK_LABEL = 'cdc-sizer';
export const RUN_LABEL = 'cdc-sizer.run';
export const OWNER_HOST_LABEL = 'cdc-sizer.owner-host';
export const OWNER_PID_LABEL = 'cdc-sizer.owner-pid';

export function stackLabels(runId: string, pid = process.pid, host = os.hostname()): Record<string, string> {
  return { [STACK_LABEL]: 'true', [RUN_LABEL]: runId, [OWNER_HOST_LABEL]: host, [OWNER_PID_LABEL]: String(pid) };
}

/** Whether the process that labelled a stack is gone: only then may another process remove it. */
export function ownerGone(labels: Record<string, string>, host = os.hostname(), alive: (pid: number) => boolean = processAlive): boolean {
  const pid = Number(labels[OWNER_PID_LABEL]);
  // Another machine's stack (a shared engine) is not ours to judge: its process cannot be seen from here.
  if (labels[OWNER_HOST_LABEL] !== host) return false;
  return !Number.isInteger(pid) || pid <= 0 || !alive(pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The shell command that removes one stack's containers and network by its label. */
export function removeStackCommand(runId: string): string {
  const filter = `--filter label=${RUN_LABEL}=${runId}`;
  return `docker rm -f -v $(docker ps -aq ${filter}); docker network rm $(docker network ls -q ${filter})`;
}
