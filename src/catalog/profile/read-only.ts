import type pg from 'pg';
import type { PgEndpoint } from '../../infra/endpoints.js';
import { InfraError } from '../../infra/infra-error.js';
import { connectPg } from '../../infra/pg-connect.js';
import { LOCK_TIMEOUT, readOnly, STATEMENT_TIMEOUT, type ReadOnlyLimits } from '../read-only.js';
import { qualifiedName } from '../../sql/identifiers.js';

// Whoever opens profile's session (the command, tests) reads through the same transactions.
export { readOnly };

/**
 * Session settings for reading a user's database, beneath readOnly's own: a statement outside
 * readOnly is still read-only and still bounded.
 */
const READ_ONLY_SETTINGS = {
  default_transaction_read_only: 'on',
  lock_timeout: LOCK_TIMEOUT,
  statement_timeout: STATEMENT_TIMEOUT,
  idle_in_transaction_session_timeout: '60s',
} as const;

export async function connectReadOnly(endpoint: PgEndpoint): Promise<pg.Client> {
  return connectPg(endpoint, { applicationName: 'cdc-sizer profile', settings: READ_ONLY_SETTINGS });
}

/** PostgreSQL error codes a per-table probe may meet on a database we do not own. */
export const SKIPPABLE = {
  insufficientPrivilege: '42501',
  lockNotAvailable: '55P03',
  /** statement_timeout (see readOnly): one figure is not worth holding a table's lock any longer. */
  queryCanceled: '57014',
  undefinedTable: '42P01',
} as const;

export function isSkippable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return Object.values(SKIPPABLE).some((c) => c === code);
}

/** Server errors (they carry a code) become one InfraError line naming what was being read; bugs stay bugs. */
export function rethrowAsInfra(what: string): (err: unknown) => never {
  return (err) => {
    if (typeof (err as { code?: unknown }).code === 'string') throw catalogReadError(what, err);
    throw err;
  };
}

/** A whole-catalog query that cannot be skipped: say what happened in one line. */
function catalogReadError(what: string, err: unknown): InfraError {
  const code = (err as { code?: string }).code;
  const message = (err as Error).message ?? String(err);
  if (code === SKIPPABLE.lockNotAvailable) return new InfraError(`reading ${what}: a table is locked by another session (${message}); try again when the DDL has finished`);
  if (code === SKIPPABLE.insufficientPrivilege) return new InfraError(`reading ${what}: ${message}; profile needs a role that can read the catalog (pg_read_all_stats helps)`);
  return new InfraError(`reading ${what}: ${message}`);
}

/**
 * One table's query in its own short transaction, so that its lock is released at once.
 * Permission, lock-timeout, statement-timeout and dropped-meanwhile errors skip the figure with a
 * warning instead of failing the whole profile.
 */
export async function probe<T>(client: pg.Client, table: { schema: string; name: string }, warn: (line: string) => void, what: string, body: (c: pg.Client) => Promise<T>, limits: ReadOnlyLimits = {}): Promise<T | undefined> {
  try {
    return await readOnly(client, body, limits);
  } catch (err) {
    if (!isSkippable(err)) throw err;
    warn(`${qualifiedName(table)}: no ${what} (${(err as Error).message})`);
    return undefined;
  }
}
