import type { ContainerRuntimeClient } from 'testcontainers';
import { ownerGone, RUN_LABEL, STACK_LABEL } from './stack-labels.js';

export interface StackLeftovers {
  /** Runs whose containers or networks were removed. */
  removed: string[];
  /** Runs whose owner still runs (a colleague's stack, or this process's): left alone. */
  alive: string[];
  /** What could not be removed, with why. */
  failures: { runId: string; error: string }[];
}

/**
 * Containers and networks labelled `cdc-sizer` whose owning process has ended (a run killed with
 * SIGKILL, a crash): removed, with their anonymous volumes. A stack whose process still runs is not
 * touched, nor one made on another machine (a shared engine).
 */
export async function removeStackLeftovers(client: ContainerRuntimeClient, ownRunId?: string): Promise<StackLeftovers> {
  const docker = client.container.dockerode;
  const filters = { label: [STACK_LABEL] };
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  const found: StackLeftovers = { removed: [], alive: [], failures: [] };
  const judged = new Map<string, boolean>();
  const gone = (labels: Record<string, string> | undefined): string | undefined => {
    const runId = labels?.[RUN_LABEL];
    if (!runId || runId === ownRunId) return undefined;
    if (!judged.has(runId)) judged.set(runId, ownerGone(labels!));
    if (!judged.get(runId)) {
      if (!found.alive.includes(runId)) found.alive.push(runId);
      return undefined;
    }
    return runId;
  };
  for (const c of containers) {
    const runId = gone(c.Labels);
    if (!runId) continue;
    await docker.getContainer(c.Id).remove({ force: true, v: true }).then(
      () => (found.removed.includes(runId) ? undefined : found.removed.push(runId)),
      (err: Error) => found.failures.push({ runId, error: err.message }),
    );
  }
  for (const n of networks) {
    const runId = gone(n.Labels);
    if (!runId) continue;
    await docker.getNetwork(n.Id).remove().then(
      () => (found.removed.includes(runId) ? undefined : found.removed.push(runId)),
      (err: Error) => found.failures.push({ runId, error: err.message }),
    );
  }
  return found;
}

/** One stack's containers and networks still present (after its teardown: what it left). */
export async function stackRemains(client: ContainerRuntimeClient, runId: string): Promise<{ containers: string[]; networks: string[] }> {
  const docker = client.container.dockerode;
  const filters = { label: [`${RUN_LABEL}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  return { containers: containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12)), networks: networks.map((n) => n.Name) };
}
