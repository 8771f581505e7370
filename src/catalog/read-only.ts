import type pg from 'pg';

/** A lock we cannot get within seconds is given up rather than queued: a queued AccessShare request behind someone's ALTER TABLE blocks everyone after it. */
export const LOCK_TIMEOUT = '5s';
/** A catalog or statistics query that runs longer than this is stuck, not slow. */
export const STATEMENT_TIMEOUT = '60s';

export interface ReadOnlyLimits {
  /** A longer limit for a statement that reads a whole table (count(*)); default STATEMENT_TIMEOUT. */
  statementTimeout?: string;
}

/**
 * Runs `body` in its own READ ONLY transaction with short timeouts, then ends it. We read users'
 * production databases: the server itself refuses any write in here, whatever a query says, and
 * neither someone else's lock nor a runaway statement can hang the command. Keep transactions
 * short: the locks they take on tables (sizes, EXPLAIN, count) last until COMMIT, and statistics
 * views are frozen inside one.
 */
export async function readOnly<T>(client: pg.Client, body: (c: pg.Client) => Promise<T>, limits: ReadOnlyLimits = {}): Promise<T> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    // SET LOCAL by another name (set_config can take parameters): the session's own settings are left as they were.
    await client.query("SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true)", [limits.statementTimeout ?? STATEMENT_TIMEOUT, LOCK_TIMEOUT]);
    const out = await body(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    // The body's error is the one to tell; a ROLLBACK that fails means the connection, and the transaction with it, is gone.
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
