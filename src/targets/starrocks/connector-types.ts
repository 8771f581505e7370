import { lengthModifier, numericModifier, type SourceColumn } from './source-column.js';

/**
 * The StarRocks column cdc-sizer creates for `--sink starrocks`: the route of the DataStream (or SQL)
 * PostgreSQL source into the StarRocks Flink connector (com.starrocks:flink-connector-starrocks,
 * Stream Load of JSON rows), which every Flink CDC version can take. Here the tables are ours, so the
 * mapping keeps values where StarRocks has a type that holds them: JSON for json, ARRAY for
 * one-dimensional arrays, DATETIME with microseconds. `change` says what still changes.
 */
export type ConnectorColumn = { type: string; change?: string } | { fails: string };

export const CONNECTOR_ARTIFACT = 'com.starrocks:flink-connector-starrocks:1.2.10_flink-1.19';

const MAX_VARCHAR = 1_048_576;
const TEXT = `VARCHAR(${MAX_VARCHAR})`;

/** Element types the connector's JSON rows carry as JSON arrays that StarRocks ARRAY columns load. */
const ARRAY_ELEMENTS = new Set(['bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'varchar', 'bpchar', 'text', 'date', 'timestamp', 'uuid']);

export function connectorStarRocksType(c: SourceColumn): ConnectorColumn {
  if (c.element) {
    if (!ARRAY_ELEMENTS.has(c.element.typname)) return { type: TEXT, change: `an array of ${c.element.typname} has no StarRocks ARRAY element type here: stored as its JSON text` };
    const inner = scalar({ ...c, typname: c.element.typname, typtype: c.element.typtype, key: false });
    return 'fails' in inner ? inner : { type: `ARRAY<${inner.type}>`, ...(inner.change ? { change: inner.change } : {}) };
  }
  if (c.typtype === 'e') return { type: key(c, 'VARCHAR(255)') };
  if (c.typtype === 'c') return { fails: 'Debezium has no converter for a composite type: the column is left out of every record' };
  return scalar(c);
}

function scalar(c: SourceColumn): ConnectorColumn {
  const n = lengthModifier(c.typname, c.typmod);
  switch (c.typname) {
    case 'bool':
      return { type: 'BOOLEAN' };
    case 'int2':
      return { type: 'SMALLINT' };
    case 'int4':
      return { type: 'INT' };
    case 'int8':
    case 'oid':
      return { type: 'BIGINT' };
    case 'float4':
      return { type: 'FLOAT' };
    case 'float8':
      return { type: 'DOUBLE' };
    case 'numeric': {
      const m = numericModifier(c.typmod);
      if (m && m.precision > 0 && m.precision <= 38 && !c.key) return { type: `DECIMAL(${m.precision},${m.scale})` };
      // No DECIMAL holds an unbounded or wider numeric, and StarRocks takes no DECIMAL key: text keeps every digit.
      return { type: 'VARCHAR(1000)', change: 'stored as its decimal text: exact, but not a number at the sink' };
    }
    case 'money':
      return { type: c.key ? 'VARCHAR(40)' : 'DECIMAL(19,2)', change: 'money is read with two fraction digits (lc_monetary)' };
    case 'bpchar':
    case 'char':
      return { type: `VARCHAR(${Math.min((n ?? 1) * 3, MAX_VARCHAR)})`, change: 'char(n) counts characters, StarRocks bytes: the length is ×3' };
    case 'varchar':
      return { type: `VARCHAR(${Math.min((n ?? MAX_VARCHAR) * 3, MAX_VARCHAR)})` };
    case 'json':
    case 'jsonb':
    case 'hstore':
      return c.key ? { fails: `${c.typname} cannot be a StarRocks key column` } : { type: 'JSON', change: 'StarRocks normalises JSON: key order and spacing may differ' };
    case 'uuid':
      return { type: 'VARCHAR(36)' };
    case 'bytea':
      return { type: `VARBINARY(${MAX_VARCHAR})` };
    case 'bit':
      return n === 1 ? { type: 'BOOLEAN' } : { type: `VARBINARY(${MAX_VARCHAR})`, change: 'bit strings arrive as bytes' };
    case 'varbit':
      return { type: `VARBINARY(${MAX_VARCHAR})`, change: 'bit strings arrive as bytes, and varbit loses its leading zero bits (measured)' };
    case 'date':
      return { type: 'DATE' };
    case 'timestamp':
      return { type: 'DATETIME' };
    case 'timestamptz':
      return { type: 'DATETIME', change: 'stored as the UTC wall time: the zone is gone' };
    case 'time':
      return { type: 'VARCHAR(15)', change: 'StarRocks has no TIME: stored as text; the source emits milliseconds (measured), the microseconds are lost' };
    case 'timetz':
      return { type: 'VARCHAR(21)', change: 'Debezium sends timetz normalised to UTC: the offset is lost' };
    case 'interval':
      return { type: 'BIGINT', change: 'an interval becomes a count of microseconds: months and years turn into fixed lengths' };
    case 'geometry':
    case 'geography':
      return { type: TEXT, change: 'Debezium sends PostGIS values as a struct of WKB bytes and SRID: stored as its JSON text' };
    case 'point':
      return { type: TEXT, change: 'Debezium sends a point as a struct of x, y and WKB bytes: stored as its JSON text' };
    default:
      return TEXT_TYPES.has(c.typname) || c.typtype === 'r'
        ? { type: key(c, TEXT) }
        : { fails: `Debezium has no converter for ${c.declared}: the column is left out of every record` };
  }
}

/** Types Debezium sends as strings (ranges too); anything else it has no converter for (tsvector, pg_lsn…: measured as dropped). */
const TEXT_TYPES = new Set(['text', 'xml', 'inet', 'cidr', 'macaddr', 'macaddr8', 'citext', 'ltree', 'name']);

/** A key column must fit StarRocks' key limit; text keys get a bounded VARCHAR. */
function key(c: SourceColumn, type: string): string {
  return c.key && type === TEXT ? 'VARCHAR(1024)' : type;
}
