import type pg from 'pg';
import type { PgEndpoint } from '../../infra/endpoints.js';
import { InfraError } from '../../infra/infra-error.js';
import { connectPg } from '../../infra/pg-connect.js';

/**
 * Session settings for reading a user's database. Every transaction is read-only even if a
 * statement forgot to say so; a lock we cannot get within seconds is given up rather than queued,
 * because a queued AccessShare request behind someone's ALTER TABLE blocks everyone after it.
 */
const READ_ONLY_SETTINGS = {
  default_transaction_read_only: 'on',
  lock_timeout: '5s',
  idle_in_transaction_session_timeout: '60s',
} as const;

export async function connectReadOnly(endpoint: PgEndpoint): Promise<pg.Client> {
  return connectPg(endpoint, { applicationName: 'cdc-sizer profile', settings: READ_ONLY_SETTINGS });
}

/**
 * Runs `body` in its own READ ONLY transaction. Transactions are kept short: the locks they take
 * on tables (sizes, EXPLAIN, count) last until COMMIT, and statistics views are frozen inside one.
 */
export async function readOnly<T>(client: pg.Client, body: (c: pg.Client) => Promise<T>): Promise<T> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    const out = await body(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** PostgreSQL error codes a per-table probe may meet on a database we do not own. */
export const SKIPPABLE = {
  insufficientPrivilege: '42501',
  lockNotAvailable: '55P03',
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
 * Permission, lock-timeout and dropped-meanwhile errors skip the figure with a warning instead
 * of failing the whole profile.
 */
export async function probe<T>(client: pg.Client, table: { schema: string; name: string }, warn: (line: string) => void, what: string, body: (c: pg.Client) => Promise<T>): Promise<T | undefined> {
  try {
    return await readOnly(client, body);
  } catch (err) {
    if (!isSkippable(err)) throw err;
    warn(`${table.schema}.${table.name}: no ${what} (${(err as Error).message})`);
    return undefined;
  }
}
