import type { PipelineVersion } from './pipeline-versions.js';

/**
 * What the Flink CDC StarRocks pipeline sink (StarRocksUtils.CdcDataTypeTransformer) creates for a
 * Flink CDC type, and what its row serializer (StarRocksUtils.createFieldGetter) does to the value.
 * A type the transformer has no visit for throws "Unsupported CDC data type" when the table is created.
 */
export type StarRocksType = { type: string; change?: string; addedIn36?: boolean } | { fails: string; addedIn36?: boolean };

/** StarRocks limits the transformer applies (MAX_CHAR_SIZE, MAX_VARCHAR_SIZE, MAX_VARBINARY_SIZE). */
const MAX_CHAR = 255;
const MAX_VARCHAR = 1_048_576;
const MAX_VARBINARY = 1_048_576;
/** Flink CDC's STRING and BYTES are VARCHAR and VARBINARY of Integer.MAX_VALUE. */
const MAX_LENGTH = 2_147_483_647;

export function pipelineStarRocksType(cdcType: string, key: boolean, version: PipelineVersion): StarRocksType {
  const { name, args } = parseCdcType(cdcType);
  const v36 = version === '3.6.0';
  switch (name) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
      return { type: name };
    case 'DECIMAL': {
      const [p, s] = args as [number, number];
      // StarRocks takes no DECIMAL key: the transformer writes it as text, with room for sign and point.
      if (key) return { type: `VARCHAR(${Math.min(s !== 0 ? p + 2 : p + 1, MAX_VARCHAR)})`, change: 'a DECIMAL key column is created as VARCHAR: the key is text at the sink' };
      return { type: `DECIMAL(${p},${s})` };
    }
    case 'CHAR': {
      // CDC counts characters, StarRocks bytes: ×3 for UTF-8; CHAR cannot be a key, nor longer than 255 bytes.
      const bytes = args[0]! * 3;
      if (bytes <= MAX_CHAR && !key) return { type: `CHAR(${bytes})` };
      return { type: `VARCHAR(${Math.min(bytes, MAX_VARCHAR)})` };
    }
    case 'VARCHAR':
    case 'STRING':
      return textColumn(name === 'STRING' ? MAX_LENGTH : args[0]!);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return { type: 'DATETIME', ...(args[0]! > 0 ? { change: 'the sink writes yyyy-MM-dd HH:mm:ss: every fraction of a second is lost' } : {}) };
    case 'TIME': {
      if (!v36) return { fails: 'the 3.5.0 StarRocks sink has no TIME mapping ("Unsupported CDC data type TIME")' };
      const p = args[0]!;
      return { type: `VARCHAR(${p > 0 ? 9 + p : 8})`, change: 'StarRocks has no TIME: written as text HH:mm:ss.fff…', addedIn36: true };
    }
    case 'BINARY':
    case 'VARBINARY':
    case 'BYTES': {
      if (!v36) return { fails: 'the 3.5.0 StarRocks sink has no binary mapping ("Unsupported CDC data type")' };
      const length = name === 'BYTES' ? MAX_LENGTH : args[0]!;
      return { type: `VARBINARY(${Math.min(length, MAX_VARBINARY)})`, ...(length > MAX_VARBINARY ? { change: 'a value over 1 MiB does not fit VARBINARY(1048576)' } : {}), addedIn36: true };
    }
    case 'TIMESTAMP_TZ':
      return { fails: `the ${version} StarRocks sink has no mapping for a zoned timestamp ("Unsupported CDC data type TIMESTAMP WITH TIME ZONE")` };
    case 'ARRAY':
      return { fails: `the ${version} StarRocks pipeline sink has no ARRAY mapping ("Unsupported CDC data type ARRAY<…>"); the StarRocks Flink connector takes arrays` };
    default:
      return { fails: `the ${version} StarRocks sink has no mapping for ${cdcType}` };
  }
}

/** Capped at 1 MiB of UTF-8: a longer value fails its load, which no catalog can tell before the data is read. */
function textColumn(length: number): StarRocksType {
  return { type: `VARCHAR(${Math.min(length * 3, MAX_VARCHAR)})` };
}

/** `DECIMAL(38, 0)` → DECIMAL [38, 0]; `ARRAY<INT>` → ARRAY; `STRING` → STRING []. */
export function parseCdcType(t: string): { name: string; args: number[] } {
  if (t.startsWith('ARRAY<')) return { name: 'ARRAY', args: [] };
  const m = /^([A-Z_]+)(?:\(([\d, ]+)\))?$/.exec(t.trim());
  if (!m) throw new Error(`not a Flink CDC type: ${t}`);
  return { name: m[1]!, args: m[2] ? m[2].split(',').map((x) => Number(x.trim())) : [] };
}
