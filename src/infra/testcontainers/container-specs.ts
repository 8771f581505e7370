import { SERVER_SETTINGS } from '../embedded/embedded-postgres.js';
import type { ImageSet } from './image-set.js';
import { stackLabels } from './stack-labels.js';

/**
 * What each container of a `--infra testcontainers` stack is, as plain data: image, network alias,
 * ports published on 127.0.0.1, environment, command, and what "ready" means. Nothing here talks to
 * Docker (container-stack.ts does), so the definitions are tested without an engine.
 */
export type ContainerRole = 'postgres' | 'mariadb' | 'starrocks' | 'flink-jobmanager' | 'flink-taskmanager';

/** Readiness as the harness checks it from this machine, the same for official and local images. */
export type Readiness =
  | { kind: 'postgres-query' }
  | { kind: 'mysql-query' }
  /** A BE listed alive by the FE's SHOW BACKENDS, then a query that succeeds. */
  | { kind: 'starrocks-backend' }
  /** The JobManager's REST lists at least this many task slots (so the TaskManager has registered). */
  | { kind: 'flink-slots'; slots: number }
  /** Started is enough: the JobManager's slot count says when the TaskManager is up. */
  | { kind: 'started' };

export interface ContainerFile {
  target: string;
  content: string;
  mode: number;
}

export interface ContainerSpec {
  role: ContainerRole;
  image: string;
  /** The container's name on the stack's network (how the job reaches it). */
  alias: string;
  /** Container ports published on 127.0.0.1 only, each at a free host port. */
  ports: number[];
  env: Record<string, string>;
  command: string[];
  files: ContainerFile[];
  /** /dev/shm in bytes, where the server needs more than Docker's 64 MB. */
  shmBytes?: number;
  readiness: Readiness;
  readyTimeoutMs: number;
  labels: Record<string, string>;
}

export interface StackSettings {
  runId: string;
  images: ImageSet;
  /** Task slots of the one TaskManager: at least the run's largest parallelism. */
  slots: number;
  /** The PostgreSQL superuser's password, made for this stack only. */
  pgPassword: string;
  starrocks: boolean;
}

export const PG_DATABASE = 'cdcsizer';
export const PG_PORT = 5432;
export const MYSQL_PORT = 3306;
export const FLINK_REST_PORT = 8081;
export const STARROCKS_QUERY_PORT = 9030;
export const STARROCKS_HTTP_PORT = 8030;
/** StarRocks' BE HTTP port: Stream Load is redirected there by the FE. */
export const STARROCKS_BE_HTTP_PORT = 8040;

/** The connector's replication connection comes from another container: pg_hba must allow it (the official image's allows only `all` databases). */
const PG_HBA = ['local all all trust', 'host all all all scram-sha-256', 'host replication all all scram-sha-256', ''].join('\n');
const PG_HBA_FILE = '/etc/cdc-sizer/pg_hba.conf';

/** The embedded server's settings (logical replication, room for every reader's backfill slot), listening on the stack's network. */
const PG_SETTINGS: Record<string, string> = { ...SERVER_SETTINGS, listen_addresses: '*', hba_file: PG_HBA_FILE };

/**
 * Flink's settings in the official image's interface (FLINK_PROPERTIES, one `key: value` a line),
 * which the local image's entry point reads too. Bind to every interface of the container: the
 * REST port is published on 127.0.0.1 only and the RPC ports stay on the stack's network.
 */
export function flinkProperties(slots: number): string {
  const props: Record<string, string | number> = {
    'jobmanager.rpc.address': 'flink-jobmanager',
    'jobmanager.bind-host': '0.0.0.0',
    'rest.address': 'flink-jobmanager',
    'rest.bind-address': '0.0.0.0',
    'rest.port': FLINK_REST_PORT,
    'taskmanager.bind-host': '0.0.0.0',
    'taskmanager.host': 'flink-taskmanager',
    'taskmanager.numberOfTaskSlots': slots,
    'web.submit.enable': 'true',
    'web.cancel.enable': 'true',
    // As the local cluster: metrics and accumulators reach REST once a second, not every 10 s.
    'metrics.fetcher.update-interval': 1000,
    'heartbeat.interval': 1000,
    // stream-capacity stops the connector with a savepoint and restarts it from there. The source's
    // state is small enough to travel inline in the savepoint's metadata, which the JobManager writes and reads.
    'state.savepoints.dir': 'file:///tmp/flink-savepoints',
  };
  return Object.entries(props).map(([k, v]) => `${k}: ${v}`).join('\n');
}

/** The stack's containers in start order: the servers first, the JobManager before its TaskManager. */
export function stackSpecs(s: StackSettings): ContainerSpec[] {
  const labels = stackLabels(s.runId);
  const specs: ContainerSpec[] = [
    {
      role: 'postgres',
      image: s.images.postgres,
      alias: 'postgres',
      ports: [PG_PORT],
      env: { POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: s.pgPassword, POSTGRES_DB: PG_DATABASE },
      command: ['postgres', ...Object.entries(PG_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
      files: [{ target: PG_HBA_FILE, content: PG_HBA, mode: 0o644 }],
      shmBytes: 256 * 2 ** 20,
      readiness: { kind: 'postgres-query' },
      readyTimeoutMs: 90_000,
      labels,
    },
    {
      role: 'mariadb',
      image: s.images.mariadb,
      alias: 'mariadb',
      ports: [MYSQL_PORT],
      // root without a password: the port is published on 127.0.0.1 only and the server dies with the run.
      env: { MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1' },
      command: ['mariadbd'],
      files: [],
      readiness: { kind: 'mysql-query' },
      readyTimeoutMs: 90_000,
      labels,
    },
  ];
  if (s.starrocks) {
    specs.push({
      role: 'starrocks',
      image: s.images.starrocks,
      alias: 'starrocks',
      ports: [STARROCKS_QUERY_PORT, STARROCKS_HTTP_PORT, STARROCKS_BE_HTTP_PORT],
      env: {},
      command: [],
      files: [],
      readiness: { kind: 'starrocks-backend' },
      // The all-in-one image starts an FE, then a BE that registers with it: minutes on a small machine.
      readyTimeoutMs: 300_000,
      labels,
    });
  }
  const flinkEnv = { FLINK_PROPERTIES: flinkProperties(s.slots) };
  specs.push(
    {
      role: 'flink-jobmanager',
      image: s.images.flink,
      alias: 'flink-jobmanager',
      ports: [FLINK_REST_PORT],
      env: flinkEnv,
      command: ['jobmanager'],
      files: [],
      readiness: { kind: 'flink-slots', slots: s.slots },
      readyTimeoutMs: 120_000,
      labels,
    },
    {
      role: 'flink-taskmanager',
      image: s.images.flink,
      alias: 'flink-taskmanager',
      ports: [],
      env: flinkEnv,
      command: ['taskmanager'],
      files: [],
      readiness: { kind: 'started' },
      readyTimeoutMs: 120_000,
      labels,
    },
  );
  return specs;
}

/**
 * Teardown order, the reverse of start: the TaskManager first (it holds the job's connections to
 * the source and the sink), then the JobManager, the sinks, and PostgreSQL last, so no server is
 * stopped under a client that still writes to it. The network goes after every container.
 */
export function teardownOrder<T extends { role: ContainerRole }>(started: readonly T[]): T[] {
  const rank: Record<ContainerRole, number> = { 'flink-taskmanager': 0, 'flink-jobmanager': 1, starrocks: 2, mariadb: 3, postgres: 4 };
  return [...started].sort((a, b) => rank[a.role] - rank[b.role]);
}
