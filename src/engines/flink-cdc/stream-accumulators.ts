/** Per table, the changes the stream delivered (the job's `inserts:`, `updates:`, `deletes:`, `changeBytes:`, `changeKeyHash:` accumulators). */
export interface DeliveredChanges {
  table: string;
  inserts: number;
  updates: number;
  deletes: number;
  bytes: number;
  /** Inserted keys' hashes minus deleted ones', mod 2^64. */
  keyHash: bigint;
}

/** Over all tables: the stream's furthest position, when its changes arrived, and the largest lag behind the source's commit. */
export interface StreamProgress {
  /** The furthest WAL position of a delivered change; 0n when none arrived. */
  maxLsn: bigint;
  firstMs?: number;
  lastMs?: number;
  maxLagMs?: number;
}

const isSet = (ms: number): boolean => Math.abs(ms) < 1e15;

export function changesFromAccumulators(acc: readonly { name: string; value: string }[]): DeliveredChanges[] {
  const byTable = new Map<string, DeliveredChanges>();
  for (const a of acc) {
    const m = /^(inserts|updates|deletes|changeBytes|changeKeyHash):(.+)$/.exec(a.name);
    if (!m) continue;
    const row = byTable.get(m[2]!) ?? { table: m[2]!, inserts: 0, updates: 0, deletes: 0, bytes: 0, keyHash: 0n };
    byTable.set(m[2]!, row);
    if (m[1] === 'changeKeyHash') row.keyHash = BigInt.asUintN(64, BigInt(a.value));
    else if (m[1] === 'changeBytes') row.bytes = Number(a.value);
    else row[m[1] as 'inserts' | 'updates' | 'deletes'] = Number(a.value);
  }
  return [...byTable.values()].sort((a, b) => a.table.localeCompare(b.table));
}

export function streamFromAccumulators(acc: readonly { name: string; value: string }[]): StreamProgress {
  const get = (name: string) => acc.find((a) => a.name === name)?.value;
  const ms = (name: string) => {
    const v = get(name);
    return v !== undefined && isSet(Number(v)) ? Number(v) : undefined;
  };
  const lsn = get('streamMaxLsn');
  // A LongMaximum that saw nothing is Long.MIN_VALUE.
  const maxLsn = lsn !== undefined && !lsn.startsWith('-') ? BigInt(lsn) : 0n;
  const first = ms('streamFirstMs');
  const last = ms('streamLastMs');
  const lag = ms('streamMaxLagMs');
  return { maxLsn, ...(first !== undefined ? { firstMs: first } : {}), ...(last !== undefined ? { lastMs: last } : {}), ...(lag !== undefined ? { maxLagMs: lag } : {}) };
}

/** PostgreSQL's `X/Y` text form of a WAL position as a number. */
export function lsnValue(text: string): bigint {
  const m = /^([0-9A-Fa-f]+)\/([0-9A-Fa-f]+)$/.exec(text.trim());
  if (!m) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}
