import type pg from 'pg';
import type { SourceTable } from '../engines/source-table.js';
import type { SinkFidelityColumn, SinkVerdict } from '../model/run-result.js';
import { SINK_VERDICTS } from '../model/run-result.js';
import { qualifiedName } from '../sql/identifiers.js';
import type { SinkClient } from '../sink/sink-client.js';
import { mysqlRowsByKey } from '../sink/sink-rows.js';
import type { SinkTableName } from '../sink/sink-table-names.js';
import { compareDecoded } from './compare-value.js';
import { sinkValueText } from './decode/sink-value.js';
import type { Decoded } from './decode/emitted-value.js';
import { clip } from './judge-sample.js';
import type { SourceColumn } from './source-columns.js';
import { sourceRowsByKey } from './source-rows.js';
import { changeNote } from './value-shape.js';

/** Where one table's rows are at the sink, and what the sink said when it refused some. */
export interface SinkTableRef {
  client: SinkClient;
  /** A PostgreSQL sink is read as the source is (`col::text` under the pinned settings): a pg client on the sink's database. */
  pgClient?: pg.Client;
  database: string;
  table: SinkTableName;
  rejected: number;
  rejection?: string;
}

/**
 * One table's fidelity through the sink: the rows the job kept for the connector's check (found by
 * their keys), read back from the sink, each column in canonical form beside the source's text, by
 * the same comparison (compare-value.ts). A row absent from the sink is missing, or sink-rejected
 * when the sink refused rows of the table.
 */
export async function judgeThroughSink(source: pg.Client, table: SourceTable, columns: SourceColumn[], keys: string[][], at: SinkTableRef): Promise<SinkFidelityColumn[]> {
  const name = qualifiedName(table);
  const keyNames = table.key.map((k) => k.name);
  const sourceRows = await sourceRowsByKey(source, table.schema, table.name, table.key, columns, keys);
  const found = keys.filter((k) => sourceRows.has(k.join('\u001f')));
  const sink = await sinkRows(at, keyNames, columns, found);
  const absent: SinkVerdict = at.rejected > 0 ? 'sink-rejected' : 'missing';
  return columns.map((column) => {
    const judged: SinkFidelityColumn = { table: name, column: column.name, pgType: column.pgType, verdict: 'exact', compared: 0, nonNull: 0, ...(sink.types.has(column.name) ? { sinkType: sink.types.get(column.name)! } : {}) };
    for (const key of found) {
      const id = key.join('\u001f');
      const sourceText = sourceRows.get(id)![column.name] ?? null;
      const row = sink.rows.get(id);
      if (!row) {
        worsen(judged, absent);
        if (absent === 'sink-rejected' && at.rejection) judged.sinkRejection = clip(at.rejection, 300);
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
