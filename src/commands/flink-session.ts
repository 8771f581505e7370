import os from 'node:os';
import { FlinkRest } from '../engines/flink-cdc/flink-rest.js';
import { LocalFlink, type StartedLocalFlink } from '../infra/flink/local-flink.js';
import type { FlinkArtifacts } from '../infra/flink/maven-build.js';
import { LeftBehindError } from '../infra/left-behind-error.js';
import { reportCleanupFailure } from './cleanup.js';
import { UsageError } from './usage-error.js';
import { PASSWORD_VARIABLE, type PasswordChannel } from '../engines/flink-cdc/job-password.js';

/** Flink CDC 3.4/3.5 logs the whole Debezium configuration, password included, through this logger at INFO. */
const CDC_CONFIG_LOGGER = 'org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext';

/**
 * The Flink cluster a run measures on, with a job jar per connector version uploaded. On the local
 * cluster every grid point (of a sampled run: every round, see measure-grid.ts) gets a fresh JVM
 * (`fresh()`): each then starts equally cold, and the connection pools that Flink CDC 3.5.0 leaks
 * per job (flink-cdc#4539) die with it instead of piling up on the source. A remote cluster
 * (`--flink-url`) is the user's: it is used as it is.
 */
export class FlinkSession {
  private cluster?: StartedLocalFlink;
  private rest_?: FlinkRest;
  /** The cluster's slots and cores, read when first opened. */
  capacity?: { where: 'local' | 'remote'; slots: number; cores: number; taskManagers: number };
  private jarIds = new Map<string, string>();
  private peak = 0;
  /** Jobs run on the present local JVM. */
  private jobs = 0;
  flinkVersion = '';

  /** `artifacts`: one per connector version; they share the cluster jar (one Flink version). */
  constructor(
    readonly artifacts: FlinkArtifacts[],
    private readonly slots: number,
    private readonly flinkUrl: string | undefined,
    private readonly log: (line: string) => void,
    /** The source's password: the local cluster's JVM holds it in its environment (job-password.ts). */
    private readonly pgPassword?: string,
  ) {}

  /** The REST client and the uploaded jar of a connector version, and how its jobs get the password. */
  target(cdcVersion: string): { rest: FlinkRest; jarId: string; local: boolean; passwordChannel: PasswordChannel } {
    const jarId = this.jarIds.get(cdcVersion);
    if (!this.rest_ || !jarId) throw new Error(`FlinkSession has no jar for Flink CDC ${cdcVersion}`);
    return { rest: this.rest_, jarId, local: this.cluster !== undefined, passwordChannel: this.cluster ? 'cluster-environment' : 'program-argument' };
  }

  async open(): Promise<this> {
    // Only the first start is worth a line; the per-point restarts would drown the log.
    if (!this.flinkUrl) {
      const local = new LocalFlink(this.artifacts[0]!).withSlots(this.slots).withLog(this.cluster ? () => undefined : this.log);
      if (this.pgPassword) local.withEnvironment(PASSWORD_VARIABLE, this.pgPassword);
      this.cluster = await local.start();
    }
    // Our local cluster quiets it (its log4j2.properties); a cluster of the user's is configured by them.
    if (this.flinkUrl && this.pgPassword) this.log(`note: the job gets the PostgreSQL password as a program argument of its run request to ${this.flinkUrl}, and Flink CDC logs its Debezium configuration, database.password in clear, at INFO on the task managers: set logger ${CDC_CONFIG_LOGGER} to WARN in that cluster's log4j configuration`);
    this.rest_ = new FlinkRest(this.flinkUrl ?? this.cluster!.restUrl);
    const overview = await this.rest_.waitForSlots(this.slots);
    if (overview['slots-total'] < this.slots) throw new UsageError(`the Flink cluster at ${this.rest_.baseUrl} has ${overview['slots-total']} task slots; parallelism ${this.slots} needs ${this.slots}`);
    this.flinkVersion = overview['flink-version'];
    // What bounds an estimate's parallelism: the cluster's slots and cores. The local cluster runs on this machine.
    if (!this.capacity) {
      const slots = overview['slots-total'];
      const local = { cores: os.cpus().length, taskManagers: overview.taskmanagers };
      // A cluster whose /taskmanagers cannot be read still runs jobs: its cores are recorded as 0, unknown, and the estimate says so.
      const remote = this.flinkUrl ? await this.rest_.taskManagerCores().catch(() => ({ cores: 0, taskManagers: overview.taskmanagers })) : undefined;
      this.capacity = { where: remote ? 'remote' : 'local', slots, ...(remote ?? local) };
    }
    for (const a of this.artifacts) this.jarIds.set(a.cdcVersion, await this.rest_.uploadJar(a.jobJar));
    this.jobs = 0;
    return this;
  }

  /**
   * Counts a job about to run; says whether it is the first on the present local JVM (cold:
   * classes not loaded, nothing compiled). Undefined on a remote cluster, whose history is the user's.
   */
  jobStarting(): boolean | undefined {
    if (!this.cluster) return undefined;
    return this.jobs++ === 0;
  }

  /** A new local JVM before the next job, unless the present one has run none; nothing on a remote cluster. */
  async fresh(): Promise<void> {
    if (!this.cluster || this.jobs === 0) return;
    await this.release();
    await this.open();
  }

  /** Peak resident memory of the present local JVM (VmHWM since it started); undefined on a remote cluster. */
  async jvmPeakRssBytes(): Promise<number | undefined> {
    return this.cluster ? this.cluster.peakRssBytes() : undefined;
  }

  /** Peak resident memory over every local JVM of this session; undefined on a remote cluster. */
  async peakRssBytes(): Promise<number | undefined> {
    if (this.cluster) this.peak = Math.max(this.peak, (await this.cluster.peakRssBytes()) ?? 0);
    return this.peak > 0 ? this.peak : undefined;
  }

  /**
   * Deletes the jars and stops the local JVM. What cannot be removed is said (with the command
   * that removes it) and the next step goes on: `fresh()` still starts a new JVM.
   */
  async release(): Promise<void> {
    for (const jarId of this.jarIds.values()) {
      if (!this.rest_) break;
      const rest = this.rest_;
      await rest.deleteJar(jarId).catch((err: Error) => {
        // A local cluster's jars go with its JVM and work folder, stopped next; a remote cluster keeps them.
        if (!this.cluster) reportCleanupFailure({ what: 'jar', name: jarId, error: err.message, remedy: `curl -X DELETE '${rest.baseUrl.replace(/\/$/, '')}/jars/${encodeURIComponent(jarId)}'` });
      });
    }
    this.jarIds.clear();
    if (this.cluster) {
      await this.peakRssBytes();
      await this.cluster.release().catch((err: unknown) => {
        if (err instanceof LeftBehindError) reportCleanupFailure(err.failure);
        else reportCleanupFailure({ what: 'cluster', name: `local Flink cluster (PID ${this.cluster!.pid})`, error: (err as Error).message, remedy: `kill ${this.cluster!.pid}` });
      });
    }
  }
}
