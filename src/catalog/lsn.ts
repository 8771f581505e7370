/** The WAL position "now": a standby has no insert position, only what it has replayed (NULL until it has replayed something). */
export const WAL_NOW_SQL = 'CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END';

/**
 * A pg_lsn ("16/B374D848": high and low 32 bits in hex) as bytes since the start of WAL. A bigint,
 * because positions pass 2^53 long before a server retires; an unknown position (null) stays unknown.
 */
export function lsnBytes(lsn: string): bigint;
export function lsnBytes(lsn: string | null): bigint | null;
export function lsnBytes(lsn: string | null): bigint | null {
  if (lsn === null) return null;
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** WAL written between two positions, in bytes; null when either position is unknown. */
export function walBytesBetween(from: bigint | null, to: bigint | null): number | null {
  return from === null || to === null ? null : Number(to - from);
}
