import { z } from 'zod';
import { qualifiedName } from '../sql/identifiers.js';

/**
 * catalog.json of `profile`: the shape of a user's database, read without changing it. The schema
 * is the definition (types are inferred from it); `estimate` reads catalogs through it. Bump the
 * version on any breaking change.
 */
export const CATALOG_SCHEMA_VERSION = 1;

const bytes = z.number().int().nonnegative();
const perSecond = z.number().nonnegative();

export const columnCategorySchema = z
  .enum(['base', 'enum', 'domain', 'composite', 'array', 'range', 'multirange', 'extension', 'pseudo'])
  .describe('pg_type.typtype, with arrays (typcategory A) and base types that belong to an extension (hstore, citext…) told apart');

const column = z.object({
  name: z.string(),
  type: z.string().describe('format_type() of the column, e.g. numeric(12,2), character varying(40), integer[]'),
  category: columnCategorySchema,
  nullable: z.boolean(),
  nullFraction: z.number().min(0).max(1).optional().describe('pg_stats.null_frac; absent when the table was never analyzed'),
  avgWidth: z.number().nonnegative().optional().describe('pg_stats.avg_width: average stored bytes (after compression, a TOAST pointer when moved out of line)'),
  elementType: z.string().optional().describe('arrays: the element type'),
  elementCategory: columnCategorySchema.optional().describe('arrays: the element type\'s category'),
  dimensions: z.number().int().positive().optional().describe('arrays: declared dimensions (pg_attribute.attndims, at least 1)'),
  baseType: z.string().optional().describe('domains: the type the domain is over'),
  extension: z.string().optional().describe('the extension that owns the type (hstore, citext, postgis…)'),
});

const keyColumn = z.object({ name: z.string(), type: z.string() });

/** The key's shape in the scenario format's vocabulary, so that chunking behaviour can be predicted and replayed. */
const keyShape = z.discriminatedUnion('shape', [
  z.object({ shape: z.literal('bigint-sequential') }).describe('one integer column (smallint, integer or bigint), dense'),
  z.object({ shape: z.literal('bigint-sparse'), gap: z.number().positive().describe('(max − min + 1) / rows: the average step between keys') }),
  z.object({ shape: z.literal('uuid'), version: z.number().int().min(0).max(15).nullable().describe('the version most sampled keys carry; null for an empty table') }),
  z.object({ shape: z.literal('text'), length: z.number().nonnegative().nullable().describe('average characters of sampled keys; null for an empty table') }),
  z.object({ shape: z.literal('composite') }).describe('two or more columns'),
  z.object({ shape: z.literal('other') }).describe('one column of another type (numeric, date, timestamp…)'),
  z.object({ shape: z.literal('none') }).describe('no primary key'),
]);

const partitionKey = z.object({
  strategy: z.enum(['range', 'list', 'hash']),
  columns: z.array(z.string()).describe('column names; an expression appears as its text'),
  definition: z.string().describe('pg_get_partkeydef(), e.g. RANGE (sold_at)'),
});

const writes = z.object({
  insertsPerSecond: perSecond,
  updatesPerSecond: perSecond,
  deletesPerSecond: perSecond,
});

const table = z.object({
  schema: z.string(),
  name: z.string(),
  rows: z.number().int().nonnegative().describe('best figure: exactRows when counted, else statisticsRows, else the planner\'s estimate'),
  rowsSource: z.enum(['statistics', 'planner', 'exact']).describe('statistics = pg_class.reltuples; planner = EXPLAIN\'s guess for a table never analyzed (0 when it has no pages); exact = count(*)'),
  statisticsRows: z.number().int().nonnegative().nullable().describe('pg_class.reltuples; null when the table was never vacuumed or analyzed'),
  exactRows: z.number().int().nonnegative().optional().describe('count(*), with --exact-counts'),
  heapBytes: bytes.describe('main fork, free space map and visibility map'),
  toastBytes: bytes.describe('the TOAST table and its index'),
  indexBytes: bytes,
  avgRowBytes: z.number().nonnegative().describe('bytes of a row in the heap: sum of pg_stats.avg_width over the columns, else heapBytes / rows, else 0; values moved out of line count as their 18-byte TOAST pointer (toastBytes / rows adds them back)'),
  avgRowBytesSource: z.enum(['statistics', 'heap', 'unknown']),
  primaryKey: z.object({ columns: z.array(keyColumn).min(1).describe('in key order') }).nullable(),
  keyShape,
  replicaIdentity: z.enum(['default', 'nothing', 'full', 'index']).describe('pg_class.relreplident: what UPDATE and DELETE events carry of the old row'),
  columns: z.array(column),
  partitionOf: z.string().optional().describe('schema.name of the parent, for a partition'),
  partitions: z.array(z.string()).optional().describe('schema.name of each direct partition, for a partitioned table'),
  partitionKey: partitionKey.optional(),
  writes,
});

const server = z.object({
  version: z.string().describe('server_version'),
  versionNumber: z.number().int().positive().describe('server_version_num'),
  database: z.string(),
  inRecovery: z.boolean().describe('a standby; the WAL rate is then its replay rate'),
  walLevel: z.string(),
  walBytesPerSecond: perSecond.describe('WAL the server generated over the sample (pg_current_wal_lsn twice)'),
  maxSlotWalKeepSize: bytes.nullable().describe('bytes of WAL a slot may retain; null = unlimited (-1) or a server without the setting (before 13): a stalled slot can fill the disk'),
  maxReplicationSlots: z.number().int().nonnegative(),
  maxWalSenders: z.number().int().nonnegative(),
  replicationSlotsInUse: z.number().int().nonnegative().describe('slots that exist now, active or not'),
  cores: z.null().describe('unknown: no SQL tells a server\'s cores; give them to estimate'),
  databaseBytes: bytes,
});

/**
 * A partitioned parent stores nothing itself: its rows, bytes and writes are the sums over its
 * partitions, which are tables of their own here. For database totals add up the tables without
 * `partitions` (see `storedTables`).
 */
export const catalogSchema = z.object({
  schemaVersion: z.literal(CATALOG_SCHEMA_VERSION),
  kind: z.literal('catalog'),
  createdAt: z.string().describe('ISO 8601'),
  cdcSizer: z.string().describe('version of cdc-sizer that profiled'),
  schemas: z.array(z.string()).describe('schemas profiled'),
  exactCounts: z.boolean(),
  sampledSeconds: z.number().nonnegative().describe('length of the write-activity sample, by the server\'s clock'),
  server,
  tables: z.array(table),
});

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogTable = Catalog['tables'][number];
export type CatalogColumn = CatalogTable['columns'][number];
export type ColumnCategory = z.infer<typeof columnCategorySchema>;
export type KeyShape = CatalogTable['keyShape'];
export type ServerFacts = Catalog['server'];
export type TableWrites = CatalogTable['writes'];

/** A table's root as a run names it: a partition's topmost partitioned parent in the catalog, else itself. */
export function partitionRoot(catalog: Catalog): (t: CatalogTable) => string {
  const byName = new Map(catalog.tables.map((t) => [qualifiedName(t), t]));
  const rootOf = (t: CatalogTable): string => (t.partitionOf && byName.has(t.partitionOf) ? rootOf(byName.get(t.partitionOf)!) : qualifiedName(t));
  return rootOf;
}

/** The root of a table named schema.table (a name the catalog does not hold is its own root). */
export function partitionRootByName(catalog: Catalog): (name: string) => string {
  const byName = new Map(catalog.tables.map((t) => [qualifiedName(t), t]));
  const rootOf = partitionRoot(catalog);
  return (name) => (byName.has(name) ? rootOf(byName.get(name)!) : name);
}

/** The tables that hold rows themselves (partitioned parents left out), so that sums count each row once. */
export function storedTables(catalog: Catalog): CatalogTable[] {
  return catalog.tables.filter((t) => t.partitions === undefined);
}

/** The JSON Schema document for catalog.json. */
export function catalogJsonSchema(): object {
  return { title: 'cdc-sizer catalog', ...z.toJSONSchema(catalogSchema) };
}
