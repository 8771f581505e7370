import type pg from 'pg';
import { CATALOG_SCHEMA_VERSION, catalogSchema, type Catalog, type CatalogColumn, type CatalogTable } from '../catalog.js';
import { readPrimaryKeys } from '../primary-keys.js';
import { readServerFacts } from '../server-facts.js';
import { readColumns, withStatistics } from './columns.js';
import { keyShape } from './keys.js';
import { forEachParentBottomUp, readPartitionKeys, readPartitionTree, sumSizes, sumWrites } from './partitions.js';
import { readOnly, rethrowAsInfra as rethrow } from './read-only.js';
import { listRelations, type Relation } from './relations.js';
import { catalogServer } from './server-facts.js';
import { readSizes, rowFigures } from './table-sizes.js';
import { sampleWriteActivity } from './write-activity.js';
import { qualifiedName } from '../../sql/identifiers.js';

export interface ProfileOptions {
  /** Schemas to profile, already checked to exist (see findSchemas). */
  schemas: string[];
  exactCounts: boolean;
  sampleSeconds: number;
  /** Version of cdc-sizer, recorded in the catalog. */
  cdcSizer: string;
  /** Progress for people (stderr). */
  log?: (line: string) => void;
}

interface Entry {
  rel: Relation;
  table: CatalogTable;
}

/**
 * Reads the catalog of the database `client` is connected to (a read-only session, see
 * connectReadOnly) and samples its write activity. Creates nothing on the server.
 */
export async function profileDatabase(client: pg.Client, opts: ProfileOptions): Promise<Catalog> {
  const log = opts.log ?? (() => undefined);
  const { server, relations } = await readOnly(client, async (c) => ({ server: catalogServer(await readServerFacts(c)), relations: await listRelations(c, opts.schemas) })).catch(rethrow('server settings and tables'));
  log(opts.schemas.length === 0 ? 'no user schema holds a table; reading the server only…' : `profiling ${relations.length} tables in ${opts.schemas.length === 1 ? 'schema' : 'schemas'} ${opts.schemas.join(', ')}…`);
  const entries = await describeTables(client, relations, opts.exactCounts, log);
  log(`sampling write activity for ${opts.sampleSeconds} s…`);
  const activity = await sampleWriteActivity(client, relations.map((r) => r.oid), opts.sampleSeconds).catch(rethrow('write activity'));
  for (const { rel, table } of entries) table.writes = activity.writes.get(rel.oid) ?? table.writes;
  forEachParentBottomUp(entries.map((e) => e.table), (parent, children) => (parent.writes = sumWrites(children)));
  return catalogSchema.parse({
    schemaVersion: CATALOG_SCHEMA_VERSION,
    kind: 'catalog',
    createdAt: new Date().toISOString(),
    cdcSizer: opts.cdcSizer,
    schemas: opts.schemas,
    exactCounts: opts.exactCounts,
    sampledSeconds: Math.round(activity.seconds * 1000) / 1000,
    server: { ...server, walBytesPerSecond: activity.walBytesPerSecond },
    tables: entries.map((e) => e.table),
  } satisfies Catalog);
}

/** Sizes, columns, keys and partitions from one short transaction; then rows and key shapes, one table at a time. */
async function describeTables(client: pg.Client, relations: Relation[], exactCounts: boolean, log: (line: string) => void): Promise<Entry[]> {
  const oids = relations.map((r) => r.oid);
  const parents = relations.filter((r) => r.partitioned).map((r) => r.oid);
  const shape = await readOnly(client, async (c) => {
    const columns = await readColumns(c, oids);
    await withStatistics(c, relations, columns);
    return { sizes: await readSizes(c, oids), columns, keys: await readPrimaryKeys(c, oids), partitionKeys: await readPartitionKeys(c, parents), tree: await readPartitionTree(c, relations) };
  }).catch(rethrow('the catalog'));
  const entries: Entry[] = [];
  for (const rel of relations) {
    const bytes = shape.sizes.get(rel.oid) ?? { heapBytes: 0, toastBytes: 0, indexBytes: 0 };
    const rows = rel.partitioned ? sumSizes([]) : await rowFigures(client, rel, bytes.heapBytes, exactCounts, log).catch(rethrow(`rows of ${qualifiedName(rel)}`));
    const key = shape.keys.get(rel.oid);
    const partitionOf = shape.tree.parentOf.get(rel.oid);
    const partitionKey = shape.partitionKeys.get(rel.oid);
    const table: CatalogTable = {
      schema: rel.schema,
      name: rel.name,
      ...bytes,
      ...rows,
      avgRowBytes: 0,
      avgRowBytesSource: 'unknown',
      primaryKey: key ? { columns: key.map(({ name, type }) => ({ name, type })) } : null,
      keyShape: { shape: 'none' },
      replicaIdentity: rel.replicaIdentity,
      columns: shape.columns.get(rel.oid) ?? [],
      ...(partitionOf ? { partitionOf } : {}),
      ...(rel.partitioned ? { partitions: shape.tree.childrenOf.get(rel.oid) ?? [] } : {}),
      ...(partitionKey ? { partitionKey } : {}),
      writes: { insertsPerSecond: 0, updatesPerSecond: 0, deletesPerSecond: 0 },
    };
    entries.push({ rel, table });
  }
  forEachParentBottomUp(entries.map((e) => e.table), (parent, children) => Object.assign(parent, sumSizes(children)));
  for (const { rel, table } of entries) {
    Object.assign(table, averageRow(table));
    table.keyShape = await keyShape(client, rel, table.primaryKey?.columns, table.rows, log).catch(rethrow(`the key of ${qualifiedName(rel)}`));
  }
  return entries;
}

/** ANALYZE's average widths when every column has one; else the heap spread over the rows (page overhead and dead rows included). */
export function averageRow(t: Pick<CatalogTable, 'columns' | 'rows' | 'heapBytes'>): Pick<CatalogTable, 'avgRowBytes' | 'avgRowBytesSource'> {
  const widths = t.columns.map((c: CatalogColumn) => c.avgWidth);
  if (widths.length > 0 && widths.every((w) => w !== undefined)) return { avgRowBytes: widths.reduce((a, b) => a + b!, 0), avgRowBytesSource: 'statistics' };
  if (t.rows > 0 && t.heapBytes > 0) return { avgRowBytes: Math.round(t.heapBytes / t.rows), avgRowBytesSource: 'heap' };
  return { avgRowBytes: 0, avgRowBytesSource: 'unknown' };
}
