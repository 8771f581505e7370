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
 *
 * A marker session that ends while the run goes on (an administrator's pg_terminate_backend, a
 * restart, a network cut) leaves the run's inactive slots to another run's `--clean`: that is said
 * in one line (`say`, stderr by default), and the session is opened again, once.
 */
export async function takeRunLease(endpoint: PgEndpoint, say: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<RunLease> {
  const client = await openMarker(endpoint);
  let runId: string;
  try {
    for (;;) {
      const candidate = randomBytes(3).toString('hex');
      const family = `${HARNESS_PREFIX}${candidate}_`;
      const { rows } = await client.query<{ taken: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_replication_slots WHERE starts_with(slot_name, $1))
             OR EXISTS (SELECT 1 FROM pg_publication WHERE starts_with(pubname, $1))
             OR EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = $2) AS taken`,
        [family, `${MARKER}${candidate}`],
      );
      if (rows[0]!.taken) continue;
      runId = candidate;
      await client.query('SELECT set_config($1, $2, false)', ['application_name', `${MARKER}${runId}`]);
      break;
    }
  } catch (err) {
    // The query's error is the one worth telling; the session ends with the connection either way.
    await client.end().catch(() => undefined);
    throw err;
  }
  let released = false;
  let reopened = false;
  let current = client;
  let reopening: Promise<void> | undefined;
  const marker = `${MARKER}${runId}`;
  const watch = (c: pg.Client) => {
    let lost = false;
    const onLost = (err?: Error) => {
      // 'error' and then 'end' come for one loss; our own release ends it too.
      if (lost || released) return;
      lost = true;
      const why = err?.message.split('\n')[0] ?? 'the connection closed';
      const next = reopened ? 'it was reopened once already and is not reopened again' : 'reopening it';
      say(`run ${runId}: its marker session "${marker}" ended (${why}); until it is back, another run's --clean may drop this run's inactive slots and publications; ${next}`);
      if (reopened) return;
      reopened = true;
      reopening = (async () => {
        const again = await openMarker(endpoint, marker).catch((e: unknown) => e as Error);
        if (again instanceof Error) {
          say(`run ${runId}: the marker session could not be reopened (${again.message.split('\n')[0]}): this run's inactive slots and publications stay unprotected from another run's --clean until it ends`);
          return;
        }
        if (released) {
          await again.end().catch(() => undefined);
          return;
        }
        current = again;
        watch(again);
      })();
    };
    c.on('error', onLost);
    c.on('end', () => onLost());
  };
  watch(client);
  return {
    runId,
    release: async () => {
      released = true;
      await reopening;
      // The session ends with the connection, or at the latest with the process.
      await current.end().catch(() => undefined);
    },
  };
}

/**
 * The marker session: nothing on the server may end it for being idle, since idle is all it is.
 * A role's or database's `idle_session_timeout` would otherwise end it, and with it the run's
 * protection, midway. (It never opens a transaction or runs a long statement, so
 * idle_in_transaction_session_timeout and statement_timeout cannot end it.)
 */
async function openMarker(endpoint: PgEndpoint, name = 'cdc-sizer run'): Promise<pg.Client> {
  const client = await connectPg(endpoint, { applicationName: name });
  try {
    await client.query("SELECT set_config('idle_session_timeout', '0', false)");
  } catch (err) {
    // 42704: a server before PostgreSQL 14 has no idle_session_timeout, and so nothing to turn off.
    if ((err as { code?: string }).code !== '42704') {
      await client.end().catch(() => undefined);
      throw err;
    }
  }
  return client;
}
