import type pg from 'pg';
import type { ServerInfo } from './finding.js';

/** Settings and role attributes the checks decide on, read once. */
export interface ServerFacts extends ServerInfo {
  walLevel: string;
  maxReplicationSlots: number;
  maxWalSenders: number;
  /** As SHOW prints it ("-1", "10GB"); undefined before PostgreSQL 13, which has no such setting. */
  maxSlotWalKeepSize?: string;
  /** rolreplication of the connecting role. */
  replication: boolean;
  /** Member of rds_replication (Amazon RDS/Aurora grant replication through that role, not the attribute). */
  rdsReplication: boolean;
}

// CASE keeps pg_has_role from being called with a role that does not exist (it would raise).
const FACTS_SQL = `
SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS version_num,
       current_database() AS database, current_user AS "user", r.rolsuper AS superuser, r.rolreplication AS replication,
       pg_is_in_recovery() AS in_recovery, current_setting('wal_level') AS wal_level,
       current_setting('max_replication_slots')::int AS max_slots, current_setting('max_wal_senders')::int AS max_senders,
       current_setting('max_slot_wal_keep_size', true) AS keep_size,
       CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_replication') THEN pg_has_role('rds_replication', 'member') ELSE false END AS rds
FROM pg_roles r WHERE r.rolname = current_user`;

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
  keep_size: string | null;
  rds: boolean;
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
    ...(r.keep_size !== null ? { maxSlotWalKeepSize: r.keep_size } : {}),
    replication: r.replication,
    rdsReplication: r.rds,
  };
}

export const serverInfo = (f: ServerFacts): ServerInfo => ({ version: f.version, versionNum: f.versionNum, database: f.database, user: f.user, superuser: f.superuser, inRecovery: f.inRecovery });

/** The WAL position "now": a standby has no insert position, only what it has replayed. */
export const WAL_NOW_SQL = 'CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END';
