import type pg from 'pg';
import type { CleanupFailure } from '../model/run-result.js';
import { HARNESS_PREFIX, walRetained } from '../observe/slot-sampler.js';
import { liveRunIds, runIdOf } from './run-ownership.js';
import { ident } from '../sql/identifiers.js';

/**
 * Harness objects of the current database only: slots are server-wide but each logical slot
 * belongs to one database, and publications are per database. Another database's objects are
 * another team's business; they are at most counted (`harnessSlotsElsewhere`), never touched.
 */
export interface Leftovers {
  slots: { name: string; active: boolean; walRetainedBytes: number }[];
  publications: string[];
}

/** A harness slot left alone because something uses it. */
export interface SlotInUse {
  name: string;
  database: string;
  walRetainedBytes: number;
  /** The WAL sender reading it, when active. */
  activePid?: number;
  /** Seconds since that WAL sender connected (unknown when the role may not see it). */
  activeSeconds?: number;
  /** Inactive, but its run is still measuring (its marker session is open, or another of its slots is active). */
  liveRun?: string;
}

export interface Cleaned extends Leftovers {
  /** Left alone: active slots, slots and publications of runs still going. */
  inUse: { slots: SlotInUse[]; publications: string[] };
  /** What could not be dropped, with the SQL that drops it. */
  failures: CleanupFailure[];
  /** This run's own slots whose WAL sender outlived the job and was ended (only with `only.stems`). */
  terminated: { slot: string; pid: number }[];
}

interface SlotRow {
  name: string;
  database: string | null;
  here: boolean;
  active: boolean;
  pid: number | null;
  retained: string | null;
  active_seconds: number | null;
}

/** Every harness slot of the server, with its database, WAL sender and the WAL it pins. */
async function harnessSlots(client: pg.Client): Promise<SlotRow[]> {
  const { rows } = await client.query<SlotRow>(
    `SELECT s.slot_name AS name, s.database, s.database IS NOT DISTINCT FROM current_database() AS here, s.active, s.active_pid AS pid,
            pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::bigint AS retained,
            extract(epoch FROM now() - a.backend_start)::float8 AS active_seconds
     FROM pg_replication_slots s LEFT JOIN pg_stat_activity a ON a.pid = s.active_pid
     WHERE starts_with(s.slot_name, $1) ORDER BY 1`,
    [HARNESS_PREFIX],
  );
  return rows;
}

const slotOf = (r: SlotRow) => ({ name: r.name, active: r.active, walRetainedBytes: walRetained(r.retained) });

/** Replication slots and publications with the harness prefix in the current database: what a crashed or leaky run left behind, or a run still going. */
export async function findLeftovers(client: pg.Client): Promise<Leftovers> {
  const slots = (await harnessSlots(client)).filter((r) => r.here).map(slotOf);
  return { slots, publications: await harnessPublications(client) };
}

async function harnessPublications(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(`SELECT pubname AS name FROM pg_publication WHERE starts_with(pubname, $1) ORDER BY 1`, [HARNESS_PREFIX]);
  return rows.map((r) => r.name);
}

/** Harness slots in the server's other databases, counted per database: reported, never touched. */
export async function harnessSlotsElsewhere(client: pg.Client): Promise<{ database: string; slots: number }[]> {
  const counts = new Map<string, number>();
  for (const r of await harnessSlots(client)) if (!r.here && r.database !== null) counts.set(r.database, (counts.get(r.database) ?? 0) + 1);
  return [...counts].map(([database, slots]) => ({ database, slots }));
}

/**
 * Drops harness slots and publications of the current database. Nothing without the prefix, and
 * nothing of another database, is touched.
 *
 * Without `only` (`run --clean`, another run's leftovers): an active slot is never terminated or
 * dropped, and neither is anything of a run still measuring (a colleague's snapshot-only job
 * keeps its slots inactive most of the time); those are returned in `inUse`.
 *
 * With `only.stems`, this run's own objects: a stem itself and every name the job derives from
 * it (`<stem>_k1` for a second table group, `<stem>_0` for a connector's per-reader slot).
 */
export async function dropLeftovers(client: pg.Client, only?: { stems: string[]; activeWaitMs?: number }): Promise<Cleaned> {
  return clean(client, only, false);
}

/** What `dropLeftovers` without stems would drop (as `slots` and `publications`) and leave alone; drops nothing. */
export async function surveyLeftovers(client: pg.Client): Promise<Cleaned> {
  return clean(client, undefined, true);
}

async function clean(client: pg.Client, only: { stems: string[]; activeWaitMs?: number } | undefined, dryRun: boolean): Promise<Cleaned> {
  const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
  const out: Cleaned = { slots: [], publications: [], inUse: { slots: [], publications: [] }, failures: [], terminated: [] };
  const all = await harnessSlots(client);
  const mine = (name: string) => !only || only.stems.some((stem) => name === stem || name.startsWith(`${stem}_`));
  // A run is live while its marker session is open, or while any of its slots (any database) is read.
  const live = only ? new Set<string>() : await liveRunIds(client);
  if (!only) for (const r of all) if (r.active && runIdOf(r.name)) live.add(runIdOf(r.name)!);
  const inUse = (r: SlotRow): SlotInUse => ({
    name: r.name,
    database: r.database ?? database,
    walRetainedBytes: Number(r.retained ?? 0),
    ...(r.pid !== null ? { activePid: r.pid } : {}),
    ...(r.active_seconds !== null && r.pid !== null ? { activeSeconds: Math.round(r.active_seconds) } : {}),
    ...(!r.active && runIdOf(r.name) ? { liveRun: runIdOf(r.name)! } : {}),
  });
  for (const r of all.filter((x) => x.here && mine(x.name))) {
    const runId = runIdOf(r.name);
    if (!only && (r.active || (runId !== undefined && live.has(runId)))) {
      out.inUse.slots.push(inUse(r));
      continue;
    }
    if (dryRun) {
      out.slots.push(slotOf(r));
      continue;
    }
    try {
      const dropped = only ? await dropOwnSlot(client, r.name, only.activeWaitMs ?? 5_000, (pid) => out.terminated.push({ slot: r.name, pid })) : await dropInactiveSlot(client, r.name);
      if (dropped) out.slots.push(slotOf(r));
      else {
        // It became active between the listing and the drop: someone reads it now.
        const now = (await harnessSlots(client)).find((x) => x.name === r.name);
        if (now) out.inUse.slots.push(inUse(now));
      }
    } catch (err) {
      out.failures.push({ what: 'slot', name: r.name, database, error: (err as Error).message, remedy: dropSlotSql(r.name, database) });
    }
  }
  for (const p of (await harnessPublications(client)).filter(mine)) {
    const runId = runIdOf(p);
    // A publication is named like its job's slot stem: it is in use while that run is.
    if (!only && ((runId !== undefined && live.has(runId)) || all.some((r) => r.active && (r.name === p || r.name.startsWith(`${p}_`))))) {
      out.inUse.publications.push(p);
      continue;
    }
    if (dryRun) {
      out.publications.push(p);
      continue;
    }
    try {
      await client.query(`DROP PUBLICATION IF EXISTS ${ident(p)}`);
      out.publications.push(p);
    } catch (err) {
      out.failures.push({ what: 'publication', name: p, database, error: (err as Error).message, remedy: dropPublicationSql(p, database) });
    }
  }
  return out;
}

/** The SQL that drops a slot, and where to run it. */
export function dropSlotSql(name: string, database: string): string {
  return `in database ${ident(database)}: SELECT pg_drop_replication_slot('${name.replace(/'/g, "''")}');`;
}

export function dropPublicationSql(name: string, database: string): string {
  return `in database ${ident(database)}: DROP PUBLICATION ${ident(name)};`;
}

/** Drops a slot only while nobody reads it (no WAL sender is ever terminated); false when it is active. */
async function dropInactiveSlot(client: pg.Client, name: string): Promise<boolean> {
  try {
    const { rowCount } = await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active AND database = current_database()', [name]);
    return (rowCount ?? 0) > 0;
  } catch (err) {
    // 55006: it became active between the WHERE and the drop.
    if ((err as { code?: string }).code === '55006') return false;
    throw err;
  }
}

/**
 * Drops one of this run's own slots after its job ended or was cancelled. A WAL sender can still
 * hold it for a moment (a cancelled task not yet torn down, a connection the connector leaks past
 * its job): wait for it to let go. Only when it does not is that WAL sender terminated, and only
 * here, because the slot is provably this run's (its name carries the run's id, which no other
 * object on the server had when the run took it, see run-ownership.ts) and the job that read it is
 * over: left active, it would pin WAL until that JVM ends, which on a remote cluster may be never.
 * `--clean` never does this to another run's slot.
 */
async function dropOwnSlot(client: pg.Client, name: string, activeWaitMs: number, onTerminate: (pid: number) => void): Promise<boolean> {
  let deadline = Date.now() + activeWaitMs;
  let terminated = false;
  for (;;) {
    if (await dropInactiveSlot(client, name)) return true;
    const { rows } = await client.query<{ pid: number | null }>('SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1 AND database = current_database()', [name]);
    if (rows.length === 0) return true; // gone already: the connector dropped it itself
    if (Date.now() >= deadline) {
      if (terminated) throw new Error(`its WAL sender (PID ${rows[0]!.pid}) still holds it 5 s after being terminated`);
      if (rows[0]!.pid !== null) {
        await client.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        onTerminate(rows[0]!.pid);
      }
      terminated = true;
      // A terminated WAL sender releases its slot a moment later.
      deadline = Date.now() + 5_000;
    }
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The SQL that drops every inactive slot and every publication of one job's stem, when what exactly is left is unknown. */
export function dropStemSql(stem: string, database: string): string {
  const lit = `'${stem.replace(/'/g, "''")}'`;
  const match = (col: string) => `(${col} = ${lit} OR starts_with(${col}, ${lit} || '_'))`;
  return `in database ${ident(database)}: SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE ${match('slot_name')} AND NOT active AND database = current_database(); then DROP PUBLICATION for each of: SELECT pubname FROM pg_publication WHERE ${match('pubname')};`;
}
