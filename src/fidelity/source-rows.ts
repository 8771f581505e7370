import type pg from 'pg';
import { ident, qualified } from '../sql/identifiers.js';
import type { SourceColumn } from './source-columns.js';

/**
 * The source's canonical text of the rows with the given keys: every column as PostgreSQL prints it,
 * NULL as null. The client must be connected with PINNED_SESSION_SETTINGS (UTC, ISO dates, hex bytea …). `keys` are the key
 * columns' values as text (as emitted), in key order; the result is keyed by those texts joined with U+001F.
 */
export async function sourceRowsByKey(client: pg.Client, schema: string, table: string, keyColumns: { name: string; type: string }[], columns: SourceColumn[], keys: string[][]): Promise<Map<string, Record<string, string | null>>> {
  const out = new Map<string, Record<string, string | null>>();
  if (keys.length === 0) return out;
  const select = columns.map((c) => `t.${ident(c.name)}::text AS ${ident(c.name)}`).join(', ');
  const casts = keyColumns.map((k, i) => `t.${ident(k.name)} = u.k${i}::${k.type}`).join(' AND ');
  const params = keyColumns.map((_, i) => keys.map((k) => k[i]!));
  // Keyed by the texts asked for (joined back from unnest), not by the source's own key text: a
  // char(n), inet or money key prints differently from what was emitted yet casts to the same value.
  const sql = `SELECT ${keyColumns.map((_, i) => `u.k${i} AS "__k${i}"`).join(', ')}, ${select}
               FROM ${qualified(schema, table)} t
               JOIN unnest(${keyColumns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${keyColumns.map((_, i) => `k${i}`).join(', ')}) ON ${casts}`;
  const { rows } = await client.query<Record<string, string | null>>(sql, params);
  for (const r of rows) out.set(keyColumns.map((_, i) => r[`__k${i}`]).join('\u001f'), r);
  return out;
}

