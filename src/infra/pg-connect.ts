import pg from 'pg';
import type { PgEndpoint } from './endpoints.js';
import { InfraError } from './infra-error.js';
import { ident } from '../sql/identifiers.js';

export interface ConnectOptions {
  applicationName?: string;
  /** Session settings applied right after connecting (e.g. the pinned output settings). */
  settings?: Readonly<Record<string, string>>;
  /** Return every column as the server's text, without pg's type parsing. */
  rawText?: boolean;
}

const rawTypes = { getTypeParser: () => (value: string) => value };

/** Connects and turns the failures a user can cause into one InfraError line that says what to fix. */
export async function connectPg(endpoint: PgEndpoint, opts: ConnectOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    host: endpoint.socketDir ?? endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password: endpoint.password,
    database: endpoint.database,
    application_name: opts.applicationName ?? 'cdc-sizer',
    connectionTimeoutMillis: 15_000,
    ...(opts.rawText ? { types: rawTypes } : {}),
  });
  // A server that goes away mid-command emits 'error' on the idle client; the pending query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw explainConnectError(err, endpoint);
  }
  for (const [name, value] of Object.entries(opts.settings ?? {})) {
    await client.query('SELECT set_config($1, $2, false)', [name, value]);
  }
  return client;
}

export function explainConnectError(err: unknown, e: PgEndpoint): InfraError {
  const where = `PostgreSQL at ${e.host}:${e.port}`;
  const code = (err as { code?: string }).code;
  const message = (err as Error).message ?? String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return new InfraError(`cannot reach ${where}: connection refused; is the server running and is the port in --pg-url right?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new InfraError(`cannot resolve host "${e.host}" in --pg-url; check the host name`);
    case 'ETIMEDOUT':
      return new InfraError(`cannot reach ${where}: connection timed out; check the host, port and firewall`);
    case '28P01':
      return new InfraError(`${where} rejected the password for user "${e.user}"; check the password in --pg-url`);
    case '28000':
      // The same code covers a NOLOGIN role and a pg_hba.conf rejection; only the message tells them apart.
      if (/not permitted to log in/i.test(message)) return new InfraError(`role "${e.user}" may not log in to ${where} (NOLOGIN); ALTER ROLE ${ident(e.user)} LOGIN, or use a login role in --pg-url`);
      return new InfraError(`${where} refused user "${e.user}" (${message}); check pg_hba.conf or the user in --pg-url`);
    case '42501':
      // At connect time this is the database's CONNECT privilege (revoked from PUBLIC on locked-down servers).
      return new InfraError(`user "${e.user}" may not connect to database "${e.database}" on ${where} (no CONNECT privilege); GRANT CONNECT ON DATABASE ${ident(e.database)} TO ${ident(e.user)}, or use another user or database in --pg-url`);
    case '3D000':
      return new InfraError(`database "${e.database}" does not exist on ${where}; create it or fix the database in --pg-url`);
    default:
      if (/timeout/i.test(message)) return new InfraError(`cannot reach ${where}: ${message}; check the host and port`);
      return new InfraError(`cannot connect to ${where}: ${message}`);
  }
}
