/**
 * What a database sink reported through the job's accumulators (MultiTableJdbcSink, and for the
 * StarRocks connector the hand-off counter before it): rows committed and rows the sink rejected
 * per table, with the first rejection's message (Base64, as a list accumulator prints `[a, b]`),
 * and the wall-clock time of the last commit.
 */
export interface SinkCounts {
  tables: { table: string; rows: number; rejected: number; error?: string; rejections: Map<bigint, string> }[];
  /** The last commit (JDBC sink). */
  lastCommitMs?: number;
  /** Time the JDBC sink spent flushing, summed over its subtasks. */
  flushMillis?: number;
}

const isSet = (ms: number): boolean => Math.abs(ms) < 1e15;

/** Undefined when the job had no database sink. */
export function sinkCountsFromAccumulators(acc: readonly { name: string; value: string }[], parentOf: ReadonlyMap<string, string> = new Map()): SinkCounts | undefined {
  const byTable = new Map<string, SinkCounts['tables'][number]>();
  const out: SinkCounts = { tables: [] };
  let seen = false;
  for (const a of acc) {
    const m = /^sink(Rows|Rejected|Error):(.+)$/.exec(a.name);
    if (m) {
      seen = true;
      const table = parentOf.get(m[2]!) ?? m[2]!;
      const row = byTable.get(table) ?? { table, rows: 0, rejected: 0, rejections: new Map<bigint, string>() };
      byTable.set(table, row);
      if (m[1] === 'Rows') row.rows += Number(a.value);
      else if (m[1] === 'Rejected') row.rejected += Number(a.value);
      else {
        // `<sample hash hex>:<Base64 message>` per refused row: the hash names the row as the fidelity sample's hashes do.
        for (const item of a.value.trim().replace(/^\[/, '').replace(/\]$/, '').split(', ')) {
          const colon = item.indexOf(':');
          if (colon < 0) continue;
          const message = Buffer.from(item.slice(colon + 1).trim(), 'base64').toString('utf8');
          row.rejections.set(BigInt.asIntN(64, BigInt(`0x${item.slice(0, colon).trim()}`)), message);
          row.error ??= message;
        }
      }
      continue;
    }
    const value = Number(a.value);
    if (a.name === 'sinkLastCommitMs' && isSet(value)) [seen, out.lastCommitMs] = [true, value];
    else if (a.name === 'sinkFlushMs') [seen, out.flushMillis] = [true, value];
  }
  if (!seen) return undefined;
  out.tables = [...byTable.values()].sort((a, b) => a.table.localeCompare(b.table));
  return out;
}
