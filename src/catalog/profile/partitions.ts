import type pg from 'pg';
import { type CatalogTable, type TableWrites } from '../catalog.js';
import { qualifiedName } from '../../sql/identifiers.js';
import type { Relation } from './relations.js';
import type { RowFigures, TableBytes } from './table-sizes.js';

type PartitionKey = NonNullable<CatalogTable['partitionKey']>;

const STRATEGY: Record<string, PartitionKey['strategy']> = { r: 'range', l: 'list', h: 'hash' };

/** The partition key of each partitioned table: strategy, columns (expressions by their text) and pg_get_partkeydef. */
export async function readPartitionKeys(client: pg.Client, oids: number[]): Promise<Map<number, PartitionKey>> {
  const { rows } = await client.query<{ rel: string; strategy: string; definition: string; columns: (string | null)[] }>(
    `SELECT p.partrelid::int8 AS rel, p.partstrat AS strategy, pg_get_partkeydef(p.partrelid) AS definition,
            array(SELECT a.attname::text FROM unnest(p.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
     FROM pg_partitioned_table p WHERE p.partrelid = ANY ($1::oid[])`,
    [oids],
  );
  return new Map(
    rows.map((r) => [
      Number(r.rel),
      { strategy: STRATEGY[r.strategy] ?? 'range', columns: r.columns.map((c) => c ?? '(expression)'), definition: r.definition },
    ]),
  );
}

/** schema.name of each relation that is a parent or a partition here; partitions may live in schemas not profiled. */
export async function readPartitionTree(client: pg.Client, relations: Relation[]): Promise<{ parentOf: Map<number, string>; childrenOf: Map<number, string[]> }> {
  const parents = relations.filter((r) => r.partitioned).map((r) => r.oid);
  const { rows: children } = await client.query<{ parent: string; name: string }>(
    `SELECT i.inhparent::int8 AS parent, n.nspname || '.' || c.relname AS name
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE i.inhparent = ANY ($1::oid[]) AND c.relispartition ORDER BY 1, 2`,
    [parents],
  );
  const childrenOf = new Map<number, string[]>(parents.map((p) => [p, []]));
  for (const c of children) childrenOf.get(Number(c.parent))!.push(c.name);
  const parentOids = [...new Set(relations.flatMap((r) => (r.parentOid === null ? [] : [r.parentOid])))];
  const { rows: names } = await client.query<{ oid: string; name: string }>(
    `SELECT c.oid::int8 AS oid, n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY ($1::oid[])`,
    [parentOids],
  );
  const nameOf = new Map(names.map((n) => [Number(n.oid), n.name]));
  const parentOf = new Map<number, string>();
  for (const r of relations) {
    const name = r.parentOid === null ? undefined : nameOf.get(r.parentOid);
    if (name) parentOf.set(r.oid, name);
  }
  return { parentOf, childrenOf };
}

/**
 * Visits each partitioned table after its partitions (sub-partitioned trees included), with
 * those of its partitions that are in the catalog, so that sums can be built bottom-up.
 */
export function forEachParentBottomUp(tables: CatalogTable[], visit: (parent: CatalogTable, children: CatalogTable[]) => void): void {
  const byName = new Map(tables.map((t) => [qualifiedName(t), t]));
  const done = new Set<CatalogTable>();
  const walk = (t: CatalogTable): void => {
    if (done.has(t) || !t.partitions) return;
    done.add(t);
    const children = t.partitions.flatMap((n) => byName.get(n) ?? []);
    children.forEach(walk);
    visit(t, children);
  };
  tables.forEach(walk);
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** A parent's bytes and rows: its partitions'. The row source is the weakest of theirs. */
export function sumSizes(children: CatalogTable[]): TableBytes & RowFigures {
  const allStats = children.every((c) => c.statisticsRows !== null);
  const allExact = children.length > 0 && children.every((c) => c.exactRows !== undefined);
  const source: RowFigures['rowsSource'] = children.some((c) => c.rowsSource === 'planner') ? 'planner' : allExact ? 'exact' : 'statistics';
  return {
    heapBytes: sum(children.map((c) => c.heapBytes)),
    toastBytes: sum(children.map((c) => c.toastBytes)),
    indexBytes: sum(children.map((c) => c.indexBytes)),
    rows: sum(children.map((c) => c.rows)),
    rowsSource: source,
    statisticsRows: allStats ? sum(children.map((c) => c.statisticsRows!)) : null,
    ...(allExact ? { exactRows: sum(children.map((c) => c.exactRows!)) } : {}),
  };
}

export function sumWrites(children: CatalogTable[]): TableWrites {
  return {
    insertsPerSecond: sum(children.map((c) => c.writes.insertsPerSecond)),
    updatesPerSecond: sum(children.map((c) => c.writes.updatesPerSecond)),
    deletesPerSecond: sum(children.map((c) => c.writes.deletesPerSecond)),
  };
}
