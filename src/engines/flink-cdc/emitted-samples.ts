/**
 * The rows the job kept for the type-fidelity check, read from its accumulators: `sample:<table>`
 * (emitted `after` rows as JSON, each `<key hash hex>:<Base64>`) and `schema:<table>` (one
 * `{"schema", "payload"}` envelope giving each column's declared Kafka Connect schema). Base64
 * because Flink's REST API prints a list accumulator as `[a, b]`. Every reader keeps the rows with
 * the smallest key hashes it saw; the smallest over all readers are the same rows whatever the
 * parallelism, the run or the connector version.
 */
export interface EmittedSample {
  table: string;
  /** The `after` struct's schema as Kafka Connect's JsonConverter writes it; absent when no row was kept. */
  schema?: ConnectSchema;
  /** Emitted rows as JSON text (parse them with lossless-json: bigint and numeric must keep every digit). */
  rows: string[];
  /** Each row's key hash (signed 64-bit, as Java orders it), parallel to `rows`. */
  hashes: bigint[];
}

/** Kafka Connect's JSON form of a schema (JsonConverter.asJsonSchema). */
export interface ConnectSchema {
  type: string;
  optional?: boolean;
  name?: string;
  version?: number;
  parameters?: Record<string, string>;
  field?: string;
  fields?: ConnectSchema[];
  items?: ConnectSchema;
  keys?: ConnectSchema;
  values?: ConnectSchema;
}

export function samplesFromAccumulators(acc: { name: string; value: string }[]): EmittedSample[] {
  const byTable = new Map<string, EmittedSample>();
  const entry = (table: string) => byTable.get(table) ?? byTable.set(table, { table, rows: [], hashes: [] }).get(table)!;
  for (const a of acc) {
    const m = /^(sample|schema):(.+)$/.exec(a.name);
    if (!m) continue;
    const items = listItems(a.value);
    if (m[1] === 'schema') {
      if (items.length > 0) entry(m[2]!).schema = (JSON.parse(decode(items[0]!)) as { schema: ConnectSchema }).schema;
      continue;
    }
    const e = entry(m[2]!);
    for (const item of items) {
      const colon = item.indexOf(':');
      e.hashes.push(BigInt.asIntN(64, BigInt(`0x${item.slice(0, colon)}`)));
      e.rows.push(decode(item.slice(colon + 1)));
    }
  }
  return [...byTable.values()].sort((a, b) => a.table.localeCompare(b.table));
}

const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

function listItems(value: string): string[] {
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner ? inner.split(', ') : [];
}

/**
 * Partitions fold into their parent table (whose schema is any partition's), and each table keeps
 * the `limit` rows with the smallest key hashes over all readers and partitions.
 */
export function foldSamplePartitions(samples: EmittedSample[], parentOf: Map<string, string>, limit: number): EmittedSample[] {
  const out = new Map<string, EmittedSample>();
  for (const s of samples) {
    const table = parentOf.get(s.table) ?? s.table;
    const row = out.get(table) ?? { table, rows: [], hashes: [] };
    row.rows.push(...s.rows);
    row.hashes.push(...s.hashes);
    row.schema ??= s.schema;
    out.set(table, row);
  }
  return [...out.values()].map((s) => {
    const order = s.hashes.map((h, i) => ({ h, i })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0)).slice(0, limit);
    return { ...s, rows: order.map((o) => s.rows[o.i]!), hashes: order.map((o) => o.h) };
  });
}
