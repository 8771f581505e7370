import pg from 'pg';
import type { PgEndpoint } from './endpoints.js';
import { InfraError } from './infra-error.js';
import { passwordFile } from './pg-password.js';
import { ident } from '../sql/identifiers.js';

export interface ConnectOptions {
  applicationName?: string;
  /** Session settings applied right after connecting (e.g. the pinned output settings). */
  settings?: Readonly<Record<string, string>>;
  /** Return every column as the server's text, without pg's type parsing. */
  rawText?: boolean;
}

const noPassword = async (): Promise<undefined> => undefined;

const rawTypes = { getTypeParser: () => (value: string) => value };

/** Connects and turns the failures a user can cause into one InfraError line that says what to fix. */
export async function connectPg(endpoint: PgEndpoint, opts: ConnectOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    host: endpoint.socketDir ?? endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    // Resolved once (pg-password.ts), as libpq would; without one, a function that finds none stops
    // pg from reading the password file again on its own, with warnings of its own on stderr (pg
    // takes undefined from it as "no password"; its types do not say so).
    password: endpoint.password ?? (noPassword as unknown as () => Promise<string>),
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
    // A password pg could not send leaves the socket open: the server would hold it, and this
    // process, until its authentication_timeout (a minute).
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
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
      return new InfraError(`${where} rejected the password for user "${e.user}"${passwordHint(e)}`);
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
      // The server asked for a password and none was found (pg says so in its SASL or MD5 step).
      if (/client password must be|password must be a string/i.test(message)) return new InfraError(`${where} asks for a password for user "${e.user}" and none was given${passwordHint(e)}`);
      if (/timeout/i.test(message)) return new InfraError(`cannot reach ${where}: ${message}; check the host and port`);
      return new InfraError(`cannot connect to ${where}: ${message}`);
  }
}

/** Where the password came from, and where else it could: --pg-url, PGPASSWORD, the password file. */
function passwordHint(e: PgEndpoint): string {
  const from = { url: `the password in --pg-url (or leave it out of the URL and give it in PGPASSWORD or ${passwordFile()})`, PGPASSWORD: 'PGPASSWORD', pgpass: `the line for it in ${passwordFile()}` } as const;
  if (e.passwordSource) return `; check ${from[e.passwordSource]}`;
  return `; give it in --pg-url, PGPASSWORD or ${passwordFile()} (PGPASSFILE)${e.passwordFileIgnored ? `: ${e.passwordFileIgnored}` : ''}`;
}
