import { declaredLength, numericPrecision, SinkDdlError, type SinkSourceColumn, type SinkTableSpec } from './sink-column.js';

/**
 * PostgreSQL → MySQL/MariaDB column types for the JDBC sink (docs/sinks.md keeps the same table).
 * Values arrive as Debezium gives them (SinkValues in the job): an interval as microseconds, a
 * zoned timestamp in UTC, an array as a JSON array. Where MySQL has no type of the same range
 * the nearest wider one is taken, so a value is refused by the sink rather than cut silently:
 * numeric above precision 65 keeps at most 30 decimals (DECIMAL(65,30)), which the fidelity
 * check then shows.
 */
const RULES: [RegExp, (c: SinkSourceColumn, t: string) => string][] = [
  [/^smallint$/, () => 'SMALLINT'],
  [/^integer$/, () => 'INT'],
  [/^bigint$/, () => 'BIGINT'],
  [/^numeric/, (_, t) => {
    const p = numericPrecision(t);
    if (!p) return 'DECIMAL(65,30)';
    return p[0] <= 65 && p[1] >= 0 ? `DECIMAL(${p[0]},${p[1]})` : `DECIMAL(65,${Math.min(30, Math.max(0, p[1]))})`;
  }],
  [/^real$/, () => 'FLOAT'],
  [/^double precision$/, () => 'DOUBLE'],
  [/^money$/, () => 'DECIMAL(19,2)'],
  [/^boolean$/, () => 'BOOLEAN'],
  // Debezium emits bit(1) as a boolean; longer bit strings as text of 0s and 1s.
  [/^bit(\(1\))?$/, () => 'BOOLEAN'],
  [/^bit( varying)?\(\d+\)$/, (_, t) => `VARCHAR(${declaredLength(t)})`],
  [/^character\(\d+\)$/, (_, t) => (declaredLength(t)! <= 255 ? `CHAR(${declaredLength(t)})` : `VARCHAR(${declaredLength(t)})`)],
  [/^character varying\(\d+\)$/, (_, t) => (declaredLength(t)! <= 16383 ? `VARCHAR(${declaredLength(t)})` : 'LONGTEXT')],
  [/^bytea$/, () => 'LONGBLOB'],
  [/^date$/, () => 'DATE'],
  [/^timestamp(\(\d\))? with(out)? time zone$/, () => 'DATETIME(6)'],
  [/^time(\(\d\))? without time zone$/, () => 'TIME(6)'],
  [/^time(\(\d\))? with time zone$/, () => 'VARCHAR(32)'],
  [/^interval/, () => 'BIGINT'],
  [/^uuid$/, () => 'CHAR(36)'],
  [/^(json|jsonb|hstore)$/, () => 'JSON'],
  [/^(inet|cidr|macaddr|macaddr8)$/, () => 'VARCHAR(64)'],
  [/^point$/, () => 'VARCHAR(128)'],
];

/** Key columns must be indexable: MySQL indexes at most 3072 bytes (768 utf8mb4 characters). */
const KEY_FORM: Record<string, string> = { LONGTEXT: 'VARCHAR(768)', JSON: 'VARCHAR(768)', LONGBLOB: 'VARBINARY(3072)' };

export function mysqlColumnType(c: SinkSourceColumn, isKey = false): string {
  let type: string;
  if (c.isArray) type = 'JSON';
  else if (c.baseKind === 'e') type = 'VARCHAR(255)';
  else type = RULES.find(([re]) => re.test(c.baseType))?.[1](c, c.baseType) ?? 'LONGTEXT';
  return isKey ? (KEY_FORM[type] ?? type) : type;
}

const quote = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** A name MySQL refuses is said before anything is created. */
function checkColumnName(name: string): void {
  if ([...name].length > 64 || /\s$/.test(name) || name.includes('\u0000')) throw new SinkDdlError(`column "${name}" cannot be a MySQL column name (longer than 64 characters, or ending in a space)`);
}

export function mysqlTableSpec(columns: readonly SinkSourceColumn[], key: readonly string[]): SinkTableSpec {
  for (const c of columns) checkColumnName(c.name);
  return { columns: columns.map((c) => ({ name: c.name, sinkType: mysqlColumnType(c, key.includes(c.name)) })), key: [...key] };
}

/**
 * CREATE TABLE in the run's database. The collation is binary (and without padding where the
 * server has one: mysqlCollation), so that text keys compare as PostgreSQL's do: `a` and `A`, or
 * `a` and `a `, are two rows there, and would be one row here under MySQL's default collation.
 */
export function mysqlCreateTable(database: string, table: string, spec: SinkTableSpec, collation = 'utf8mb4_bin'): string {
  const cols = spec.columns.map((c) => `  ${quote(c.name)} ${c.sinkType}${spec.key.includes(c.name) ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${quote(database)}.${quote(table)} (\n${cols.join(',\n')},\n  PRIMARY KEY (${spec.key.map(quote).join(', ')})\n) DEFAULT CHARSET=utf8mb4 COLLATE=${collation}`;
}

/** The binary collation without trailing-space padding of the server: MariaDB's utf8mb4_nopad_bin, MySQL 8's utf8mb4_0900_bin, else utf8mb4_bin. */
export function mysqlCollation(version: string): string {
  if (/mariadb/i.test(version)) return 'utf8mb4_nopad_bin';
  return Number(/^(\d+)/.exec(version)?.[1] ?? 0) >= 8 ? 'utf8mb4_0900_bin' : 'utf8mb4_bin';
}

export const mysqlQuote = quote;
