import type pg from 'pg';

/**
 * Runs `body` in a READ ONLY transaction with short timeouts, then ends it. Preflight reads a
 * user's production database: the server itself refuses any write in here, whatever a query says,
 * and a catalog lock held by someone else cannot hang the command.
 */
export async function inReadOnlyTransaction<T>(client: pg.Client, body: () => Promise<T>): Promise<T> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    await client.query("SET LOCAL statement_timeout = '60s'");
    await client.query("SET LOCAL lock_timeout = '5s'");
    const result = await body();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
