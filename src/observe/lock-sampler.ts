import type pg from 'pg';

/** PostgreSQL's table lock modes from weakest to strongest. */
export const LOCK_MODES = [
  'AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock',
  'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock',
] as const;

export interface LockSample {
  table: string;
  mode: string;
  holders: number;
}

/**
 * Granted table locks that other sessions hold on the tables of the schemas. Sampling once a second
 * misses a chunk query's short AccessShareLock; it is here for the long locks a legacy snapshot takes.
 */
export async function sampleLocks(client: pg.Client, schemas: string | readonly string[]): Promise<LockSample[]> {
  const { rows } = await client.query<{ table: string; mode: string; holders: number }>(
    `SELECT c.relname AS table, l.mode, count(*)::int AS holders
     FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE l.granted AND l.locktype = 'relation' AND n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND l.pid <> pg_backend_pid()
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [[schemas].flat()],
  );
  return rows;
}

export function strongestLock(samples: readonly LockSample[]): string | undefined {
  let best = -1;
  for (const s of samples) best = Math.max(best, LOCK_MODES.indexOf(s.mode as (typeof LOCK_MODES)[number]));
  return best >= 0 ? LOCK_MODES[best] : undefined;
}
