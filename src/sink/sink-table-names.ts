import { createHash } from 'node:crypto';
import type { SinkKind } from '../infra/endpoints.js';
import { qualified } from '../sql/identifiers.js';

/**
 * What each captured table is called at the sink. The project supports any legal PostgreSQL
 * name (quotes, spaces, capitals, unicode), and two schemas may hold tables of the same name:
 *
 * - PostgreSQL keeps both parts: the run's database gets the source's schemas, so `"Sales"."Order
 *   Items"` stays `"Sales"."Order Items"`.
 * - MySQL has no schemas: the table is `schema.table` as one name (a dot is legal in a quoted
 *   MySQL name), so `public.orders` and `archive.orders` stay apart and their origin stays
 *   readable. A name MySQL refuses (longer than 64 characters, ending in a space) or one that
 *   another captured table's name equals ignoring case (a server with lower_case_table_names
 *   folds case) is cut and given `_` and 8 hex digits of a hash of the exact source name.
 * - StarRocks is stricter about names: every character other than an ASCII letter, digit or `_`
 *   becomes `_`, a name not starting with a letter gets `t_` before it, and any name so changed
 *   (or too long, or colliding) gets the hash suffix.
 */
export interface SinkTableName {
  /** The schema at the sink: PostgreSQL only. */
  schema?: string;
  name: string;
}

const MAX_LENGTH: Record<SinkKind, number> = { mysql: 64, postgres: 63, starrocks: 64 };

const hash8 = (source: { schema: string; name: string }): string => createHash('sha256').update(qualified(source.schema, source.name)).digest('hex').slice(0, 8);

/** Sink names for every source table, in the order given; distinct from one another by construction. */
export function sinkTableNames(kind: SinkKind, tables: readonly { schema: string; name: string }[]): SinkTableName[] {
  if (kind === 'postgres') return tables.map((t) => ({ schema: t.schema, name: t.name }));
  const wanted = tables.map((t) => (kind === 'starrocks' ? starrocksName(t) : { name: `${t.schema}.${t.name}`, changed: false }));
  const folded = new Map<string, number>();
  for (const w of wanted) folded.set(w.name.toLowerCase(), (folded.get(w.name.toLowerCase()) ?? 0) + 1);
  return tables.map((t, i) => {
    const w = wanted[i]!;
    const bad = w.changed || [...w.name].length > MAX_LENGTH[kind] || /\s$/.test(w.name) || folded.get(w.name.toLowerCase())! > 1;
    if (!bad) return { name: w.name };
    const suffix = `_${hash8(t)}`;
    return { name: [...w.name].slice(0, MAX_LENGTH[kind] - suffix.length).join('').replace(/\s+$/, '') + suffix };
  });
}

function starrocksName(t: { schema: string; name: string }): { name: string; changed: boolean } {
  const raw = `${t.schema}__${t.name}`;
  let name = raw.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z]/.test(name)) name = `t_${name}`;
  return { name, changed: name !== raw };
}

/** The sink table as the job's --sink-table argument writes it (SQL's double quotes; one part without a schema). */
export function sinkTableArgument(t: SinkTableName): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return t.schema !== undefined ? `${q(t.schema)}.${q(t.name)}` : q(t.name);
}

/** For people and reports: `Sales.Order Items` (PostgreSQL) or the one name. */
export const sinkTableText = (t: SinkTableName): string => (t.schema !== undefined ? `${t.schema}.${t.name}` : t.name);
