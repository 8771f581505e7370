import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { BUILDER_METHODS } from '../../src/tune/builder-options.js';
import { configSnippets } from '../../src/tune/config-snippets.js';

const winner = { parallelism: 2, jobs: 1, chunkSize: 32768, options: { 'debezium.poll.interval.ms': '20', 'debezium.snapshot.fetch.size': '65536', 'scan.incremental.snapshot.backfill.skip': 'true' } };
const src = { hostname: 'db.internal', port: 5433, database: "o'reilly", username: 'cdc', tables: ['app.orders', 'app.order_items'] };

test('the pipeline YAML parses back to the winner: source options and pipeline.parallelism', () => {
  const y = parse(configSnippets(winner, src).pipelineYaml) as { source: Record<string, unknown>; pipeline: { parallelism: number } };
  assert.equal(y.pipeline.parallelism, 2);
  assert.equal(y.source['type'], 'postgres');
  assert.equal(y.source['scan.incremental.snapshot.chunk.size'], '32768');
  assert.equal(y.source['debezium.poll.interval.ms'], '20');
  assert.equal(y.source['scan.incremental.snapshot.backfill.skip'], 'true');
  assert.equal(y.source['port'], 5433);
  assert.doesNotMatch(JSON.stringify(y), /secret|hunter2/);
});

test("the Flink SQL WITH clause parses back, quotes doubled, and sets the job's parallelism", () => {
  const sql = configSnippets(winner, src).flinkSql;
  const pairs = new Map([...sql.matchAll(/^\s*'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)',?$/gm)].map((m) => [m[1]!.replace(/''/g, "'"), m[2]!.replace(/''/g, "'")]));
  assert.equal(pairs.get('connector'), 'postgres-cdc');
  assert.equal(pairs.get('database-name'), "o'reilly");
  assert.equal(pairs.get('scan.incremental.snapshot.chunk.size'), '32768');
  assert.equal(pairs.get('debezium.snapshot.fetch.size'), '65536');
  assert.equal(pairs.get('decoding.plugin.name'), 'pgoutput');
  assert.match(sql, /^SET 'parallelism\.default' = '2';/m);
});

test('the DataStream snippet calls the builder method of each option and puts debezium.* in Properties', () => {
  const java = configSnippets(winner, src).dataStream;
  assert.match(java, /\.splitSize\(32768\)/);
  assert.match(java, /\.skipSnapshotBackfill\(true\)/);
  assert.match(java, /debezium\.setProperty\("poll\.interval\.ms", "20"\);/);
  assert.match(java, /debezium\.setProperty\("snapshot\.fetch\.size", "65536"\);/);
  assert.match(java, /\.setParallelism\(2\);/);
  assert.doesNotMatch(java, /\.debezium\.poll/);
});

test('the builder options known here are the ones the job accepts (SourceOptions.java)', () => {
  const java = readFileSync('flink-job/job/src/main/java/dev/cdcsizer/job/SourceOptions.java', 'utf8');
  const constants = Object.fromEntries([...java.matchAll(/static final String (\w+) = "([^"]+)";/g)].map((m) => [m[1]!, m[2]!]));
  const declared = Object.fromEntries([...java.matchAll(/option\(\s*(?:"([^"]+)"|(\w+)),\s*"(\w+)"/g)].map((m) => [m[1] ?? constants[m[2]!]!, m[3]!]));
  assert.deepEqual(declared, BUILDER_METHODS);
});
