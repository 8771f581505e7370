import type pg from 'pg';
import type { SourceTable } from '../engines/source-table.js';
import type { SinkFidelityColumn, SinkVerdict } from '../model/run-result.js';
import { SINK_VERDICTS } from '../model/run-result.js';
import { qualifiedName } from '../sql/identifiers.js';
import type { SinkClient } from './sink-client.js';
import { mysqlRowsByKey } from './sink-rows.js';
import type { SinkTableName } from './sink-table-names.js';
import { compareDecoded } from '../fidelity/compare-value.js';
import { sinkValueText } from '../fidelity/decode/sink-value.js';
import type { Decoded } from '../fidelity/decode/emitted-value.js';
import { clip } from '../fidelity/judge-sample.js';
import type { SourceColumn } from '../fidelity/source-columns.js';
import { sourceRowsByKey } from '../fidelity/source-rows.js';
import { changeNote } from '../fidelity/value-shape.js';

/** Where one table's rows are at the sink, and what the sink said when it refused some. */
export interface SinkTableRef {
  client: SinkClient;
  /** A PostgreSQL sink is read as the source is (`col::text` under the pinned settings): a pg client on the sink's database. */
  pgClient?: pg.Client;
  database: string;
  table: SinkTableName;
  rejected: number;
  /** Refused rows by sample hash, with the sink's message (up to 200 per table and subtask). */
  rejections: ReadonlyMap<bigint, string>;
}

/**
 * One table's fidelity through the sink: the rows the job kept for the connector's check (found by
 * their keys), read back from the sink, each column in canonical form beside the source's text, by
 * the same comparison (compare-value.ts). A row absent from the sink is missing, or sink-rejected
 * when the sink refused rows of the table.
 */
export async function judgeThroughSink(source: pg.Client, table: SourceTable, columns: SourceColumn[], sampled: { key: string[]; hash: bigint }[], at: SinkTableRef): Promise<SinkFidelityColumn[]> {
  const name = qualifiedName(table);
  const keyNames = table.key.map((k) => k.name);
  const sourceRows = await sourceRowsByKey(source, table.schema, table.name, table.key, columns, sampled.map((s) => s.key));
  const found = sampled.filter((s) => sourceRows.has(s.key.join('\u001f')));
  const sink = await sinkRows(at, keyNames, columns, found.map((s) => s.key));
  return columns.map((column) => {
    const judged: SinkFidelityColumn = { table: name, column: column.name, pgType: column.pgType, verdict: 'exact', compared: 0, nonNull: 0, ...(sink.types.has(column.name) ? { sinkType: sink.types.get(column.name)! } : {}) };
    for (const { key, hash } of found) {
      const id = key.join('\u001f');
      const sourceText = sourceRows.get(id)![column.name] ?? null;
      const row = sink.rows.get(id);
      if (!row) {
        const why = refusal(at, hash, columns);
        // A refused row is this column's news only when the sink's message names it, or names no column at all.
        if (why === undefined) worsen(judged, 'missing');
        else if (why.columns.length === 0 || why.columns.includes(column.name)) {
          worsen(judged, 'sink-rejected');
          judged.sinkRejection ??= clip(why.message, 300);
        }
        continue;
      }
      judged.compared++;
      if (sourceText !== null) judged.nonNull++;
      const { equal, shown } = compareDecoded(column, sourceText, row[column.name] ?? null);
      if (!equal && judged.verdict === 'exact') {
        judged.verdict = 'changed';
        judged.example = { key: clip(key.join(', ')), source: sourceText === null ? null : clip(sourceText), emitted: shown, change: changeNote(sourceText, shown) };
      }
    }
    return judged;
  });
}

/**
 * Why a sampled row is not at the sink: the sink refused it (its message, and the columns the
 * message names: MariaDB and MySQL name `db`.`table`.`column`, PostgreSQL `column "x"`), or
 * undefined: it is missing. A refused row beyond those the job remembered counts as refused when
 * the table had refusals, with no column named.
 */
function refusal(at: SinkTableRef, hash: bigint, columns: SourceColumn[]): { message: string; columns: string[] } | undefined {
  const message = at.rejections.get(hash);
  if (message === undefined) return at.rejected > at.rejections.size ? { message: [...at.rejections.values()][0] ?? 'refused by the sink', columns: [] } : undefined;
  const named = columns.filter((c) => message.includes(`.\`${c.name.replace(/`/g, '``')}\``) || message.includes(`column "${c.name}"`) || message.includes(`column '${c.name}'`)).map((c) => c.name);
  return { message, columns: named };
}

function worsen(c: SinkFidelityColumn, v: SinkVerdict): void {
  if (SINK_VERDICTS.indexOf(v) > SINK_VERDICTS.indexOf(c.verdict)) c.verdict = v;
}

/** The sink's rows by key, every column printed as PostgreSQL prints the source's type; and the sink's column types. */
async function sinkRows(at: SinkTableRef, keyNames: string[], columns: SourceColumn[], keys: string[][]): Promise<{ rows: Map<string, Record<string, Decoded>>; types: Map<string, string> }> {
  if (at.pgClient) {
    const schema = at.table.schema!;
    const { rows: typeRows } = await at.pgClient.query<{ name: string; type: string }>(
      'SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = (quote_ident($1) || \'.\' || quote_ident($2))::regclass AND attnum > 0 AND NOT attisdropped',
      [schema, at.table.name],
    );
    const types = new Map(typeRows.map((r) => [r.name, r.type]));
    // Key casts by the sink's own key types (an enum key is text there).
    const key = keyNames.map((k) => ({ name: k, type: types.get(k) ?? 'text' }));
    const rows = await sourceRowsByKey(at.pgClient, schema, at.table.name, key, columns, keys);
    return { rows, types };
  }
  const read = await mysqlRowsByKey(at.client, at.database, at.table, keyNames, keys);
  const rows = new Map<string, Record<string, Decoded>>();
  for (const [id, r] of read.rows) rows.set(id, Object.fromEntries(columns.map((c) => [c.name, sinkValueText(c.baseType, c.isArray, r[c.name] ?? null)])));
  return { rows, types: read.types };
}
