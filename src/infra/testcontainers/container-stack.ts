import { randomBytes } from 'node:crypto';
import { StartedNetwork, type ContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import type { Endpoints, PgEndpoint, SinkEndpoint } from '../endpoints.js';
import { InfraError } from '../infra-error.js';
import { connectPg } from '../pg-connect.js';
import { LeftBehindError } from '../left-behind-error.js';
import { PG_DATABASE, PG_PORT, MYSQL_PORT, FLINK_REST_PORT, STARROCKS_QUERY_PORT, STARROCKS_HTTP_PORT, stackSpecs, teardownOrder, type ContainerSpec } from './container-specs.js';
import { dockerEngine, ensureImage, firstLine } from './docker-engine.js';
import { imageSet, isBuildable, LOCAL_IMAGES, OFFICIAL_IMAGES, type ImageRole, type ImageSet } from './image-set.js';
import { LoopbackContainer, StartedOnly } from './loopback-container.js';
import { waitUntilReady, type Probed } from './readiness.js';
import { removeStackCommand, RUN_LABEL, stackLabels } from './stack-labels.js';
import { removeStackLeftovers, stackRemains } from './stack-leftovers.js';

/** Registers a teardown to run on Ctrl-C/SIGTERM while the stack starts; returns its removal. */
export type TeardownRegistry = (teardown: () => Promise<void>) => () => void;

/**
 * `--infra testcontainers`: PostgreSQL (logical replication), a Flink JobManager and TaskManager,
 * MariaDB and, where its image exists, StarRocks on a network of their own. Configured with
 * `withX()`; `start()` returns the started stack, an `Endpoints` handle like every provider's.
 */
export class ContainerStack {
  private images: ImageSet = imageSet('official');
  private slots = 2;
  private starrocks = true;
  private log: (line: string) => void = () => undefined;
  private registry: TeardownRegistry = () => () => undefined;
  private readyTimeouts: Partial<Record<ContainerSpec['role'], number>> = {};

  withImages(images: ImageSet): this {
    this.images = images;
    return this;
  }

  /** Task slots of the TaskManager: at least the run's largest parallelism. */
  withSlots(n: number): this {
    this.slots = n;
    return this;
  }

  withStarRocks(on: boolean): this {
    this.starrocks = on;
    return this;
  }

  withLog(log: (line: string) => void): this {
    this.log = log;
    return this;
  }

  /** Where a teardown is kept while the stack starts, so Ctrl-C mid-start removes what is up. */
  withTeardownRegistry(registry: TeardownRegistry): this {
    this.registry = registry;
    return this;
  }

  /** A readiness timeout in place of the spec's (tests of a container that never becomes ready). */
  withReadyTimeout(role: ContainerSpec['role'], ms: number): this {
    this.readyTimeouts[role] = ms;
    return this;
  }

  async start(): Promise<StartedContainerStack> {
    const started = Date.now();
    const client = await dockerEngine();
    const runId = `${new Date().toISOString().replace(/\D/g, '').slice(2, 14)}-${randomBytes(3).toString('hex')}`;
    const leftovers = await removeStackLeftovers(client, runId);
    if (leftovers.removed.length) this.log(`removed containers of earlier runs whose process has ended: ${leftovers.removed.map((r) => `cdc-sizer.run=${r}`).join(', ')}`);
    for (const f of leftovers.failures) this.log(`could not remove leftover stack cdc-sizer.run=${f.runId} (${firstLine(f.error)}); remove it with: ${removeStackCommand(f.runId)}`);
    await this.requireImages(client);
    const starrocks = this.starrocks && (await this.starRocksImage(client));
    const stack = new StartedContainerStack(client, runId, this.images, starrocks);
    const unregister = this.registry(() => stack.release());
    try {
      await stack.startAll(stackSpecs({ runId, images: this.images, slots: this.slots, pgPassword: randomBytes(18).toString('base64url'), starrocks }), this.readyTimeouts);
    } catch (err) {
      await stack.release().catch((e: unknown) => this.log(`cleanup failed: ${(e as Error).message}`));
      throw err;
    } finally {
      unregister();
    }
    this.log(`containers up in ${((Date.now() - started) / 1000).toFixed(1)} s (${this.images.name} images, network ${stack.networkName}): PostgreSQL ${stack.pg.display}, Flink ${stack.flinkUrl} (${this.slots} slots), MariaDB ${stack.sink?.display}${stack.starrocks ? `, StarRocks ${stack.starrocks.display}` : ''}`);
    return stack;
  }

  /** StarRocks has no package to build an image from: where its image is missing, the run goes on without it. */
  private async starRocksImage(client: ContainerRuntimeClient): Promise<boolean> {
    const found = await ensureImage(client, this.images.starrocks, this.log);
    if (found.state !== 'missing') return true;
    this.log(`StarRocks image ${this.images.starrocks} is not here and cannot be pulled (${found.reason}); StarRocks has no OS or Maven package to build one from, so the run goes on without it`);
    return false;
  }

  private async requireImages(client: ContainerRuntimeClient): Promise<void> {
    const roles: ImageRole[] = ['postgres', 'flink', 'mariadb'];
    for (const role of roles) {
      const found = await ensureImage(client, this.images[role], this.log);
      if (found.state !== 'missing') continue;
      throw new InfraError(`the ${role} image ${this.images[role]} is not here and cannot be pulled (${found.reason}): ${missingImageFix(role, this.images[role])}`);
    }
  }
}

/** What to do about an image that is neither here nor pullable: build ours, or fix the --image that named it. */
export function missingImageFix(role: ImageRole, image: string): string {
  if (isBuildable(role) && image === LOCAL_IMAGES[role]) return 'build it with `cdc-sizer images build`';
  if (image === OFFICIAL_IMAGES[role]) return 'build the local images with `cdc-sizer images build` and run with --images local';
  return 'it was named with --image: pull or build it, or leave that --image out';
}

interface Running {
  spec: ContainerSpec;
  container: StartedTestContainer;
}

export class StartedContainerStack implements Endpoints {
  readonly provider = 'testcontainers' as const;
  pg!: PgEndpoint;
  readonly pgFromFlink = { host: 'postgres', port: PG_PORT };
  flinkUrl?: string;
  sink?: SinkEndpoint;
  starrocks?: SinkEndpoint;
  private network?: StartedNetwork;
  private readonly running: Running[] = [];
  private released?: Promise<void>;

  constructor(
    private readonly client: ContainerRuntimeClient,
    readonly runId: string,
    readonly images: ImageSet,
    private readonly withStarRocks: boolean,
  ) {}

  get networkName(): string {
    return this.network?.getName() ?? '';
  }

  /** The images this stack ran, for result.json. */
  get containerImages(): { set: string; byRole: Record<string, string> } {
    const { name, starrocks, ...byRole } = this.images;
    return { set: name, byRole: { ...byRole, ...(this.withStarRocks ? { starrocks } : {}) } };
  }

  /** Starts every container (each in a few hundred ms), then waits for all of them to be ready at once. */
  async startAll(specs: ContainerSpec[], timeouts: Partial<Record<ContainerSpec['role'], number>>): Promise<void> {
    const name = `cdc-sizer-${this.runId}`;
    const labels = stackLabels(this.runId);
    const network = await this.client.network.create({ Name: name, CheckDuplicate: true, Labels: labels });
    this.network = new StartedNetwork(this.client, name, network);
    for (const spec of specs) {
      const c = new LoopbackContainer(spec.image)
        .withName(`${name}-${spec.role}`)
        .withNetwork(this.network)
        .withNetworkAliases(spec.alias)
        .withLabels(spec.labels)
        .withEnvironment(spec.env)
        .withLoopbackPorts(...spec.ports)
        .withWaitStrategy(new StartedOnly())
        .withAutoCleanup(false);
      if (spec.command.length) c.withCommand(spec.command);
      if (spec.shmBytes) c.withShm(spec.shmBytes);
      if (spec.files.length) c.withCopyContentToContainer(spec.files.map((f) => ({ content: f.content, target: f.target, mode: f.mode })));
      const container = await c.start();
      this.running.push({ spec, container });
      // Torn down (Ctrl-C) while this one was starting: it is removed with the rest, and no other starts.
      if (this.released) throw new InfraError('the stack was torn down while it started');
    }
    this.recordEndpoints();
    await Promise.all(this.running.map((r) => waitUntilReady(this.probed(r), { pg: this.pg, ...(this.flinkUrl ? { flinkUrl: this.flinkUrl } : {}) }, timeouts[r.spec.role] ?? r.spec.readyTimeoutMs)));
    // Our own server, as the embedded one: per-chunk query timings come from pg_stat_statements (preloaded).
    const db = await connectPg(this.pg);
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').finally(() => db.end());
  }

  /** Where the harness and the job reach each server, from the ports Docker published. */
  private recordEndpoints(): void {
    const port = (role: ContainerSpec['role'], p: number) => this.running.find((r) => r.spec.role === role)!.container.getMappedPort(p);
    const pgSpec = this.running.find((r) => r.spec.role === 'postgres')!.spec;
    const password = pgSpec.env.POSTGRES_PASSWORD!;
    const pgPort = port('postgres', PG_PORT);
    this.pg = {
      host: '127.0.0.1',
      port: pgPort,
      user: 'postgres',
      password,
      database: PG_DATABASE,
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/${PG_DATABASE}`,
      display: `postgres://postgres:*****@127.0.0.1:${pgPort}/${PG_DATABASE}`,
    };
    this.flinkUrl = `http://127.0.0.1:${port('flink-jobmanager', FLINK_REST_PORT)}`;
    const mysqlUrl = `mysql://root@127.0.0.1:${port('mariadb', MYSQL_PORT)}`;
    this.sink = { kind: 'mysql', url: mysqlUrl, display: mysqlUrl, urlFromFlink: `mysql://root@mariadb:${MYSQL_PORT}` };
    if (this.running.some((r) => r.spec.role === 'starrocks')) {
      const url = `starrocks://root@127.0.0.1:${port('starrocks', STARROCKS_QUERY_PORT)}?http=${port('starrocks', STARROCKS_HTTP_PORT)}`;
      this.starrocks = { kind: 'starrocks', url, display: url, urlFromFlink: `starrocks://root@starrocks:${STARROCKS_QUERY_PORT}?http=${STARROCKS_HTTP_PORT}` };
    }
  }

  private probed(r: Running): Probed {
    const docker = this.client.container.dockerode.getContainer(r.container.getId());
    return {
      spec: r.spec,
      hostPort: (p) => r.container.getMappedPort(p),
      running: async () => (await docker.inspect()).State.Running,
      lastLogLines: async (n) => demuxLogLines(await docker.logs({ stdout: true, stderr: true, tail: n, follow: false })).slice(-n),
    };
  }

  /**
   * Removes the containers in teardown order (with their anonymous volumes), then the network, and
   * checks by label that nothing of the stack is left; what is left is said with the command that
   * removes it. Runs once, however often it is called (the run's end and Ctrl-C may both call it).
   */
  release(): Promise<void> {
    this.released ??= this.teardown();
    return this.released;
  }

  private async teardown(): Promise<void> {
    const errors: string[] = [];
    for (const r of teardownOrder([...this.running].map((x) => ({ ...x, role: x.spec.role })))) {
      await r.container.stop({ timeout: 10_000, remove: true, removeVolumes: true }).catch((err: Error) => errors.push(`${r.spec.role}: ${firstLine(err.message)}`));
    }
    // A container being created when the teardown began is not in the list yet: found by its label.
    const docker = this.client.container.dockerode;
    for (const c of await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${this.runId}`] } }).catch(() => [])) {
      await docker.getContainer(c.Id).remove({ force: true, v: true }).catch((err: Error) => errors.push(`${c.Names[0] ?? c.Id}: ${firstLine(err.message)}`));
    }
    // By its label too: a network created as the teardown began is not this.network yet.
    for (const n of await docker.listNetworks({ filters: { label: [`${RUN_LABEL}=${this.runId}`] } }).catch(() => [])) {
      await docker.getNetwork(n.Id).remove().catch((err: Error) => errors.push(`network ${n.Name}: ${firstLine(err.message)}`));
    }
    const left = await stackRemains(this.client, this.runId).catch(() => undefined);
    if (left && left.containers.length + left.networks.length === 0) return;
    const names = left ? [...left.containers, ...left.networks].join(', ') : `the containers and network labelled cdc-sizer.run=${this.runId}`;
    throw new LeftBehindError({ what: 'containers', name: names, error: errors.join('; ') || 'still listed after removal', remedy: removeStackCommand(this.runId) });
  }
}

/** Docker's log stream without a TTY: 8-byte frame headers (stream, 0, 0, 0, length) before each chunk. */
export function demuxLogLines(buf: Buffer | string): string[] {
  if (typeof buf === 'string') return buf.split('\n').filter((l) => l.trim());
  let text = '';
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0) {
    const len = buf.readUInt32BE(i + 4);
    text += buf.subarray(i + 8, i + 8 + len).toString('utf8');
    i += 8 + len;
  }
  if (i === 0) text = buf.toString('utf8');
  return text.split('\n').filter((l) => l.trim());
}
