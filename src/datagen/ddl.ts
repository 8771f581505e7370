import type { PlannedTable } from './table-plan.js';
import { keyColumnPlans } from './keys/key-columns.js';
import { ident, qualified } from '../sql/identifiers.js';

/**
 * CREATE TABLE (and partitions) without the primary key: the key's index is built after the
 * load, as a bulk load into a fresh database would do.
 */
export function createTableSql(table: PlannedTable): string[] {
  const { schema, name, partitions } = table.spec;
  const keyColumns = keyColumnPlans(table.spec.key, table.leading);
  const cols = [
    ...keyColumns.map((c) => `${ident(c.name)} ${c.sql}`),
    ...table.columns.map((c) => `${ident(c.spec.name)} ${c.type.sql}`),
  ];
  const partitionKey = keyColumns.at(-1)!.name;
  const by = partitions ? ` PARTITION BY ${partitions.by.toUpperCase()} (${ident(partitionKey)})` : '';
  const out = [`CREATE TABLE ${qualified(schema, name)} (\n  ${cols.join(',\n  ')}\n)${by}`];
  if (partitions) {
    for (let p = 0; p < partitions.count; p++) {
      out.push(`CREATE TABLE ${qualified(schema, partitionName(name, p))} PARTITION OF ${qualified(schema, name)} ${partitionBounds(table, p)}`);
    }
  }
  return out;
}

export function partitionNames(table: PlannedTable): string[] {
  const count = table.spec.partitions?.count ?? 0;
  return Array.from({ length: count }, (_, p) => partitionName(table.spec.name, p));
}

/** `<table>_p<n>`, the table's name cut to 56 bytes (at a character's edge) so the whole stays within 63. */
function partitionName(table: string, p: number): string {
  let head = '';
  for (const c of table) {
    if (Buffer.byteLength(head + c, 'utf8') > 56) break;
    head += c;
  }
  return `${head}_p${p}`;
}

/** Hash partitions by remainder; range partitions split the key space evenly (bigint keys only). */
function partitionBounds(table: PlannedTable, p: number): string {
  const { partitions, key, rows } = table.spec;
  const n = partitions!.count;
  if (partitions!.by === 'hash') return `FOR VALUES WITH (MODULUS ${n}, REMAINDER ${p})`;
  const maxKey = key.shape === 'bigint-sparse' ? rows * key.gap : rows;
  const bound = (k: number) => (k === 0 ? 'MINVALUE' : k === n && partitions!.open !== false ? 'MAXVALUE' : String(Math.floor((maxKey * k) / n) + 1));
  return `FOR VALUES FROM (${bound(p)}) TO (${bound(p + 1)})`;
}

/** The table's column names in COPY order (key columns first): what each generated row fills. */
export function copyColumnNames(table: PlannedTable): string[] {
  return [...keyColumnPlans(table.spec.key, table.leading).map((c) => c.name), ...table.columns.map((c) => c.spec.name)];
}

export function copyColumnList(table: PlannedTable): string {
  return copyColumnNames(table).map(ident).join(', ');
}

export function primaryKeySql(table: PlannedTable): string | undefined {
  const cols = keyColumnPlans(table.spec.key, table.leading).filter((c) => c.inPrimaryKey).map((c) => ident(c.name));
  if (cols.length === 0) return undefined;
  return `ALTER TABLE ${qualified(table.spec.schema, table.spec.name)} ADD PRIMARY KEY (${cols.join(', ')})`;
}
