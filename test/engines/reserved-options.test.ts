import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESERVED_OPTIONS, reservedOption, reservedOptionMessage } from '../../src/engines/flink-cdc/reserved-options.js';

/** Every spelling the table names: Flink CDC's option, the `debezium.` property, and the property without its prefix. */
const reservedSpellings = (): string[] =>
  RESERVED_OPTIONS.flatMap((r) => [...r.options, ...r.debezium.flatMap((d) => [`debezium.${d}`, d])]);

test('every reserved key is refused in each of its spellings, with its reason', () => {
  for (const r of RESERVED_OPTIONS) {
    for (const key of [...r.options, ...r.debezium.map((d) => `debezium.${d}`), ...r.debezium]) {
      assert.equal(reservedOption(key)?.reason, r.reason, key);
      assert.equal(reservedOption(key.toUpperCase())?.reason, r.reason, `${key} in capitals`);
      assert.equal(reservedOption(` ${key} `)?.reason, r.reason, `${key} with blanks`);
    }
  }
  assert.ok(reservedSpellings().length > 40);
});

test('the options the issue names are all reserved, both as options and as debezium.* properties', () => {
  for (const key of [
    'slot.name', 'debezium.slot.name', 'debezium.publication.name', 'debezium.publication.autocreate.mode',
    'decoding.plugin.name', 'debezium.plugin.name', 'scan.startup.mode', 'debezium.snapshot.mode',
    'hostname', 'port', 'database-name', 'username', 'password',
    'debezium.database.hostname', 'debezium.database.port', 'debezium.database.dbname', 'debezium.database.user', 'debezium.database.password',
    'table-name', 'schema-name', 'debezium.table.include.list', 'debezium.table.exclude.list', 'debezium.schema.include.list', 'debezium.schema.exclude.list',
    'debezium.slot.drop.on.stop', 'scan.incremental.snapshot.chunk.size',
  ]) assert.ok(reservedOption(key), key);
});

test('prefixed families are reserved whole: any debezium.database.*, any snapshot.mode.*', () => {
  for (const key of ['debezium.database.sslmode', 'debezium.database.initial.statements', 'debezium.database.tcpKeepAlive', 'debezium.snapshot.mode.custom.name', 'debezium.snapshot.mode.configuration.based.snapshot.data']) assert.ok(reservedOption(key), key);
});

test('tuning options stay allowed', () => {
  for (const key of [
    'debezium.poll.interval.ms', 'debezium.max.batch.size', 'debezium.max.queue.size', 'debezium.snapshot.fetch.size', 'debezium.slot.max.retries',
    'scan.snapshot.fetch.size', 'heartbeat.interval.ms', 'connect.timeout', 'connection.pool.size',
    'scan.lsn-commit.checkpoints-num-delay', 'scan.incremental.snapshot.backfill.skip', 'scan.incremental.close-idle-reader.enabled',
    'chunk-meta.group.size', 'server-time-zone', 'scan.include-partitioned-tables.enabled',
    // Near misses of reserved names are other options.
    'debezium.databases', 'debezium.slotname', 'debezium.publication.names.extra.x', 'snapshot.mode_x',
  ]) assert.equal(reservedOption(key), undefined, key);
});

test('the message names the flag, the option as given and why', () => {
  assert.equal(reservedOptionMessage('debezium.poll.interval.ms', '--source-option'), undefined);
  const m = reservedOptionMessage('debezium.publication.name', '--source-option')!;
  assert.match(m, /^--source-option debezium\.publication\.name cannot be set: the run names its own publication/);
  assert.match(m, /ALTER PUBLICATION/);
  assert.doesNotMatch(m, /\n/);
  assert.match(reservedOptionMessage('password', '--option-set')!, /PGPASSWORD or ~\/\.pgpass/);
});
