import type pg from 'pg';
import type { ServerFacts } from '../catalog.js';

/** Everything about the server except the WAL rate, which needs two readings (write-activity.ts). */
export type StaticServerFacts = Omit<ServerFacts, 'walBytesPerSecond'>;

interface Row {
  version: string;
  version_num: string;
  database: string;
  in_recovery: boolean;
  wal_level: string;
  keep_size: string | null;
  keep_unit: string | null;
  max_slots: string;
  max_senders: string;
  slots_in_use: string;
  database_bytes: string;
}

export async function readServerFacts(client: pg.Client): Promise<StaticServerFacts> {
  const { rows } = await client.query<Row>(
    `SELECT current_setting('server_version') AS version,
            current_setting('server_version_num') AS version_num,
            current_database() AS database,
            pg_is_in_recovery() AS in_recovery,
            current_setting('wal_level') AS wal_level,
            (SELECT setting FROM pg_settings WHERE name = 'max_slot_wal_keep_size') AS keep_size,
            (SELECT unit FROM pg_settings WHERE name = 'max_slot_wal_keep_size') AS keep_unit,
            current_setting('max_replication_slots') AS max_slots,
            current_setting('max_wal_senders') AS max_senders,
            (SELECT count(*) FROM pg_replication_slots) AS slots_in_use,
            pg_database_size(current_database()) AS database_bytes`,
  );
  const r = rows[0]!;
  return {
    version: r.version,
    versionNumber: Number(r.version_num),
    database: r.database,
    inRecovery: r.in_recovery,
    walLevel: r.wal_level,
    maxSlotWalKeepSize: settingBytes(r.keep_size, r.keep_unit),
    maxReplicationSlots: Number(r.max_slots),
    maxWalSenders: Number(r.max_senders),
    replicationSlotsInUse: Number(r.slots_in_use),
    cores: null,
    databaseBytes: Number(r.database_bytes),
  };
}

const UNIT_BYTES: Record<string, number> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** A memory setting in bytes: pg_settings gives a count of units such as `MB` or `8kB`; -1 means unlimited (null). */
export function settingBytes(setting: string | null, unit: string | null): number | null {
  if (setting === null) return null;
  const n = Number(setting);
  if (!Number.isFinite(n) || n < 0) return null;
  const m = /^(\d*)\s*(B|kB|MB|GB|TB)$/.exec(unit ?? 'B');
  if (!m) return null;
  return n * Number(m[1] || 1) * UNIT_BYTES[m[2]!]!;
}
