/**
 * What a sink's DDL needs to know of a source column (fidelity/source-columns.ts's SourceColumn
 * has these fields; this folder does not import it, as the fidelity check imports this one).
 */
export interface SinkSourceColumn {
  name: string;
  /** format_type: `numeric(12,2)`, `integer[]`, the user type's name. */
  formatType: string;
  /** `domain over text`, `enum`, `composite`, `enum[]`, else format_type. */
  pgType: string;
  /** A domain's base type, an array's element type, else format_type. */
  baseType: string;
  /** pg_type.typtype of the base type: b base, e enum, c composite, r range, m multirange. */
  baseKind: string;
  isArray: boolean;
}

/** A sink table to create: its columns (with their sink types) and its key, in key order. */
export interface SinkTableSpec {
  columns: { name: string; sinkType: string }[];
  key: string[];
}

/** A column the sink cannot take (a name it refuses): said in one line before anything is created. */
export class SinkDdlError extends Error {
  override name = 'SinkDdlError';
}

/** `numeric(12,2)` → [12, 2]; `numeric` → undefined. */
export function numericPrecision(type: string): [number, number] | undefined {
  const m = /^numeric\((\d+)(?:,(-?\d+))?\)/.exec(type);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/** `character varying(40)` → 40. */
export const declaredLength = (type: string): number | undefined => {
  const m = /\((\d+)\)/.exec(type);
  return m ? Number(m[1]) : undefined;
};
