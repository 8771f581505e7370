import type { Severity } from './finding.js';

/** A column's type as pg_attribute/pg_type describe it. */
export interface ColumnType {
  typname: string;
  /** pg_type.typtype: b base, c composite, d domain, e enum, r range, m multirange, p pseudo. */
  typtype: string;
  /** pg_type.typcategory ('A' array). */
  category: string;
  /** pg_attribute.atttypmod (-1: none). */
  typmod: number;
  /** The array's element type name, for arrays. */
  elem?: string;
}

/** A family of types that converts badly on the way to StarRocks, and what to do about it. */
export interface TypeClass {
  id: string;
  label: string;
  severity: Severity;
  why: string;
  fix: string;
}

const MEASURE = 'compare values after a first load (cdc-sizer run scenarios/tricky-types.yaml shows what your connector version does)';

const CLASSES = {
  money: { id: 'money', label: 'money', severity: 'warning', why: 'money is read as a decimal whose scale depends on lc_monetary: values arrive scaled ×100, rounded or rejected', fix: `ALTER COLUMN … TYPE numeric(19,2) at the source before the migration, or ${MEASURE}` },
  numeric: { id: 'numeric', label: 'numeric without precision or above 38 digits', severity: 'warning', why: 'StarRocks DECIMAL holds at most 38 digits; unbounded or wider numerics lose digits, are rejected, or need decimal.handling.mode = string', fix: 'give the column a precision ≤ 38 if its data fits (ALTER COLUMN … TYPE numeric(p,s)); otherwise set debezium.decimal.handling.mode = string and a string column in StarRocks' },
  array: { id: 'array', label: 'arrays', severity: 'warning', why: 'arrays map to StarRocks ARRAY only for element types the connector knows; multi-dimensional arrays, NULL elements and arrays of enums or composites fail or arrive as strings', fix: `keep one-dimensional arrays of plain types, and ${MEASURE}` },
  composite: { id: 'composite', label: 'composite (row) types', severity: 'warning', why: 'the connector has no mapping for a user-defined row type: the table fails or the column is dropped', fix: 'flatten the composite into columns, or store it as jsonb, before the migration' },
  domain: { id: 'domain', label: 'domains', severity: 'warning', why: 'a domain must be resolved to its base type by the connector (versions differ; some reject the column), and its CHECK does not travel', fix: `ALTER COLUMN … TYPE <base type> if the domain only adds a constraint, or ${MEASURE}` },
  enum: { id: 'enum', label: 'enums', severity: 'warning', why: 'the connector maps types by name: a user-defined enum may be rejected as unsupported, or arrive as a plain string', fix: `expect VARCHAR in StarRocks; ${MEASURE}` },
  hstore: { id: 'hstore', label: 'hstore', severity: 'warning', why: 'hstore becomes a map or a JSON string depending on hstore.handling.mode', fix: 'choose debezium.hstore.handling.mode (json or map) and a matching JSON or MAP column in StarRocks' },
  interval: { id: 'interval', label: 'interval', severity: 'warning', why: 'interval becomes microseconds (BIGINT, months counted as 30 days) or an ISO-8601 string, depending on interval.handling.mode', fix: 'pick debezium.interval.handling.mode (numeric or string) knowingly, and a BIGINT or VARCHAR column' },
  timetz: { id: 'timetz', label: 'time with time zone', severity: 'warning', why: 'timetz is normalised to UTC: the offset is lost', fix: 'store a time and a zone separately, or accept UTC times' },
  bit: { id: 'bit', label: 'bit and bit varying', severity: 'warning', why: 'bit(1) becomes BOOLEAN, longer bit strings and varbit become bytes', fix: 'use boolean for flags and bytea or integer for masks, or expect binary columns in StarRocks' },
  range: { id: 'range', label: 'range and multirange types', severity: 'warning', why: 'StarRocks has no range type: ranges arrive as their text form (\'[1,5)\') or are rejected', fix: 'split ranges into lower/upper columns, or accept strings' },
  xml: { id: 'xml', label: 'xml', severity: 'info', why: 'xml arrives as a string', fix: 'a VARCHAR/STRING column in StarRocks; nothing validates it there' },
  tsvector: { id: 'tsvector', label: 'tsvector', severity: 'info', why: 'tsvector is derived search data: it arrives as its text form, if at all', fix: 'leave it out of the captured columns and rebuild search in StarRocks' },
  timestamptz: { id: 'timestamptz', label: 'timestamp with time zone', severity: 'info', why: 'timestamptz becomes a UTC instant (TIMESTAMP_LTZ); StarRocks DATETIME has no zone, so values land in UTC or the sink\'s time zone, and sub-second digits depend on the sink', fix: 'decide the sink time zone explicitly and compare a few values (including microseconds) after the first load' },
} satisfies Record<string, TypeClass & { severity: Severity }>;

/** numeric(p,s) keeps p in the high half of atttypmod − 4. */
export function numericPrecision(typmod: number): number | undefined {
  return typmod < 4 ? undefined : ((typmod - 4) >> 16) & 0xffff;
}

/** The class a column's type falls in, or undefined when it converts cleanly. */
export function classifyColumn(c: ColumnType): TypeClass | undefined {
  if (c.category === 'A' && c.elem) return CLASSES.array;
  switch (c.typtype) {
    case 'd':
      return CLASSES.domain;
    case 'c':
      return CLASSES.composite;
    case 'e':
      return CLASSES.enum;
    case 'r':
    case 'm':
      return CLASSES.range;
  }
  switch (c.typname) {
    case 'money':
    case 'hstore':
    case 'interval':
    case 'timetz':
    case 'xml':
    case 'tsvector':
    case 'timestamptz':
      return CLASSES[c.typname];
    case 'bit':
    case 'varbit':
      return CLASSES.bit;
    case 'numeric': {
      const p = numericPrecision(c.typmod);
      return p === undefined || p > 38 ? CLASSES.numeric : undefined;
    }
    default:
      return undefined;
  }
}

/** Order of the classes in a report: as listed above. */
export const TYPE_CLASS_ORDER: readonly string[] = Object.keys(CLASSES);
