import type { SinkEndpoint, SinkKind } from '../infra/endpoints.js';
import { redactUrl } from '../infra/endpoints.js';

/**
 * `--sink-url`, the database a sink writes into, as the harness reaches it:
 * `mysql://user:password@host:3306` (MySQL, MariaDB), `postgres://user:password@host:5432/db` (the
 * database named is only where the harness connects to create the run's own), and
 * `starrocks://user:password@fe:9030?http=8030` (the FE's MySQL-protocol port, and its HTTP port
 * for Stream Load, 8030 by default). A database named in a mysql:// or starrocks:// path is
 * refused: the run writes into a database of its own (or --sink-database).
 */
export interface SinkAddress {
  kind: SinkKind;
  host: string;
  port: number;
  user: string;
  password?: string;
  /** postgres: the database the harness connects to (postgres by default). */
  maintenanceDatabase?: string;
  /** starrocks: the FE's HTTP port. */
  httpPort?: number;
}

/** A --sink-url the harness cannot read: bad input, said in one line without the password. */
export class SinkUrlError extends Error {
  override name = 'SinkUrlError';
}

const DEFAULT_PORT: Record<SinkKind, number> = { mysql: 3306, postgres: 5432, starrocks: 9030 };

const KINDS: Record<string, SinkKind> = { 'mysql:': 'mysql', 'mariadb:': 'mysql', 'postgres:': 'postgres', 'postgresql:': 'postgres', 'starrocks:': 'starrocks' };

/** The default sink of `--sink jdbc` without --sink-url: the MariaDB service of this machine. */
export const DEFAULT_JDBC_SINK_URL = 'mysql://root@127.0.0.1:3306';

export function parseSinkUrl(url: string): SinkAddress {
  const form = 'write it as mysql://user:password@host:3306, postgres://user:password@host:5432/postgres or starrocks://user:password@fe-host:9030?http=8030, with special characters in the password percent-encoded';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SinkUrlError(`--sink-url is not a URL: ${form}`);
  }
  const kind = KINDS[u.protocol];
  if (!kind) throw new SinkUrlError(`--sink-url starts with ${u.protocol}//, which is not a sink this tool writes to: ${form}`);
  const path = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (path && kind !== 'postgres') throw new SinkUrlError(`--sink-url names the database "${path}": the run writes into a database it creates (cdcsizer_<run>), or the one --sink-database names; leave the path empty`);
  const params = [...u.searchParams.keys()].filter((k) => !(kind === 'starrocks' && k === 'http'));
  if (params.length > 0) throw new SinkUrlError(`--sink-url: unknown parameter${params.length > 1 ? 's' : ''} ${params.join(', ')}${kind === 'starrocks' ? ' (only http=<FE HTTP port>)' : ''}`);
  const port = u.port ? Number(u.port) : DEFAULT_PORT[kind];
  const address: SinkAddress = { kind, host: decodeURIComponent(u.hostname) || '127.0.0.1', port, user: decodeURIComponent(u.username) || (kind === 'postgres' ? 'postgres' : 'root') };
  if (u.password) address.password = decodeURIComponent(u.password);
  if (kind === 'postgres') address.maintenanceDatabase = path || 'postgres';
  if (kind === 'starrocks') {
    const http = u.searchParams.get('http') ?? '8030';
    if (!/^\d+$/.test(http) || Number(http) < 1 || Number(http) > 65535) throw new SinkUrlError(`--sink-url: http=${http} is not a port number`);
    address.httpPort = Number(http);
  }
  return address;
}

/** The sink as Endpoints carries it; the job reaches it at the same address unless a provider says otherwise. */
export function sinkEndpointOf(url: string): SinkEndpoint {
  const kind = parseSinkUrl(url).kind;
  return { kind, url, display: redactUrl(url), urlFromFlink: url };
}

/** The JDBC URL the job writes through (the password goes apart, never in the URL). */
export function jobJdbcUrl(a: SinkAddress, database: string): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  if (a.kind === 'postgres') return `jdbc:postgresql://${host}:${a.port}/${encodeURIComponent(database)}`;
  // MariaDB's driver speaks to MySQL and to StarRocks' FE alike; tables are qualified by database in the SQL.
  return `jdbc:mariadb://${host}:${a.port}/`;
}

/** StarRocks: the FE's HTTP address for Stream Load (`host:port`). */
export function loadUrl(a: SinkAddress): string {
  return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.httpPort ?? 8030}`;
}

/** `mysql://root@127.0.0.1:3306`: where the sink is, for people (no password). */
export function sinkDisplay(a: SinkAddress): string {
  return `${a.kind}://${a.user}@${a.host}:${a.port}${a.kind === 'starrocks' ? `?http=${a.httpPort}` : ''}`;
}
