/**
 * The rows the job kept for the type-fidelity check, read from its accumulators: `sample:<table>`
 * (the reservoir of emitted `after` rows as JSON) and `schema:<table>` (one `{"schema", "payload"}`
 * envelope giving each column's declared Kafka Connect schema). Entries are Base64 because Flink's
 * REST API prints a list accumulator as `[a, b]`.
 */
export interface EmittedSample {
  table: string;
  /** The `after` struct's schema as Kafka Connect's JsonConverter writes it; absent when no row was kept. */
  schema?: ConnectSchema;
  /** Emitted rows as JSON text (parse them with lossless-json: bigint and numeric must keep every digit). */
  rows: string[];
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
  const entry = (table: string) => byTable.get(table) ?? byTable.set(table, { table, rows: [] }).get(table)!;
  for (const a of acc) {
    const m = /^(sample|schema):(.+)$/.exec(a.name);
    if (!m) continue;
    const items = listItems(a.value);
    if (m[1] === 'sample') entry(m[2]!).rows.push(...items);
    else if (items.length > 0) entry(m[2]!).schema = (JSON.parse(items[0]!) as { schema: ConnectSchema }).schema;
  }
  return [...byTable.values()].sort((a, b) => a.table.localeCompare(b.table));
}

function listItems(value: string): string[] {
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner ? inner.split(', ').map((b64) => Buffer.from(b64, 'base64').toString('utf8')) : [];
}

/** A partition's sample belongs to its parent table; the parent's schema is any partition's. */
export function foldSamplePartitions(samples: EmittedSample[], parentOf: Map<string, string>): EmittedSample[] {
  const out = new Map<string, EmittedSample>();
  for (const s of samples) {
    const table = parentOf.get(s.table) ?? s.table;
    const row = out.get(table) ?? { table, rows: [] };
    row.rows.push(...s.rows);
    row.schema ??= s.schema;
    out.set(table, row);
  }
  return [...out.values()];
}
