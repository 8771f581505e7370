import type pg from 'pg';
import type { CatalogTable } from '../catalog.js';

/** A table as pg_class lists it, before anything is measured. */
export interface Relation {
  oid: number;
  schema: string;
  name: string;
  partitioned: boolean;
  /** The parent's oid, for a partition (declarative partitioning only, not legacy inheritance). */
  parentOid: number | null;
  /** pg_class.reltuples; negative when never vacuumed or analyzed (PostgreSQL 14+). */
  reltuples: number;
  relpages: number;
  replicaIdentity: CatalogTable['replicaIdentity'];
}

const SYSTEM_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

const IDENTITY: Record<string, Relation['replicaIdentity']> = { d: 'default', n: 'nothing', f: 'full', i: 'index' };

/** The schemas to profile: the ones asked for, else every non-system schema that holds a table; `missing` names asked-for schemas that do not exist. */
export async function findSchemas(client: pg.Client, asked: string[] | undefined): Promise<{ schemas: string[]; missing: string[]; available: string[] }> {
  const { rows } = await client.query<{ name: string; tables: string }>(
    `SELECT n.nspname AS name, count(c.oid) AS tables
     FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p')
     WHERE ${SYSTEM_SCHEMAS}
     GROUP BY 1 ORDER BY 1`,
  );
  const available = rows.map((r) => r.name);
  if (!asked) return { schemas: rows.filter((r) => Number(r.tables) > 0).map((r) => r.name), missing: [], available };
  return { schemas: asked, missing: asked.filter((s) => !available.includes(s)), available };
}

export async function listRelations(client: pg.Client, schemas: string[]): Promise<Relation[]> {
  const { rows } = await client.query<{ oid: string; schema: string; name: string; relkind: string; parent: string | null; reltuples: number; relpages: number; relreplident: string }>(
    `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind,
            (SELECT i.inhparent::int8 FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition) AS parent,
            c.reltuples::float8 AS reltuples, c.relpages, c.relreplident
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY ($1::text[])
     ORDER BY n.nspname, c.relname`,
    [schemas],
  );
  return rows.map((r) => ({
    oid: Number(r.oid),
    schema: r.schema,
    name: r.name,
    partitioned: r.relkind === 'p',
    parentOid: r.parent === null ? null : Number(r.parent),
    reltuples: Number(r.reltuples),
    relpages: Number(r.relpages),
    replicaIdentity: IDENTITY[r.relreplident] ?? 'default',
  }));
}
