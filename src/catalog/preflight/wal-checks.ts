import { WAL_NOW_SQL } from '../lsn.js';
import type { ServerFacts } from '../server-facts.js';
import type { Check } from './check.js';
import { bytesText, listText, plural } from './evidence-text.js';
import type { Finding } from './finding.js';

const walLevel: Check = {
  name: 'wal-level',
  run: ({ facts }) =>
    facts.walLevel === 'logical'
      ? []
      : [
          {
            id: 'wal-level',
            severity: 'error',
            title: `wal_level is ${facts.walLevel}, not logical`,
            evidence: `SHOW wal_level = ${facts.walLevel}; logical decoding (and so any CDC connector) needs logical`,
            fix: 'ALTER SYSTEM SET wal_level = logical, then restart PostgreSQL (Amazon RDS/Aurora: rds.logical_replication = 1; Cloud SQL: cloudsql.logical_decoding = on; Azure: azure.replication_support = logical)',
          },
        ],
};

/** The connector takes one slot and one WAL sender for its stream, and opens more for its snapshot readers' backfills. */
const replicationCapacity: Check = {
  name: 'replication-capacity',
  async run({ client, facts }) {
    const { rows } = await client.query<{ slots: number; inactive: number; senders: number }>(
      `SELECT (SELECT count(*) FROM pg_replication_slots)::int AS slots,
              (SELECT count(*) FROM pg_replication_slots WHERE NOT active)::int AS inactive,
              (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender')::int AS senders`,
    );
    const used = rows[0]!;
    const freeSlots = facts.maxReplicationSlots - used.slots;
    const freeSenders = facts.maxWalSenders - used.senders;
    const evidence = `max_replication_slots = ${facts.maxReplicationSlots} with ${used.slots} in use (${used.inactive} inactive); max_wal_senders = ${facts.maxWalSenders} with ${used.senders} running`;
    const need = 'a job at source parallelism p holds one slot and WAL sender for its stream and up to p more while its readers backfill chunks';
    const findings: Finding[] = [];
    if (freeSlots <= 0) findings.push({ id: 'replication-slots', severity: 'error', title: 'no free replication slot', evidence, fix: `drop slots nobody reads (SELECT pg_drop_replication_slot('name')) or raise max_replication_slots (restart needed); ${need}` });
    else if (freeSlots === 1) findings.push({ id: 'replication-slots', severity: 'warning', title: 'one free replication slot', evidence, fix: `raise max_replication_slots (restart needed) or drop unused slots; ${need}` });
    if (freeSenders <= 0) findings.push({ id: 'wal-senders', severity: 'error', title: 'no free WAL sender', evidence, fix: `raise max_wal_senders (restart needed) or stop an idle replication client; ${need}` });
    else if (freeSenders === 1) findings.push({ id: 'wal-senders', severity: 'warning', title: 'one free WAL sender', evidence, fix: `raise max_wal_senders (restart needed); ${need}` });
    if (findings.length > 0) return findings;
    const maxP = Math.min(freeSlots, freeSenders) - 1;
    return [{ id: 'replication-capacity', severity: 'info', title: `${freeSlots} free slots, ${freeSenders} free WAL senders`, evidence, fix: `room for one job at source parallelism up to ${maxP} (${need})` }];
  },
};

interface SlotRow {
  slot: { slot_name: string; slot_type: string; plugin: string | null; database: string | null; wal_status?: string | null };
  retained: number | null;
}

const inactiveSlots: Check = {
  name: 'inactive-slots',
  async run({ client }) {
    const { rows } = await client.query<SlotRow>(
      `SELECT to_jsonb(s) AS slot, pg_wal_lsn_diff(${WAL_NOW_SQL}, s.restart_lsn)::float8 AS retained
       FROM pg_replication_slots s WHERE NOT s.active ORDER BY retained DESC NULLS LAST, s.slot_name`,
    );
    if (rows.length === 0) return [];
    const total = rows.reduce((a, r) => a + (r.retained ?? 0), 0);
    const each = rows.map((r) => `${r.slot.slot_name} (${describeSlot(r.slot)}): ${bytesText(r.retained ?? 0)}${r.slot.wal_status && r.slot.wal_status !== 'reserved' ? `, wal_status ${r.slot.wal_status}` : ''}`);
    const harness = rows.some((r) => r.slot.slot_name.startsWith('cdcsizer_'));
    return [
      {
        id: 'inactive-slots',
        severity: 'warning',
        title: `${plural(rows.length, 'inactive replication slot')} pinning ${bytesText(total)} of WAL`,
        evidence: listText(each, 8),
        fix: `a slot nobody reads keeps its WAL until the disk fills: drop those no job will resume from (SELECT pg_drop_replication_slot('name'))${harness ? '; cdcsizer_ slots are leftovers of interrupted cdc-sizer runs (cdc-sizer run --clean drops them)' : ''}`,
      },
    ];
  },
};

function describeSlot(s: SlotRow['slot']): string {
  return s.slot_type === 'logical' ? `logical, ${s.plugin ?? '?'}, database ${s.database ?? '?'}` : s.slot_type;
}

const slotWalKeepSize: Check = {
  name: 'slot-wal-keep-size',
  run: ({ facts }) => keepSizeFindings(facts),
};

function keepSizeFindings(facts: ServerFacts): Finding[] {
  const risk = 'a stuck or forgotten slot keeps WAL without limit until the disk is full and PostgreSQL stops';
  const keepSize = facts.maxSlotWalKeepSize?.shown;
  if (keepSize === undefined) {
    return [{ id: 'slot-wal-keep-size', severity: 'warning', title: 'PostgreSQL before 13 cannot cap WAL kept by slots', evidence: `server ${facts.version} has no max_slot_wal_keep_size; ${risk}`, fix: 'monitor pg_replication_slots (WAL retained per slot) and alert well before the disk fills; PostgreSQL 13+ can cap it' }];
  }
  if (keepSize === '-1') {
    return [{ id: 'slot-wal-keep-size', severity: 'warning', title: 'max_slot_wal_keep_size is unlimited (-1)', evidence: `max_slot_wal_keep_size = -1: ${risk}`, fix: 'ALTER SYSTEM SET max_slot_wal_keep_size = \'<a share of the free disk>\' and SELECT pg_reload_conf(); a slot further behind is then invalidated (the job restarts from a new snapshot) instead of filling the disk' }];
  }
  return [{ id: 'slot-wal-keep-size', severity: 'info', title: `max_slot_wal_keep_size = ${keepSize}`, evidence: `a slot that falls more than ${keepSize} behind is invalidated`, fix: 'size it above the WAL written during the longest snapshot (cdc-sizer run measures WAL retained); an invalidated slot means a new snapshot' }];
}

export const walChecks: Check[] = [walLevel, replicationCapacity, inactiveSlots, slotWalKeepSize];
