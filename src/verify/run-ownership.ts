import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { PgEndpoint } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import { HARNESS_PREFIX } from '../observe/slot-sampler.js';

/**
 * Which run a harness object belongs to, and whether that run is still going.
 *
 * Every slot and publication a run creates is named `cdcsizer_<run>_…` (`<run>` six hex digits).
 * While it measures, the run holds one idle session named `cdc-sizer run <run>`: that session is
 * how another run's `--clean` (on this database or another one of the server) tells a colleague's
 * run in progress from a crashed one. A snapshot-only job's slots are mostly inactive while it
 * runs (the global slot is only created, each reader's backfill slot is used chunk by chunk), so
 * "inactive" alone would not tell them apart. A killed run's session ends with its process.
 */
const MARKER = 'cdc-sizer run ';

/** The run id in a harness object's name (`cdcsizer_<run>_…`), if it has that form. */
export function runIdOf(name: string): string | undefined {
  return new RegExp(`^${HARNESS_PREFIX}([0-9a-f]{6})_`).exec(name)?.[1];
}

/** Run ids whose marker session is open on the server (any database). */
export async function liveRunIds(client: pg.Client): Promise<Set<string>> {
  // application_name is shown for every session, also to a role that may not see other users' queries.
  const { rows } = await client.query<{ name: string }>('SELECT application_name AS name FROM pg_stat_activity WHERE starts_with(application_name, $1)', [MARKER]);
  return new Set(rows.map((r) => r.name.slice(MARKER.length)));
}

export interface RunLease {
  /** The run's id: its objects are named `cdcsizer_<runId>_…`. */
  runId: string;
  /** Ends the marker session: from then on what is left of the run counts as a leftover. */
  release(): Promise<void>;
}

/**
 * Picks a run id that no live run and no object on the server uses (so every `cdcsizer_<id>_…`
 * object found later is this run's own), and holds the marker session until released.
 */
export async function takeRunLease(endpoint: PgEndpoint): Promise<RunLease> {
  const client = await connectPg(endpoint, { applicationName: 'cdc-sizer run' });
  try {
    for (;;) {
      const runId = randomBytes(3).toString('hex');
      const family = `${HARNESS_PREFIX}${runId}_`;
      const { rows } = await client.query<{ taken: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_replication_slots WHERE starts_with(slot_name, $1))
             OR EXISTS (SELECT 1 FROM pg_publication WHERE starts_with(pubname, $1))
             OR EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = $2) AS taken`,
        [family, `${MARKER}${runId}`],
      );
      if (rows[0]!.taken) continue;
      await client.query('SELECT set_config($1, $2, false)', ['application_name', `${MARKER}${runId}`]);
      // The session ends with the connection, or at the latest with the process.
      return { runId, release: () => client.end().catch(() => undefined) };
    }
  } catch (err) {
    // The query's error is the one worth telling; the session ends with the connection either way.
    await client.end().catch(() => undefined);
    throw err;
  }
}
