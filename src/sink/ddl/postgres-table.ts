import { ident, qualified } from '../../sql/identifiers.js';
import type { SinkSourceColumn, SinkTableSpec } from './sink-column.js';

/**
 * PostgreSQL → PostgreSQL: the source's own type (format_type, with its length, precision and
 * array brackets). Types the run's new database does not have become what they hold: an enum or
 * a composite is text (its text form), a domain its base type, an extension's type (hstore,
 * citext …) text. docs/sinks.md says the same.
 */
const BUILT_IN = /^(smallint|integer|bigint|numeric|real|double precision|money|boolean|character|character varying|text|bytea|date|time|timestamp|interval|uuid|json|jsonb|xml|inet|cidr|macaddr|macaddr8|bit|bit varying|point|line|lseg|box|path|polygon|circle|tsvector|tsquery|(int4|int8|num|ts|tstz|date)(multi)?range|oid|name|pg_lsn)\b/;

export function postgresColumnType(c: SinkSourceColumn): string {
  const brackets = c.isArray ? '[]' : '';
  if (c.baseKind === 'e' || c.baseKind === 'c') return `text${brackets}`;
  if (c.pgType.startsWith('domain over ')) return BUILT_IN.test(c.baseType) ? c.baseType : 'text';
  const own = c.isArray ? c.baseType : c.formatType;
  return BUILT_IN.test(own) ? c.formatType : `text${brackets}`;
}

export function postgresTableSpec(columns: readonly SinkSourceColumn[], key: readonly string[]): SinkTableSpec {
  return { columns: columns.map((c) => ({ name: c.name, sinkType: postgresColumnType(c) })), key: [...key] };
}

export function postgresCreateTable(schema: string, table: string, spec: SinkTableSpec): string {
  const cols = spec.columns.map((c) => `  ${ident(c.name)} ${c.sinkType}${spec.key.includes(c.name) ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${qualified(schema, table)} (\n${cols.join(',\n')},\n  PRIMARY KEY (${spec.key.map(ident).join(', ')})\n)`;
}
