import type pg from 'pg';
import { lsnBytes as walPosition, WAL_NOW_SQL, walBytesBetween } from '../lsn.js';
import { readOnly } from '../read-only.js';
import { bytesText, countText } from './evidence-text.js';
import type { Finding } from './finding.js';

interface ActivitySample {
  at: number;
  /** null on a standby that has replayed nothing yet. */
  wal: bigint | null;
  commits: number;
  writes: number;
}

/**
 * One sample, in its own short read-only transaction: statistics views are a per-transaction
 * snapshot (stats_fetch_consistency), so an old transaction would read the same counters twice.
 */
async function sample(client: pg.Client): Promise<ActivitySample> {
  return readOnly(client, async () => {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ lsn: string | null; commits: string; writes: string }>(
      `SELECT (${WAL_NOW_SQL})::text AS lsn, xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS writes
       FROM pg_stat_database WHERE datname = current_database()`,
    );
    const r = rows[0]!;
    return { at: performance.now(), wal: walPosition(r.lsn), commits: Number(r.commits), writes: Number(r.writes) };
  });
}

/**
 * Whether WAL moves and this database writes rows: a slot only advances when the connector
 * confirms a change of its own database, so on an idle database it pins whatever WAL others write.
 * Sampling waits outside any transaction (no idle-in-transaction session on the user's server).
 */
export async function activityFindings(client: pg.Client, seconds: number): Promise<Finding[]> {
  const first = await sample(client);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const second = await sample(client);
  const wal = walBytesBetween(first.wal, second.wal);
  const elapsed = (second.at - first.at) / 1000;
  // The first sample's own transaction counts as one commit.
  const commits = Math.max(second.commits - first.commits - 1, 0);
  const writes = second.writes - first.writes;
  const done = `this database committed ${countText(commits)} transactions and wrote ${countText(writes)} rows`;
  if (wal === null) {
    return [{ id: 'write-activity', severity: 'info', title: 'WAL position unknown: write activity not judged', evidence: `over ${elapsed.toFixed(1)} s: ${done}; the server is in recovery and reported no replayed WAL position, so whether WAL moves could not be told`, fix: 'run preflight against the primary to see its WAL rate and whether the database is idle' }];
  }
  const over = `over ${elapsed.toFixed(1)} s: WAL moved ${bytesText(wal)}, ${done}`;
  const heartbeat = 'set the connector\'s heartbeat.interval.ms (e.g. 30000) so it confirms its position regularly, and on a database that never writes also debezium.heartbeat.action.query (a small UPDATE of a heartbeat table) so there is a change to confirm';
  if (wal === 0) {
    return [{ id: 'idle-database', severity: 'warning', title: 'idle database: WAL did not move', evidence: `${over}; a slot on an idle database is never confirmed, so it pins all WAL written later (other databases, maintenance)`, fix: heartbeat }];
  }
  if (writes === 0) {
    return [{ id: 'idle-database', severity: 'warning', title: 'WAL moves but this database writes nothing', evidence: `${over}; the WAL comes from other databases or maintenance, which the slot cannot confirm: it pins all of it`, fix: heartbeat }];
  }
  return [{ id: 'write-activity', severity: 'info', title: `write activity: ${bytesText(wal / elapsed)}/s of WAL`, evidence: over, fix: 'WAL retained during the snapshot ≈ this rate × the snapshot\'s duration: check the disk has room (cdc-sizer run extrapolates it)' }];
}

/**
 * A pg_lsn as a byte position in a number. Only test/catalog/preflight-report.test.ts still reads
 * positions this way; everything else uses lsn.ts's exact bigint.
 */
export const lsnBytes = (lsn: string): number => Number(walPosition(lsn));
