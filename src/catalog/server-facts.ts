import type pg from 'pg';

/** Settings, role attributes and sizes that profile records and preflight checks, read in one query. */
export interface ServerFacts {
  version: string;
  versionNum: number;
  database: string;
  user: string;
  superuser: boolean;
  /** A standby: its WAL position is what it has replayed. */
  inRecovery: boolean;
  walLevel: string;
  maxReplicationSlots: number;
  maxWalSenders: number;
  /** Slots that exist now, active or not. */
  replicationSlotsInUse: number;
  /**
   * max_slot_wal_keep_size as SHOW prints it ("-1", "10GB") and as pg_settings stores it (a count of
   * `unit`); undefined before PostgreSQL 13, which has no such setting.
   */
  maxSlotWalKeepSize?: { shown: string; setting: string; unit: string | null };
  /** rolreplication of the connecting role. */
  replication: boolean;
  /** Member of rds_replication (Amazon RDS/Aurora grant replication through that role, not the attribute). */
  rdsReplication: boolean;
  databaseBytes: number;
}

// CASE keeps pg_has_role from being called with a role that does not exist (it would raise).
const FACTS_SQL = `
SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS version_num,
       current_database() AS database, current_user AS "user", r.rolsuper AS superuser, r.rolreplication AS replication,
       pg_is_in_recovery() AS in_recovery, current_setting('wal_level') AS wal_level,
       current_setting('max_replication_slots')::int AS max_slots, current_setting('max_wal_senders')::int AS max_senders,
       (SELECT count(*) FROM pg_replication_slots)::int AS slots_in_use,
       current_setting('max_slot_wal_keep_size', true) AS keep_size,
       s.setting AS keep_setting, s.unit AS keep_unit,
       CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_replication') THEN pg_has_role('rds_replication', 'member') ELSE false END AS rds,
       pg_database_size(current_database()) AS database_bytes
FROM pg_roles r
LEFT JOIN pg_settings s ON s.name = 'max_slot_wal_keep_size'
WHERE r.rolname = current_user`;

interface Row {
  version: string;
  version_num: number;
  database: string;
  user: string;
  superuser: boolean;
  replication: boolean;
  in_recovery: boolean;
  wal_level: string;
  max_slots: number;
  max_senders: number;
  slots_in_use: number;
  keep_size: string | null;
  keep_setting: string | null;
  keep_unit: string | null;
  rds: boolean;
  database_bytes: string;
}

export async function readServerFacts(client: pg.Client): Promise<ServerFacts> {
  const r = (await client.query<Row>(FACTS_SQL)).rows[0]!;
  return {
    version: r.version,
    versionNum: r.version_num,
    database: r.database,
    user: r.user,
    superuser: r.superuser,
    inRecovery: r.in_recovery,
    walLevel: r.wal_level,
    maxReplicationSlots: r.max_slots,
    maxWalSenders: r.max_senders,
    replicationSlotsInUse: r.slots_in_use,
    ...(r.keep_size !== null && r.keep_setting !== null ? { maxSlotWalKeepSize: { shown: r.keep_size, setting: r.keep_setting, unit: r.keep_unit } } : {}),
    replication: r.replication,
    rdsReplication: r.rds,
    databaseBytes: Number(r.database_bytes),
  };
}
