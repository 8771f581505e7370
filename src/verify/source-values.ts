import type pg from 'pg';
import { ident, qualified } from '../sql/identifiers.js';
import type { TableGenerator } from '../datagen/table-generator.js';

export interface ValueMismatch {
  table: string;
  column: string;
  key: string;
  expected: string | null;
  actual: string | null;
}

export interface SourceCheck {
  table: string;
  expectedRows: number;
  actualRows: number;
  checkedValues: number;
  /** Rows in the table whose key the generator never made (or made twice). */
  unexpectedKeys: number;
  mismatches: ValueMismatch[];
}

/**
 * Reads a generated table back and compares every value with the canonical text computed in
 * TypeScript. `client` must return raw text (connectPg rawText) under the pinned settings.
 * `gen` must be fresh: it replays the table's randomness from row 0.
 */
export async function checkSourceValues(client: pg.Client, gen: TableGenerator, maxMismatches = 50): Promise<SourceCheck> {
  const spec = gen.table.spec;
  const names = gen.columnNames;
  const keyCount = gen.keys.columns.length;
  const expected = new Map<string, (string | null)[]>();
  for (let i = 0; i < spec.rows; i++) {
    const row = gen.canonicalRow(i);
    expected.set(row.slice(0, keyCount).join('\u0001'), row);
  }
  const { rows } = await client.query<Record<string, string | null>>({
    text: `SELECT ${names.map(ident).join(', ')} FROM ${qualified(spec.schema, spec.name)}`,
    rowMode: 'array',
  } as pg.QueryConfig);
  const result: SourceCheck = { table: spec.name, expectedRows: spec.rows, actualRows: rows.length, checkedValues: 0, unexpectedKeys: 0, mismatches: [] };
  for (const raw of rows as unknown as (string | null)[][]) {
    const key = raw.slice(0, keyCount).join('\u0001');
    const want = expected.get(key);
    if (!want) {
      result.unexpectedKeys++;
      continue;
    }
    expected.delete(key);
    for (let c = 0; c < names.length; c++) {
      result.checkedValues++;
      if (raw[c] !== want[c] && result.mismatches.length < maxMismatches) {
        result.mismatches.push({ table: spec.name, column: names[c]!, key, expected: want[c]!, actual: raw[c]! });
      }
    }
  }
  return result;
}
