import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeDdl, logLines } from '../../src/ddl/ddl-outcome.js';
import { ddlSql, resolveDdlSteps, type AppliedStep, DdlError } from '../../src/ddl/ddl-runner.js';
import { ddlSchema } from '../../src/ddl/ddl-spec.js';
import { shapesFromAccumulators, type RowShapeSeen } from '../../src/engines/flink-cdc/stream-accumulators.js';

const tables = [
  { schema: 'app', name: 'orders', key: [{ name: 'id', type: 'bigint' }] },
  { schema: 'app', name: 'events', key: [{ name: 'id', type: 'bigint' }], partitions: ['events_p0', 'events_p1'] },
];
const steps = ddlSchema.parse([
  { at: { stream: 1 }, table: 'orders', alterType: { column: 'qty', type: 'bigint' } },
  { at: { snapshot: 0.5 }, table: 'app.orders', addColumn: { name: 'a "b"', type: 'int', default: '0' } },
  { at: { stream: 3 }, createTable: { name: 'orders_new', like: 'orders' } },
]);
const [retype, add, create] = resolveDdlSteps(steps, tables);
const shape = (kind: 'snapshot' | 'change', cols: string[], from: bigint, to: bigint, table = 'app.orders'): RowShapeSeen => ({
  table,
  kind,
  // `name type`, or `name|type` for a name with a space in it.
  columns: cols.map((c) => (c.includes('|') ? { name: c.split('|')[0]!, type: c.split('|')[1]! } : { name: c.split(' ')[0]!, type: c.split(' ').slice(1).join(' ') })),
  records: 10,
  firstMs: Number(from),
  lastMs: Number(to),
  ...(kind === 'change' ? { firstLsn: from, lastLsn: to } : {}),
});
const applied = (r: typeof retype, a: Partial<AppliedStep>): AppliedStep => ({ ...r!, sql: ddlSql(r!), appliedMs: 1000, ddlLsn: 500n, probeLsn: 510n, ...a });

test('steps are validated: exactly one action, a table for column actions, none for createTable', () => {
  assert.throws(() => ddlSchema.parse([{ at: { stream: 1 }, table: 't', dropColumn: 'c', renameColumn: { from: 'a', to: 'b' } }]), /exactly one of/);
  assert.throws(() => ddlSchema.parse([{ at: { stream: 1 }, dropColumn: 'c' }]), /dropColumn needs table/);
  assert.throws(() => ddlSchema.parse([{ at: { stream: 1 }, table: 't', createTable: { name: 'n', like: 't' } }]), /createTable takes no table/);
  assert.throws(() => ddlSchema.parse([{ at: { later: 1 }, table: 't', dropColumn: 'c' }]), /at: must be/);
});

test('a step finds its one captured table, quotes the names it builds into SQL, and refuses a table it does not find or a partition of a plain table', () => {
  assert.equal(add!.watched, 'app.orders');
  assert.equal(ddlSql(add!), 'ALTER TABLE "app"."orders" ADD COLUMN "a ""b""" int DEFAULT 0');
  assert.equal(create!.watched, 'app.orders_new');
  assert.throws(() => resolveDdlSteps(ddlSchema.parse([{ at: { stream: 1 }, table: 'nosuch', dropColumn: 'c' }]), tables), (e: Error) => e instanceof DdlError && /"nosuch" is not a table the run captures/.test(e.message));
  assert.throws(() => resolveDdlSteps(ddlSchema.parse([{ at: { stream: 1 }, table: 'app.*', dropColumn: 'c' }]), tables), /matches 2 captured tables/);
  assert.throws(() => resolveDdlSteps(ddlSchema.parse([{ at: { stream: 1 }, table: 'orders', addPartition: { name: 'p', bounds: 'x', probeKey: '1' } }]), tables), /not partitioned/);
});

test('a retype is judged by the shape in use at the DDL against the first one past it, also when the workload wrote in the new shape before the probe', () => {
  const shapes = [shape('snapshot', ['id int64', 'qty int32'], 0n, 400n), shape('change', ['id int64', 'qty int32'], 100n, 499n), shape('change', ['id int64', 'qty int64'], 505n, 900n)];
  const [o] = judgeDdl([applied(retype, {})], shapes, 0, { failed: false });
  assert.equal(o!.delivered, 'qty: int32 → int64');
  assert.equal(o!.changesAfter, 'arrived');
  assert.equal(o!.jobSurvived, true);
  assert.equal(o!.appliedSeconds, 1);
  // The connector kept the old schema: the old shape goes on past the DDL.
  const kept = judgeDdl([applied(retype, {})], [shape('change', ['id int64', 'qty int32'], 100n, 900n)], 0, { failed: false })[0]!;
  assert.match(kept.delivered, /still arrives as int32, as before the change to bigint/);
});

test('no change past the probe: none arrived, and a failed job is blamed on the last step it saw', () => {
  const shapes = [shape('change', ['id int64', 'qty int32'], 100n, 499n)];
  const [o] = judgeDdl([applied(retype, {})], shapes, 0, { failed: true, failure: 'DataException: boom' });
  assert.equal(o!.changesAfter, 'none');
  assert.equal(o!.jobSurvived, false);
  assert.match(o!.delivered, /the job failed \(DataException: boom\)/);
  const created = judgeDdl([applied(create, {})], shapes, 0, { failed: false })[0]!;
  assert.match(created.delivered, /never arrived: the job reads the tables it was started with/);
  const refused = judgeDdl([applied(retype, { error: 'column "qty" does not exist', appliedMs: undefined, ddlLsn: undefined, probeLsn: undefined })], shapes, 0, { failed: false })[0]!;
  assert.equal(refused.changesAfter, 'not-made');
  assert.match(refused.delivered, /the DDL failed on the source: column "qty" does not exist/);
});

test('a column added while the table was being snapshotted: its rows in each shape are counted', () => {
  const shapes = [shape('snapshot', ['id int64'], 0n, 1200n), shape('snapshot', ['id int64', 'a "b"|int32'], 1100n, 1500n), shape('change', ['id int64', 'a "b"|int32'], 505n, 900n)];
  const [o] = judgeDdl([applied(add, {})], shapes, 0, { failed: false });
  assert.match(o!.delivered, /^column a "b" arrives as int32; its snapshot rows came in 2 sets of columns \(10 with 1 columns, 10 with 2 columns\)$/);
});

test('log lines: failures, warnings about the table or a schema, and connector schema lines; not record dumps, split chatter, or another table\'s errors', () => {
  const log = [
    '2026-12-06 21:06:01,000 WARN  io.debezium.connector.postgresql.PostgresTaskContext [] - Connector has enabled automated replication slot removal',
    '2026-12-06 21:06:02,000 INFO  org.apache.flink.cdc.connectors.base.source.reader.IncrementalSourceRecordEmitter [] - Meet unknown element SourceRecord{topic=x.app.orders}',
    '2026-12-06 21:06:02,100 INFO  org.apache.flink.cdc.connectors.base.source.assigner.SplitAssigner [] - Assign split app.orders:3 schema',
    '2026-12-06 21:06:03,000 ERROR io.debezium.relational.TableSchemaBuilder [] - Failed to convert data value for \'app.items.total\' of type numeric',
    '2026-12-06 21:06:04,000 INFO  io.debezium.connector.postgresql.PostgresSchema [] - Refreshing schema of relation orders',
    '2026-12-06 21:06:05,000 WARN  org.apache.flink.runtime.taskmanager.Task [] - Source: x (1/1) switched from RUNNING to FAILED with failure cause: java.lang.IllegalStateException',
    '\tat some.Frame(Line.java:1)',
  ].join('\n');
  assert.deepEqual(logLines(log, ['orders'], ['app.items']), ['INFO PostgresSchema: Refreshing schema of relation orders', 'WARN Task: Source: x (1/1) switched from RUNNING to FAILED with failure cause: java.lang.IllegalStateException']);
});

test('shape accumulators: one entry per table, kind and shape, with its columns decoded and its WAL range', () => {
  const text = Buffer.from('id\u0001int64\u0000total\u0001bytes\u0001org.apache.kafka.connect.data.Decimal').toString('base64');
  const acc = [
    { name: 'shapeRecords:cab12:app.we:ird', value: '7' },
    { name: 'shapeFirstLsn:cab12:app.we:ird', value: '100' },
    { name: 'shapeLastLsn:cab12:app.we:ird', value: '900' },
    { name: 'shapeFirstMs:cab12:app.we:ird', value: '1700000000000' },
    { name: 'shapeText:cab12:app.we:ird', value: `[${text}, ${text}]` },
    { name: 'shapeRecords:rff:app.we:ird', value: '3' },
    { name: 'shapeFirstLsn:rff:app.we:ird', value: '9223372036854775807' },
    { name: 'records:app.we:ird', value: '3' },
  ];
  const [change, snapshot] = shapesFromAccumulators(acc).sort((a, b) => a.kind.localeCompare(b.kind));
  assert.deepEqual(change, { table: 'app.we:ird', kind: 'change', columns: [{ name: 'id', type: 'int64' }, { name: 'total', type: 'bytes org.apache.kafka.connect.data.Decimal' }], records: 7, firstLsn: 100n, lastLsn: 900n, firstMs: 1700000000000 });
  assert.deepEqual(snapshot, { table: 'app.we:ird', kind: 'snapshot', columns: [], records: 3 });
});
