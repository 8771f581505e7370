import { FlinkRest } from '../engines/flink-cdc/flink-rest.js';
import { LocalFlink, type StartedLocalFlink } from '../infra/flink/local-flink.js';
import type { FlinkArtifacts } from '../infra/flink/maven-build.js';
import { UsageError } from './usage-error.js';

/**
 * The Flink cluster a run measures on, with the job jar uploaded. On the local cluster every grid
 * point gets a fresh JVM (`fresh()`): each point then starts equally cold, and the connection pools
 * that Flink CDC 3.5.0 leaks per job (flink-cdc#4539) die with it instead of piling up on the
 * source. A remote cluster (`--flink-url`) is the user's: it is used as it is.
 */
export class FlinkSession {
  private cluster?: StartedLocalFlink;
  private rest_?: FlinkRest;
  private jarId_?: string;
  private peak = 0;
  flinkVersion = '';

  constructor(
    private readonly artifacts: FlinkArtifacts,
    private readonly slots: number,
    private readonly flinkUrl: string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  get target(): { rest: FlinkRest; jarId: string } {
    if (!this.rest_ || !this.jarId_) throw new Error('FlinkSession used before open()');
    return { rest: this.rest_, jarId: this.jarId_ };
  }

  async open(): Promise<this> {
    // Only the first start is worth a line; the per-point restarts would drown the log.
    if (!this.flinkUrl) this.cluster = await new LocalFlink(this.artifacts).withSlots(this.slots).withLog(this.cluster ? () => undefined : this.log).start();
    this.rest_ = new FlinkRest(this.flinkUrl ?? this.cluster!.restUrl);
    const overview = await this.rest_.waitForSlots(this.slots);
    if (overview['slots-total'] < this.slots) throw new UsageError(`the Flink cluster at ${this.rest_.baseUrl} has ${overview['slots-total']} task slots; parallelism ${this.slots} needs ${this.slots}`);
    this.flinkVersion = overview['flink-version'];
    this.jarId_ = await this.rest_.uploadJar(this.artifacts.jobJar);
    return this;
  }

  /** A new local JVM before the next point; nothing on a remote cluster. */
  async fresh(): Promise<void> {
    if (!this.cluster) return;
    await this.release();
    await this.open();
  }

  /** Peak resident memory over every local JVM of this session; undefined on a remote cluster. */
  async peakRssBytes(): Promise<number | undefined> {
    if (this.cluster) this.peak = Math.max(this.peak, (await this.cluster.peakRssBytes()) ?? 0);
    return this.peak > 0 ? this.peak : undefined;
  }

  async release(): Promise<void> {
    if (this.rest_ && this.jarId_) await this.rest_.deleteJar(this.jarId_).catch(() => undefined);
    this.jarId_ = undefined;
    if (this.cluster) {
      await this.peakRssBytes();
      await this.cluster.release();
    }
  }
}
