import type { SinkClient } from './sink-client.js';
import { mysqlQuote } from './ddl/mysql-table.js';
import type { SinkTableName } from './sink-table-names.js';

/** A sink row as the MySQL protocol returns it: text, or bytes for binary columns. */
export type SinkCell = string | Buffer | null;

/**
 * The rows with the given keys from a MySQL or StarRocks sink table, and its columns' types
 * (column_type). Keys are the source's key texts, bound as strings: the server converts them to
 * the key column's type (an integer, a decimal, a date, text). Keyed by those texts joined with
 * U+001F, as the source's rows are (fidelity/source-rows.ts).
 */
export async function mysqlRowsByKey(client: SinkClient, database: string, table: SinkTableName, key: readonly string[], keys: readonly string[][]): Promise<{ rows: Map<string, Record<string, SinkCell>>; types: Map<string, string> }> {
  const types = new Map(
    (await client.query<{ name: string; type: string }>('SELECT column_name AS name, column_type AS type FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position', [database, table.name])).map((r) => [String(r.name), String(r.type)]),
  );
  const rows = new Map<string, Record<string, SinkCell>>();
  if (keys.length === 0) return { rows, types };
  const tuple = `(${key.map(() => '?').join(', ')})`;
  const sql = `SELECT * FROM ${mysqlQuote(database)}.${mysqlQuote(table.name)} WHERE (${key.map(mysqlQuote).join(', ')}) IN (${keys.map(() => tuple).join(', ')})`;
  const found = await client.query<Record<string, SinkCell>>(sql, keys.flat());
  // A found row is matched to the asked key whose texts its key columns equal once printed alike.
  for (const r of found) {
    const text = key.map((k) => cellText(r[k] ?? null));
    const asked = keys.find((k) => k.every((v, i) => sameKeyText(v, text[i]!)));
    if (asked) rows.set(asked.join('\u001f'), r);
  }
  return { rows, types };
}

const cellText = (c: SinkCell): string => (c === null ? '' : Buffer.isBuffer(c) ? `\\x${c.toString('hex')}` : c);

/** A key's source text and the sink's: equal, or equal as numbers (`1.50` and `1.5`, `007` and `7`). */
function sameKeyText(source: string, sink: string): boolean {
  if (source === sink) return true;
  const n = /^-?\d+(\.\d+)?$/;
  return n.test(source) && n.test(sink) && Number(source) === Number(sink);
}
