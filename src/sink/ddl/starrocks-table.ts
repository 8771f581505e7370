import { declaredLength, numericPrecision, type SinkSourceColumn, type SinkTableSpec } from './sink-column.js';
import { mysqlQuote as quote } from './mysql-table.js';

/**
 * StarRocks primary-key tables for the StarRocks sink. The column type comes from a mapper passed
 * in: a run passes the documented connector-route rules (src/targets/starrocks/connector-types.ts,
 * read from the source's catalog); `defaultStarRocksType`, from the column's type text alone, is
 * what a column those rules do not cover gets. Not run against a StarRocks server: none runs where
 * this is built.
 */
export type StarRocksTypeMapper = (column: SinkSourceColumn) => string;

const VARCHAR_MAX = 'VARCHAR(1048576)';

export const defaultStarRocksType: StarRocksTypeMapper = (c) => {
  if (c.isArray) return `ARRAY<${defaultStarRocksType({ ...c, isArray: false, formatType: c.baseType })}>`;
  const t = c.baseType;
  if (c.baseKind === 'e' || c.baseKind === 'c') return VARCHAR_MAX;
  if (t === 'smallint') return 'SMALLINT';
  if (t === 'integer') return 'INT';
  if (t === 'bigint') return 'BIGINT';
  if (t.startsWith('numeric')) {
    const p = numericPrecision(t);
    return p && p[0] <= 38 && p[1] >= 0 ? `DECIMAL(${p[0]},${p[1]})` : 'DECIMAL(38,0)';
  }
  if (t === 'money') return 'DECIMAL(38,2)';
  if (t === 'real') return 'FLOAT';
  if (t === 'double precision') return 'DOUBLE';
  if (t === 'boolean' || t === 'bit(1)' || t === 'bit') return 'BOOLEAN';
  // StarRocks counts bytes, PostgreSQL characters: up to 3 bytes each.
  if (/^character( varying)?\(\d+\)$/.test(t)) return `VARCHAR(${Math.min(declaredLength(t)! * 3, 1048576)})`;
  if (t === 'date') return 'DATE';
  if (/^timestamp/.test(t)) return 'DATETIME';
  if (/^interval/.test(t)) return 'BIGINT';
  if (t === 'bytea' || /^bit/.test(t)) return 'VARBINARY';
  return VARCHAR_MAX;
};

/** Key columns first (StarRocks requires it), every column typed by the mapper. */
export function starrocksTableSpec(columns: readonly SinkSourceColumn[], key: readonly string[], mapType: StarRocksTypeMapper = defaultStarRocksType): SinkTableSpec {
  const ordered = [...key.map((k) => columns.find((c) => c.name === k)!), ...columns.filter((c) => !key.includes(c.name))];
  return { columns: ordered.map((c) => ({ name: c.name, sinkType: mapType(c) })), key: [...key] };
}

/** CREATE TABLE … PRIMARY KEY … DISTRIBUTED BY HASH(key), replicated as many times as there are live BEs (at most 3). */
export function starrocksCreateTable(database: string, table: string, spec: SinkTableSpec, replicas: number): string {
  const cols = spec.columns.map((c) => `  ${quote(c.name)} ${c.sinkType}${spec.key.includes(c.name) ? ' NOT NULL' : ''}`);
  const key = spec.key.map(quote).join(', ');
  return `CREATE TABLE ${quote(database)}.${quote(table)} (\n${cols.join(',\n')}\n) PRIMARY KEY (${key})\nDISTRIBUTED BY HASH(${key})\nPROPERTIES ("replication_num" = "${Math.max(1, Math.min(3, replicas))}")`;
}
