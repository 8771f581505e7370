import { parse } from 'lossless-json';
import type pg from 'pg';
import type { SourceTable } from '../engines/source-table.js';
import type { FidelityColumn } from '../model/run-result.js';
import { compareValue, emittedText } from './compare-value.js';
import type { ConnectSchema, EmittedSample } from '../engines/flink-cdc/emitted-samples.js';
import type { SourceColumn } from './source-columns.js';
import { sourceRowsByKey } from './source-rows.js';
import { changeNote } from './value-shape.js';
import { qualifiedName } from '../sql/identifiers.js';

/**
 * One table's fidelity from one run: each kept row, found again in the source by its key, column by
 * column: the emitted value decoded by its declared schema against the source's canonical text.
 */
export async function judgeSample(client: pg.Client, table: SourceTable, columns: SourceColumn[], emitted: EmittedSample): Promise<FidelityColumn[]> {
  const name = qualifiedName(table);
  if (!emitted.schema || emitted.rows.length === 0) return [];
  const fields = new Map((emitted.schema.fields ?? []).map((f) => [f.field!, f]));
  const keyed = keyedRows(table, emitted);
  const keys = keyed.map((k) => k.key).filter((k): k is string[] => k.every((v) => v !== null));
  const source = await sourceRowsByKey(client, table.schema, table.name, table.key, columns, keys);
  // A row whose key cannot be found again in the source (the key itself came out changed) is not judged.
  const found = keyed.flatMap(({ row, key }) => {
    const src = key.every((v) => v !== null) ? source.get(key.join('\u001f')) : undefined;
    return src ? [{ row, key: key.join(', '), src }] : [];
  });
  return columns.map((column) => {
    const field = fields.get(column.name);
    const base = { table: name, column: column.name, pgType: column.pgType, compared: 0, nonNull: 0 };
    if (!field) return { ...base, verdict: 'dropped' as const };
    const judged: FidelityColumn = { ...base, verdict: 'exact', emittedType: describeField(field) };
    for (const { row, key, src } of found) {
      const sourceText = src[column.name] ?? null;
      judged.compared++;
      if (sourceText !== null) judged.nonNull++;
      const { equal, emitted: shown } = compareValue(column, sourceText, field, row[column.name]);
      if (!equal && judged.verdict === 'exact') {
        judged.verdict = 'changed';
        const out = stableText(shown);
        judged.example = { key: clip(key), source: sourceText === null ? null : clip(sourceText), emitted: out, change: changeNote(sourceText, out) };
      }
    }
    return judged;
  });
}

/** The kept rows, parsed, each with its key columns' texts as emitted (null where a key column is missing or null). */
function keyedRows(table: SourceTable, emitted: EmittedSample): { row: Record<string, unknown>; key: (string | null)[] }[] {
  const fields = new Map((emitted.schema?.fields ?? []).map((f) => [f.field!, f]));
  return emitted.rows.map((r) => {
    const row = parse(r) as Record<string, unknown>;
    return { row, key: table.key.map((k) => (fields.has(k.name) ? emittedText(fields.get(k.name)!, row[k.name]) : null)) };
  });
}

/** The keys of the rows the job kept for the fidelity check, with each row's sample hash: the rows the sink is checked on too. */
export function sampleKeys(table: SourceTable, emitted: EmittedSample): { key: string[]; hash: bigint }[] {
  if (!emitted.schema) return [];
  return keyedRows(table, emitted).flatMap((k, i) => (k.key.every((v) => v !== null) ? [{ key: k.key as string[], hash: emitted.hashes[i]! }] : []));
}

/** `bytes org.apache.kafka.connect.data.Decimal scale=2`, `array<int32>`, `string io.debezium.data.Enum allowed=a,b`. */
export function describeField(f: ConnectSchema): string {
  const type = f.type === 'array' && f.items ? `array<${describeField(f.items)}>` : f.type;
  const params = Object.entries(f.parameters ?? {})
    .filter(([k]) => !k.startsWith('__debezium'))
    .map(([k, v]) => `${k}=${v}`);
  return [type, f.name, ...params].filter(Boolean).join(' ');
}

/** At most `max` characters, the last an ellipsis when cut: an example stays on a line of a report. */
export const clip = (s: string, max = 120): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * A Java array printed by its default toString carries an identity hash (`[Ljava.lang.String;@5e039a7d`)
 * that differs on every run; without it two versions that mangle a value the same way compare equal.
 */
export const stableText = (s: string): string => s.replace(/(\[L[\w.$]+;)@[0-9a-f]+/g, '$1@…');
