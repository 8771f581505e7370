import { resolvePassword, type PasswordSource } from './pg-password.js';

/**
 * The started infrastructure, whatever provider started it. Nothing outside a provider knows how a
 * server was started; everything else talks to the servers through this handle.
 */
export interface PgEndpoint {
  host: string;
  port: number;
  /**
   * A Unix socket folder on this machine, when the server has one: local bulk loads use it, since
   * loopback TCP costs the client about as much CPU as generating the rows. Remote tools (Flink) use host:port.
   */
  socketDir?: string;
  user: string;
  /** Given in the URL, or found in PGPASSWORD or the password file (pg-password.ts); never printed. */
  password?: string;
  /** Where the password came from, for the message when the server rejects it. */
  passwordSource?: PasswordSource;
  /** A password file that was there but not read, and why. */
  passwordFileIgnored?: string;
  database: string;
  /** postgres:// URL with the password: for drivers only, never print it. */
  url: string;
  /** The same URL with the password masked, for people and reports. */
  display: string;
}

export type ProviderName = 'embedded' | 'external' | 'testcontainers';

/** Which wire protocol and SQL dialect a database sink speaks. */
export type SinkKind = 'mysql' | 'postgres' | 'starrocks';

/**
 * A database the job writes into (`--sink jdbc|starrocks`). The harness and the Flink job may see
 * the same server at different addresses (containers on a Docker network), so each has its own URL.
 */
export interface SinkEndpoint {
  kind: SinkKind;
  /** For the harness's own client (create/drop the run's database, read rows back); holds the password. */
  url: string;
  /** The same URL with the password masked. */
  display: string;
  /** The address the Flink job uses; the same as `url` unless a provider says otherwise. */
  urlFromFlink: string;
}

/** Where the Flink job reaches the source, when that differs from `pg` (a container network alias). */
export interface PgAddress {
  host: string;
  port: number;
}

export interface Endpoints {
  provider: ProviderName;
  pg: PgEndpoint;
  /** The source as the Flink job sees it; absent: the job uses pg.host and pg.port. */
  pgFromFlink?: PgAddress;
  /** A Flink cluster the provider started (REST base URL); absent: the local cluster or --flink-url. */
  flinkUrl?: string;
  /** A sink database the provider started; `--sink-url` names one otherwise. */
  sink?: SinkEndpoint;
  /** A StarRocks the provider started (FE query and HTTP ports), where its image could be had. */
  starrocks?: SinkEndpoint;
  /** The container images a provider ran, recorded in result.json. */
  containerImages?: { set: string; byRole: Record<string, string> };
  /** Releases what this process started (stops a server it started; leaves a `db start` server running). */
  release(): Promise<void>;
}

/** The source as the Flink job must reach it: the provider's pgFromFlink (a network alias) when it has one. */
export function pgForFlink(e: Endpoints): PgEndpoint {
  if (!e.pgFromFlink) return e.pg;
  const { socketDir: _local, ...pg } = e.pg;
  return { ...pg, host: e.pgFromFlink.host, port: e.pgFromFlink.port };
}

export function pgEndpointFromUrl(url: string): PgEndpoint {
  const u = new URL(url);
  const endpoint: PgEndpoint = {
    host: decodeURIComponent(u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || process.env.PGUSER || 'postgres',
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || process.env.PGDATABASE || 'postgres',
    url,
    display: redactUrl(url),
  };
  const found = resolvePassword(u.password ? decodeURIComponent(u.password) : undefined, endpoint);
  if (found.password !== undefined) endpoint.password = found.password;
  if (found.source) endpoint.passwordSource = found.source;
  if (found.ignoredFile) endpoint.passwordFileIgnored = found.ignoredFile;
  return endpoint;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '*****';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
