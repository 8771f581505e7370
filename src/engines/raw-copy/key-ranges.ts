import pg from 'pg';
import { ident, qualified } from '../../sql/identifiers.js';
import type { SourceTable } from '../source-table.js';

/** One chunk of a table: keys above `after` (exclusive) up to `upTo` (inclusive); undefined = open end. */
export interface KeyRange {
  table: SourceTable;
  after?: string[];
  upTo?: string[];
}


/**
 * Splits a table into ranges of `chunkSize` rows by walking its key in order: each boundary is
 * the key `chunkSize` rows past the previous one. Works for any orderable key (bigint, uuid, text,
 * composite), which is what the connector's own splitter has to cope with. A table without a key
 * is one range.
 */
export async function splitByKey(client: pg.Client, table: SourceTable, chunkSize: number): Promise<KeyRange[]> {
  if (table.key.length === 0) return [{ table }];
  // Qualified with the table alias: a bare name in ORDER BY would mean the ::text output column.
  const cols = table.key.map((k) => `src.${ident(k.name)}`).join(', ');
  const from = qualified(table.schema, table.name);
  const ranges: KeyRange[] = [];
  let after: string[] | undefined;
  for (;;) {
    const where = after ? `WHERE ${keyCompare(table, '>', after)}` : '';
    const { rows } = await client.query<string[]>({
      text: `SELECT ${table.key.map((k) => `src.${ident(k.name)}::text`).join(', ')} FROM ${from} AS src ${where} ORDER BY ${cols} OFFSET ${chunkSize - 1} LIMIT 1`,
      rowMode: 'array',
    } as pg.QueryConfig);
    const boundary = rows[0] as unknown as string[] | undefined;
    if (!boundary) break;
    ranges.push({ table, ...(after ? { after } : {}), upTo: boundary });
    after = boundary;
  }
  ranges.push({ table, ...(after ? { after } : {}) });
  return ranges;
}

/**
 * `(k1, k2) > ('v1'::t1, 'v2'::t2)`: row comparison keeps composite keys in index order. Values
 * are inlined as escaped literals because COPY (SELECT …) takes no bind parameters.
 */
export function keyCompare(table: SourceTable, op: '>' | '<=', values: string[]): string {
  const lits = table.key.map((k, i) => `${pg.escapeLiteral(values[i]!)}::${k.type}`);
  return `(${table.key.map((k) => ident(k.name)).join(', ')}) ${op} (${lits.join(', ')})`;
}

/** The SELECT that reads one range. */
export function rangeQuery(range: KeyRange): string {
  const conds: string[] = [];
  if (range.after) conds.push(keyCompare(range.table, '>', range.after));
  if (range.upTo) conds.push(keyCompare(range.table, '<=', range.upTo));
  const where = conds.length ? ` WHERE ${conds.join(' AND ')}` : '';
  return `SELECT * FROM ${qualified(range.table.schema, range.table.name)}${where}`;
}
