import type pg from 'pg';
import { readPrimaryKeys } from '../primary-keys.js';
import { scopeOids, type Check } from './check.js';
import { listText, plural } from './evidence-text.js';
import type { ScopedTable } from './scope.js';

/** What could stand in for a missing key: a unique index on NOT NULL columns, else a NOT NULL column. */
type Candidate = { kind: 'unique'; columns: string[] } | { kind: 'not-null'; column: string; type: string } | { kind: 'none' };

// Integer columns split evenly; dates and text need a boundary query per chunk.
const CHUNKABLE = ['int8', 'int4', 'int2', 'numeric', 'timestamptz', 'timestamp', 'date', 'uuid', 'text', 'varchar', 'bpchar'];

async function candidates(client: pg.Client, oids: number[]): Promise<Map<number, Candidate>> {
  const unique = await client.query<{ oid: number; columns: string[] }>(
    `SELECT i.indrelid AS oid, array_agg(a.attname::text ORDER BY k.ord) AS columns
     FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
       AND k.ord <= coalesce((to_jsonb(i) ->> 'indnkeyatts')::int, i.indnatts)
     GROUP BY i.indexrelid, i.indrelid
     HAVING bool_and(a.attnotnull)
     ORDER BY i.indrelid, count(*), i.indexrelid`,
    [oids],
  );
  const notNull = await client.query<{ oid: number; column: string; type: string; typname: string }>(
    `SELECT a.attrelid AS oid, a.attname::text AS column, format_type(a.atttypid, a.atttypmod) AS type, t.typname::text AS typname
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
     ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
  const out = new Map<number, Candidate>();
  for (const r of unique.rows) if (!out.has(r.oid)) out.set(r.oid, { kind: 'unique', columns: r.columns });
  const rank = (typname: string) => (CHUNKABLE.includes(typname) ? CHUNKABLE.indexOf(typname) : CHUNKABLE.length);
  for (const oid of oids) {
    if (out.has(oid)) continue;
    const best = notNull.rows.filter((r) => r.oid === oid).sort((a, b) => rank(a.typname) - rank(b.typname))[0];
    out.set(oid, best && rank(best.typname) < CHUNKABLE.length ? { kind: 'not-null', column: best.column, type: best.type } : { kind: 'none' });
  }
  return out;
}

function describe(t: ScopedTable, c: Candidate): string {
  if (c.kind === 'unique') return `${t.qualified} (unique NOT NULL index on ${c.columns.join(', ')})`;
  if (c.kind === 'not-null') return `${t.qualified} (NOT NULL column ${c.column} ${c.type}, not known to be unique)`;
  return `${t.qualified} (no NOT NULL column to chunk by)`;
}

const primaryKeys: Check = {
  name: 'primary-keys',
  async run(ctx) {
    const keys = await readPrimaryKeys(ctx.client, scopeOids(ctx));
    const keyless = ctx.scope.tables.filter((t) => !keys.has(t.oid));
    if (keyless.length === 0) return [];
    const found = await candidates(ctx.client, keyless.map((t) => t.oid));
    const described = keyless.map((t) => describe(t, found.get(t.oid)!));
    // Without a key, replica identity DEFAULT identifies no row: once such a table is in a publication
    // that publishes updates, PostgreSQL rejects every UPDATE and DELETE on it.
    const noIdentity = keyless.filter((t) => t.replicaIdentity === 'd' || t.replicaIdentity === 'n').length;
    return [
      {
        id: 'no-primary-key',
        severity: 'warning',
        title: `${plural(keyless.length, 'table')} without a primary key`,
        evidence: `${listText(described)}; the incremental snapshot needs a key or a chunk key column${noIdentity ? `; ${plural(noIdentity, 'of them has', 'of them have')} no replica identity, so UPDATE and DELETE on them fail once they are published` : ''}`,
        fix: 'add a primary key; otherwise set the connector\'s chunk key column (scan.incremental.snapshot.chunk.key-column) to a NOT NULL, preferably unique column (changes during the snapshot may then be applied twice) and ALTER TABLE … REPLICA IDENTITY USING INDEX <unique index> (or FULL) so updates and deletes still replicate',
        tables: keyless.map((t) => t.qualified),
      },
    ];
  },
};

export const primaryKeyChecks: Check[] = [primaryKeys];
