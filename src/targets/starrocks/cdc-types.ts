import { lengthModifier, numericModifier, type SourceColumn } from './source-column.js';
import type { PipelineVersion } from './pipeline-versions.js';

/**
 * What the Flink CDC PostgreSQL pipeline source (PostgresTypeUtils.convertFromColumn) turns a
 * column into, with Debezium's defaults (decimal.handling.mode=precise, interval.handling.mode=numeric,
 * binary.handling.mode=bytes, hstore.handling.mode=json, money.fraction.digits=2). Types are written
 * as Flink CDC prints them. `change` says what the value loses on the way, when it does.
 */
export type CdcType = { type: string; change?: string } | { fails: string };

const TEXT_TYPES = new Set([
  'text', 'point', 'uuid', 'xml', 'inet', 'cidr', 'macaddr', 'macaddr8',
  'int4range', 'numrange', 'int8range', 'tsrange', 'tstzrange', 'daterange',
  // The default branch's extension types, matched by OID in the type registry.
  'ltree', 'geometry', 'geography', 'citext',
]);

/** Element types PostgresTypeUtils has an *_ARRAY case for. */
const ARRAY_ELEMENTS_35 = new Set(['bool', 'bytea', 'int2', 'int4', 'int8', 'interval', 'float4', 'float8', 'numeric', 'char', 'bpchar', 'varchar', 'text', 'timestamp', 'timestamptz', 'time', 'date']);
/** 3.6.0 added UUID_ARRAY to the STRING array case. */
const ARRAY_ELEMENTS_36 = new Set([...ARRAY_ELEMENTS_35, 'uuid']);

/** pgjdbc's length for varchar without one, which Debezium passes on. */
const UNBOUNDED_VARCHAR = 10_485_760;
/** pgjdbc's scale for time and timestamp without a precision: microseconds. */
const DEFAULT_FRACTION = 6;

export function pipelineCdcType(c: SourceColumn, version: PipelineVersion): CdcType {
  if (c.element) {
    const elements = version === '3.6.0' ? ARRAY_ELEMENTS_36 : ARRAY_ELEMENTS_35;
    if (!elements.has(c.element.typname)) return unsupported(c);
    const inner = scalarType({ ...c, typname: c.element.typname, typtype: c.element.typtype });
    return 'fails' in inner ? inner : { type: `ARRAY<${inner.type}>`, ...(inner.change ? { change: inner.change } : {}) };
  }
  if (c.typtype === 'e') return { type: 'STRING' };
  const t = scalarType(c);
  return t;
}

function scalarType(c: SourceColumn): CdcType {
  const n = lengthModifier(c.typname, c.typmod);
  switch (c.typname) {
    case 'bool':
      return { type: 'BOOLEAN' };
    case 'bit':
    case 'varbit':
      if (n === 1) return { type: 'BOOLEAN' };
      return { type: n === undefined ? 'BYTES' : `BINARY(${n})`, change: 'bit strings arrive as bytes' };
    case 'bytea':
      return { type: 'BYTES' };
    case 'int2':
      return { type: 'SMALLINT' };
    case 'int4':
      return { type: 'INT' };
    case 'int8':
    case 'oid':
      return { type: 'BIGINT' };
    case 'interval':
      return { type: 'BIGINT', change: 'an interval becomes a count of microseconds: months and years turn into fixed lengths' };
    case 'float4':
      return { type: 'FLOAT' };
    case 'float8':
      return { type: 'DOUBLE' };
    case 'numeric':
      return numeric(c.typmod);
    case 'money':
      return { type: 'DECIMAL(38, 2)', change: 'money is read with money.fraction.digits = 2: a server whose lc_monetary has another scale gets rounded or shifted values' };
    case 'char':
    case 'bpchar':
      return { type: `CHAR(${n ?? 1})` };
    case 'varchar':
      return { type: `VARCHAR(${n ?? UNBOUNDED_VARCHAR})` };
    case 'hstore':
      return { type: 'STRING', change: 'hstore arrives as its JSON text' };
    case 'json':
    case 'jsonb':
      return { type: 'STRING', change: `${c.typname} arrives as text: a VARCHAR column at the sink, not StarRocks JSON` };
    case 'timestamp':
      return { type: `TIMESTAMP(${n ?? DEFAULT_FRACTION})` };
    case 'timestamptz':
      return { type: `TIMESTAMP_TZ(${n ?? DEFAULT_FRACTION})` };
    case 'time':
      return { type: `TIME(${n ?? DEFAULT_FRACTION})`, change: "Flink CDC's TimeData holds milliseconds: microseconds are lost" };
    case 'date':
      return { type: 'DATE' };
    default:
      return TEXT_TYPES.has(c.typname) ? { type: 'STRING' } : unsupported(c);
  }
}

/** PRECISE mode: DECIMAL(p, s) for 0 < p ≤ 38, else DECIMAL(38, 0) — the scale is dropped. */
function numeric(typmod: number): CdcType {
  const m = numericModifier(typmod);
  if (m && m.precision > 0 && m.precision <= 38) return { type: `DECIMAL(${m.precision}, ${m.scale})` };
  const why = m ? `numeric(${m.precision},${m.scale}) is wider than 38 digits` : 'numeric without a precision';
  return { type: 'DECIMAL(38, 0)', change: `${why} becomes DECIMAL(38, 0): every digit after the point is lost, and a value of more than 38 digits does not fit` };
}

/** The source throws "Doesn't support Postgres type … yet" when it reads the table's schema: the pipeline stops. */
function unsupported(c: SourceColumn): CdcType {
  return { fails: `the PostgreSQL pipeline source does not support ${c.declared} ("Doesn't support Postgres type" when it reads the schema)` };
}
