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

/** One column of a row shape: its name and Kafka Connect type (with the logical name, e.g. `bytes org.apache.kafka.connect.data.Decimal`). */
export interface ShapeColumn {
  name: string;
  type: string;
}

/** The rows of one table that reached the sink with one set of columns: snapshot rows or changes (the job's `shape*:` accumulators). */
export interface RowShapeSeen {
  table: string;
  kind: 'snapshot' | 'change';
  columns: ShapeColumn[];
  records: number;
  firstMs?: number;
  lastMs?: number;
  /** Changes only: the first and last WAL position of a change in this shape. */
  firstLsn?: bigint;
  lastLsn?: bigint;
}

/** The job's shape accumulators, one entry per table, kind and shape (see CountingDiscardSink). */
export function shapesFromAccumulators(acc: readonly { name: string; value: string }[]): RowShapeSeen[] {
  const byId = new Map<string, RowShapeSeen>();
  for (const a of acc) {
    const m = /^shape(Records|FirstMs|LastMs|FirstLsn|LastLsn|Text):([rc])([0-9a-f]+):(.+)$/.exec(a.name);
    if (!m) continue;
    const id = `${m[2]}${m[3]}:${m[4]}`;
    const row = byId.get(id) ?? { table: m[4]!, kind: m[2] === 'r' ? 'snapshot' : 'change', columns: [], records: 0 };
    byId.set(id, row);
    const v = a.value;
    if (m[1] === 'Records') row.records = Number(v);
    else if (m[1] === 'FirstMs' && isSet(Number(v))) row.firstMs = Number(v);
    else if (m[1] === 'LastMs' && isSet(Number(v))) row.lastMs = Number(v);
    else if (m[1] === 'FirstLsn' && row.kind === 'change' && !v.startsWith('-') && isSet(Number(v))) row.firstLsn = BigInt(v);
    else if (m[1] === 'LastLsn' && row.kind === 'change' && !v.startsWith('-')) row.lastLsn = BigInt(v);
    else if (m[1] === 'Text') row.columns = shapeColumns(v);
  }
  return [...byId.values()].sort((a, b) => a.table.localeCompare(b.table) || Number((a.firstLsn ?? 0n) - (b.firstLsn ?? 0n)) || (a.firstMs ?? 0) - (b.firstMs ?? 0));
}

/** A ListAccumulator's REST form `[b64, b64]` (one entry per subtask that saw the shape): the first decoded. */
function shapeColumns(list: string): ShapeColumn[] {
  const first = list.replace(/^\[|\]$/g, '').split(', ')[0] ?? '';
  const text = Buffer.from(first, 'base64').toString('utf8');
  if (text === '') return [];
  return text.split('\u0000').map((f) => {
    const [name, type, logical] = f.split('\u0001');
    return { name: name!, type: logical ? `${type} ${logical}` : type! };
  });
}
