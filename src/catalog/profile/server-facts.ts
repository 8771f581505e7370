import type { ServerFacts as CatalogServer } from '../catalog.js';
import type { ServerFacts } from '../server-facts.js';

/** Everything catalog.json says about the server except the WAL rate, which needs two readings (write-activity.ts). */
export type StaticServerFacts = Omit<CatalogServer, 'walBytesPerSecond'>;

/** The server as catalog.json records it: sizes in bytes, nothing about the connecting role. */
export function catalogServer(f: ServerFacts): StaticServerFacts {
  return {
    version: f.version,
    versionNumber: f.versionNum,
    database: f.database,
    inRecovery: f.inRecovery,
    walLevel: f.walLevel,
    maxSlotWalKeepSize: settingBytes(f.maxSlotWalKeepSize?.setting ?? null, f.maxSlotWalKeepSize?.unit ?? null),
    maxReplicationSlots: f.maxReplicationSlots,
    maxWalSenders: f.maxWalSenders,
    replicationSlotsInUse: f.replicationSlotsInUse,
    cores: null,
    databaseBytes: f.databaseBytes,
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
