import type pg from 'pg';
import { HARNESS_PREFIX } from '../observe/slot-sampler.js';

export interface Leftovers {
  slots: { name: string; active: boolean; walRetainedBytes: number }[];
  publications: string[];
}

/** Replication slots and publications with the harness prefix: what a crashed or leaky run left behind. */
export async function findLeftovers(client: pg.Client): Promise<Leftovers> {
  const slots = await client.query<{ name: string; active: boolean; retained: string | null }>(
    `SELECT slot_name AS name, active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained
     FROM pg_replication_slots WHERE starts_with(slot_name, $1) ORDER BY 1`,
    [HARNESS_PREFIX],
  );
  const pubs = await client.query<{ name: string }>(`SELECT pubname AS name FROM pg_publication WHERE starts_with(pubname, $1) ORDER BY 1`, [HARNESS_PREFIX]);
  return {
    slots: slots.rows.map((r) => ({ name: r.name, active: r.active, walRetainedBytes: Number(r.retained ?? 0) })),
    publications: pubs.rows.map((r) => r.name),
  };
}

/**
 * Drops harness-prefixed slots and publications; an active slot's WAL sender is terminated first.
 * With `stems`, only those of one run: a stem itself and every name the job derives from it
 * (`<stem>_k1` for a second table group, `<stem>_0` for a connector's per-reader slot).
 * Nothing without the prefix is touched, whatever `stems` says.
 */
export async function dropLeftovers(client: pg.Client, only?: { stems: string[] }): Promise<Leftovers> {
  const found = await findLeftovers(client);
  const mine = (name: string) => !only || only.stems.some((stem) => name === stem || name.startsWith(`${stem}_`));
  const slots = found.slots.filter((s) => mine(s.name));
  const publications = found.publications.filter(mine);
  for (const s of slots) {
    await client.query('SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1 AND active_pid IS NOT NULL', [s.name]);
    await dropSlot(client, s.name);
  }
  for (const p of publications) await client.query(`DROP PUBLICATION IF EXISTS ${client.escapeIdentifier(p)}`);
  return { slots, publications };
}

/** A terminated WAL sender releases its slot a moment later; retry briefly while it is still active. */
async function dropSlot(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [name]);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
