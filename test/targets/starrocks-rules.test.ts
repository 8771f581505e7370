import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnVerdicts, connectorVerdict, pipelineVerdict } from '../../src/targets/starrocks/column-verdict.js';
import type { SourceColumn } from '../../src/targets/starrocks/source-column.js';
import { starRocksTarget, versionsWithoutRules } from '../../src/targets/starrocks/target-report.js';

/** numeric(p,s)'s atttypmod. */
const numericMod = (p: number, s: number) => ((p << 16) | s) + 4;

const col = (typname: string, extra: Partial<SourceColumn> = {}): SourceColumn => ({ table: 'public.t', name: 'c', declared: typname, typname, typtype: 'b', typmod: -1, key: false, notNull: false, ...extra });
const array = (elem: string): SourceColumn => col(`_${elem}`, { declared: `${elem}[]`, element: { typname: elem, typtype: 'b' } });

test('numeric without a precision, or wider than 38 digits, becomes DECIMAL(38,0) in the pipeline: the scale is lost', () => {
  for (const c of [col('numeric'), col('numeric', { typmod: numericMod(60, 20), declared: 'numeric(60,20)' })]) {
    const v = pipelineVerdict(c, '3.5.0');
    assert.equal(v.starRocksType, 'DECIMAL(38,0)');
    assert.equal(v.verdict, 'changed');
    assert.match(v.note!, /after the point is lost/);
  }
  assert.deepEqual(pick(pipelineVerdict(col('numeric', { typmod: numericMod(12, 2) }), '3.5.0')), ['DECIMAL(12,2)', 'kept']);
  assert.deepEqual(pick(pipelineVerdict(col('numeric', { typmod: numericMod(38, 10) }), '3.6.0')), ['DECIMAL(38,10)', 'kept'], '38 digits still fit');
});

test('a DECIMAL key becomes VARCHAR with room for sign and point; a char key VARCHAR', () => {
  assert.equal(pipelineVerdict(col('numeric', { typmod: numericMod(10, 2), key: true }), '3.5.0').starRocksType, 'VARCHAR(12)');
  assert.equal(pipelineVerdict(col('numeric', { typmod: numericMod(10, 0), key: true }), '3.5.0').starRocksType, 'VARCHAR(11)');
  assert.equal(pipelineVerdict(col('bpchar', { typmod: 14, key: true }), '3.5.0').starRocksType, 'VARCHAR(30)');
});

test('time: the 3.5.0 sink fails on it; 3.6.0 writes text and loses the microseconds', () => {
  const time = col('time');
  assert.equal(pipelineVerdict(time, '3.5.0').verdict, 'fails');
  const v36 = pipelineVerdict(time, '3.6.0');
  assert.deepEqual(pick(v36), ['VARCHAR(15)', 'changed']);
  assert.match(v36.note!, /microseconds are lost/);
  assert.equal(pipelineVerdict(col('time', { typmod: 0 }), '3.6.0').starRocksType, 'VARCHAR(8)');
});

test('timetz fails the source; timestamptz fails the 3.5 and 3.6 sink; the connector route takes both', () => {
  for (const v of ['3.5.0', '3.6.0'] as const) {
    const timetz = pipelineVerdict(col('timetz'), v);
    assert.equal(timetz.verdict, 'fails');
    assert.equal(timetz.cdcType, undefined, 'it never gets a Flink CDC type');
    assert.match(timetz.note!, /pipeline source does not support/);
    const tz = pipelineVerdict(col('timestamptz'), v);
    assert.equal(tz.verdict, 'fails');
    assert.equal(tz.cdcType, 'TIMESTAMP_TZ(6)');
    assert.match(tz.note!, /zoned timestamp/);
  }
  assert.equal(connectorVerdict(col('timetz')).verdict, 'changed');
  assert.equal(connectorVerdict(col('timestamptz')).starRocksType, 'DATETIME');
});

test('arrays fail the pipeline sink but not the StarRocks Flink connector', () => {
  const ints = array('int4');
  for (const v of ['3.5.0', '3.6.0'] as const) {
    const p = pipelineVerdict(ints, v);
    assert.equal(p.cdcType, 'ARRAY<INT>');
    assert.equal(p.verdict, 'fails');
  }
  assert.deepEqual(pick(connectorVerdict(ints)), ['ARRAY<INT>', 'kept']);
  // uuid[] reaches the sink only from 3.6.0 on (UUID_ARRAY joined the STRING array case); before, the source stops.
  assert.match(pipelineVerdict(array('uuid'), '3.5.0').note!, /pipeline source does not support/);
  assert.match(pipelineVerdict(array('uuid'), '3.6.0').note!, /no ARRAY mapping/);
  assert.match(pipelineVerdict(array('jsonb'), '3.6.0').note!, /pipeline source does not support/);
});

test('json and jsonb become VARCHAR in the pipeline, JSON on the connector route', () => {
  for (const t of ['json', 'jsonb']) {
    assert.deepEqual(pick(pipelineVerdict(col(t), '3.5.0')), ['VARCHAR(1048576)', 'changed']);
    assert.equal(connectorVerdict(col(t)).starRocksType, 'JSON');
  }
});

test('char(n) and varchar(n) lengths are multiplied by 3 for UTF-8 bytes; CHAR only up to 255 bytes', () => {
  assert.equal(pipelineVerdict(col('bpchar', { typmod: 14 }), '3.5.0').starRocksType, 'CHAR(30)');
  assert.equal(pipelineVerdict(col('bpchar', { typmod: 104 }), '3.5.0').starRocksType, 'VARCHAR(300)');
  assert.equal(pipelineVerdict(col('varchar', { typmod: 44 }), '3.5.0').starRocksType, 'VARCHAR(120)');
  assert.equal(pipelineVerdict(col('varchar'), '3.5.0').starRocksType, 'VARCHAR(1048576)', 'capped at 1 MiB');
});

test('bytea and bit strings: the 3.5.0 sink fails, 3.6.0 creates VARBINARY', () => {
  assert.equal(pipelineVerdict(col('bytea'), '3.5.0').verdict, 'fails');
  assert.deepEqual(pick(pipelineVerdict(col('bytea'), '3.6.0')), ['VARBINARY(1048576)', 'changed']);
  assert.deepEqual(pick(pipelineVerdict(col('bit', { typmod: 1 }), '3.5.0')), ['BOOLEAN', 'kept']);
  assert.deepEqual(pick(pipelineVerdict(col('bit', { typmod: 8 }), '3.6.0')), ['VARBINARY(8)', 'changed']);
});

test('enums, ranges and other text-like types become VARCHAR; composites and unknown types stop the source', () => {
  assert.equal(pipelineVerdict(col('mood', { typtype: 'e' }), '3.5.0').starRocksType, 'VARCHAR(1048576)');
  assert.equal(pipelineVerdict(col('int4range', { typtype: 'r' }), '3.5.0').starRocksType, 'VARCHAR(1048576)');
  assert.equal(pipelineVerdict(col('floatrange', { typtype: 'r' }), '3.5.0').verdict, 'fails', 'a user-defined range has no case');
  assert.equal(pipelineVerdict(col('address', { typtype: 'c' }), '3.5.0').verdict, 'fails');
  assert.equal(connectorVerdict(col('address', { typtype: 'c' })).verdict, 'fails');
  assert.equal(pipelineVerdict(col('tsvector'), '3.5.0').verdict, 'fails');
});

test('the connector route follows what the DataStream source was measured to emit (tricky-types, Flink CDC 3.5.0)', () => {
  assert.equal(connectorVerdict(col('tsvector')).verdict, 'fails', 'measured: dropped from the record');
  assert.match(connectorVerdict(col('time')).note!, /microseconds are lost/);
  assert.match(connectorVerdict(col('varbit')).note!, /leading zero bits/);
  assert.deepEqual(pick(connectorVerdict(col('bit', { typmod: 12 }))), ['VARBINARY(1048576)', 'changed']);
  assert.deepEqual(pick(connectorVerdict(col('int8range', { typtype: 'r' }))), ['VARCHAR(1048576)', 'kept']);
});

test('every pipeline rule names its files and tags; only the sink half of checked types carries a jar', () => {
  const v = pipelineVerdict(col('int4'), '3.5.0');
  assert.equal(v.sources.length, 2);
  assert.match(v.sources[0]!.file, /PostgresTypeUtils\.java$/);
  assert.equal(v.sources[0]!.tag, 'release-3.5.0');
  assert.equal(v.sources[0]!.checkedAgainst, undefined, 'no PostgreSQL pipeline jar is served');
  assert.match(v.sources[1]!.file, /StarRocksUtils\.java$/);
  assert.match(v.sources[1]!.checkedAgainst!, /flink-cdc-pipeline-connector-starrocks:3\.2\.0/);
  assert.equal(pipelineVerdict(col('time'), '3.6.0').sources[1]!.checkedAgainst, undefined, 'TIME was added in 3.6.0: not in the 3.2.0 jar');
});

test('versions: 3.4.0 has no pipeline from PostgreSQL (the connector route only); unknown versions are refused', () => {
  assert.deepEqual(columnVerdicts(col('int4'), ['3.4.0']).map((v) => v.route), ['connector']);
  assert.deepEqual(columnVerdicts(col('int4'), ['3.5.0', '3.6.0']).map((v) => v.route), ['pipeline 3.5.0', 'pipeline 3.6.0', 'connector']);
  assert.equal(versionsWithoutRules(['3.4.0', '3.5.0']), undefined);
  assert.match(versionsWithoutRules(['3.9.9'])!, /no StarRocks type rules for Flink CDC 3\.9\.9/);
  assert.throws(() => starRocksTarget([], ['3.9.9']), /3\.9\.9/);
});

test('a table without a primary key is named: StarRocks routes here create primary-key tables only', () => {
  const t = starRocksTarget([col('int4', { table: 'public.keyed', key: true }), col('int4', { table: 'public.heap' })], ['3.5.0']);
  assert.deepEqual(t.tablesWithoutKey, ['public.heap']);
  assert.deepEqual(t.withoutPipeline, []);
});

function pick(v: { starRocksType?: string; verdict: string }): [string | undefined, string] {
  return [v.starRocksType, v.verdict];
}
