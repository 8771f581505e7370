import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SinkFidelity, SinkFidelityColumn } from '../../src/model/run-result.js';
import { sinkCellText, sinkFidelityTable } from '../../src/report/run-summary/sink-tables.js';

const col = (table: string, column: string, pgType: string, verdict: SinkFidelityColumn['verdict'], extra: Partial<SinkFidelityColumn> = {}): SinkFidelityColumn => ({ table, column, pgType, verdict, compared: 20, nonNull: 20, ...extra });

test('a cell says the sink types, then every verdict worst first, with its evidence', () => {
  assert.equal(sinkCellText([col('public.a', 'x', 'numeric', 'exact', { sinkType: 'decimal(65,30)' })]), 'decimal(65,30): exact');
  assert.equal(
    sinkCellText([
      col('public.a', 'x', 'numeric', 'exact', { sinkType: 'decimal(65,30)' }),
      col('public.b', 'y', 'numeric', 'changed', { sinkType: 'decimal(65,30)', example: { key: '1', source: '1.123456789012345678901234567890123', emitted: '1.123456789012345678901234567890' } }),
      col('public.c', 'z', 'numeric', 'sink-rejected', { sinkType: 'decimal(65,30)', sinkRejection: "Out of range value for column 'z' at row 1" }),
      col('public.d', 'w', 'numeric', 'missing', { sinkType: 'decimal(65,30)' }),
      col('public.e', 'v', 'numeric', 'job-failed'),
    ]),
    "decimal(65,30): job failed 1: public.e; sink rejected 1: Out of range value for column 'z' at row 1; missing 1; changed 1: 1.123456789012345678901234567890123 → 1.123456789012345678901234567890; exact 1 (of 5 columns)",
  );
  assert.equal(sinkCellText([]), '—');
});

test('the matrix: one row per PostgreSQL type, one column per sink and connector version', () => {
  const f: SinkFidelity[] = [
    { sink: 'mysql (10.11.19-MariaDB) at mysql://root@127.0.0.1:3306', connectorVersion: '3.5.0', sampledRows: 20, columns: [col('public.a', 'x', 'real', 'exact', { sinkType: 'float' }), col('public.a', 'y', 'bigint', 'exact', { sinkType: 'bigint(20)' })] },
    { sink: 'postgres (PostgreSQL 15.20) at postgres://postgres@127.0.0.1:5432', connectorVersion: '3.5.0', sampledRows: 20, columns: [col('public.a', 'x', 'real', 'sink-rejected', { sinkType: 'real' })] },
  ];
  const t = sinkFidelityTable(f);
  assert.deepEqual(t.columns, ['PostgreSQL type', 'mysql (10.11.19-MariaDB) at mysql://root@127.0.0.1:3306, Flink CDC 3.5.0', 'postgres (PostgreSQL 15.20) at postgres://postgres@127.0.0.1:5432, Flink CDC 3.5.0']);
  assert.deepEqual(t.rows, [['bigint', 'bigint(20): exact', '—'], ['real', 'float: exact', 'real: sink rejected 1 (of 1 column)']]);
});
