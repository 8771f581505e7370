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

export type ProviderName = 'embedded' | 'external';

export interface Endpoints {
  provider: ProviderName;
  pg: PgEndpoint;
  /** Releases what this process started (stops a server it started; leaves a `db start` server running). */
  release(): Promise<void>;
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
