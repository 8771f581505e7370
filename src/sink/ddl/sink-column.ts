import type { SourceColumn } from '../../fidelity/source-columns.js';

/** What a sink's DDL needs to know of a source column: its name and types (fidelity/source-columns.ts). */
export type SinkSourceColumn = Pick<SourceColumn, 'name' | 'formatType' | 'pgType' | 'baseType' | 'baseKind' | 'isArray'>;

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
