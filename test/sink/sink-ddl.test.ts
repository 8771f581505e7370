import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mysqlCollation, mysqlColumnType, mysqlCreateTable, mysqlTableSpec } from '../../src/sink/ddl/mysql-table.js';
import { postgresColumnType, postgresCreateTable, postgresTableSpec } from '../../src/sink/ddl/postgres-table.js';
import { defaultStarRocksType, starrocksCreateTable, starrocksTableSpec } from '../../src/sink/ddl/starrocks-table.js';
import type { SinkSourceColumn } from '../../src/sink/ddl/sink-column.js';

const col = (formatType: string, extra: Partial<SinkSourceColumn> = {}): SinkSourceColumn => ({ name: 'c', formatType, pgType: formatType, baseType: formatType, baseKind: 'b', isArray: false, ...extra });

test('PostgreSQL → MySQL: each type family', () => {
  const cases: [SinkSourceColumn, string][] = [
    [col('smallint'), 'SMALLINT'], [col('integer'), 'INT'], [col('bigint'), 'BIGINT'],
    [col('numeric(12,2)'), 'DECIMAL(12,2)'], [col('numeric'), 'DECIMAL(65,30)'], [col('numeric(70,40)'), 'DECIMAL(65,30)'], [col('numeric(60,20)'), 'DECIMAL(60,20)'],
    [col('real'), 'FLOAT'], [col('double precision'), 'DOUBLE'], [col('money'), 'DECIMAL(19,2)'], [col('boolean'), 'BOOLEAN'],
    [col('bit(1)'), 'BOOLEAN'], [col('bit(8)'), 'VARCHAR(8)'], [col('bit varying(20)'), 'VARCHAR(20)'],
    [col('character(10)'), 'CHAR(10)'], [col('character varying(40)'), 'VARCHAR(40)'], [col('text'), 'LONGTEXT'], [col('bytea'), 'LONGBLOB'],
    [col('date'), 'DATE'], [col('timestamp without time zone'), 'DATETIME(6)'], [col('timestamp(3) with time zone'), 'DATETIME(6)'],
    [col('time without time zone'), 'TIME(6)'], [col('time with time zone'), 'VARCHAR(32)'], [col('interval'), 'BIGINT'],
    [col('uuid'), 'CHAR(36)'], [col('jsonb'), 'JSON'], [col('hstore'), 'JSON'], [col('inet'), 'VARCHAR(64)'], [col('point'), 'VARCHAR(128)'],
    [col('integer[]', { baseType: 'integer', isArray: true }), 'JSON'], [col('mood', { pgType: 'enum', baseKind: 'e' }), 'VARCHAR(255)'],
    [col('address', { pgType: 'composite', baseKind: 'c' }), 'LONGTEXT'], [col('email', { pgType: 'domain over text', baseType: 'text' }), 'LONGTEXT'],
    [col('tsvector'), 'LONGTEXT'],
  ];
  for (const [c, want] of cases) assert.equal(mysqlColumnType(c), want, c.formatType);
});

test('MySQL key columns are indexable: text, json and bytea keys take bounded types', () => {
  assert.equal(mysqlColumnType(col('text'), true), 'VARCHAR(768)');
  assert.equal(mysqlColumnType(col('bytea'), true), 'VARBINARY(3072)');
  assert.equal(mysqlColumnType(col('bigint'), true), 'BIGINT');
});

test('MySQL DDL with odd names: backticks doubled, binary no-pad collation, key NOT NULL', () => {
  const spec = mysqlTableSpec([col('text', { name: 'Key `1`' }), col('jsonb', { name: 'dätä "x"' })], ['Key `1`']);
  assert.equal(
    mysqlCreateTable('cdcsizer_ab12cd', 'Sales EU.Order `Items`', spec, mysqlCollation('10.11.19-MariaDB-0+deb12u1')),
    'CREATE TABLE `cdcsizer_ab12cd`.`Sales EU.Order ``Items``` (\n  `Key ``1``` VARCHAR(768) NOT NULL,\n  `dätä "x"` JSON,\n  PRIMARY KEY (`Key ``1```)\n) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin',
  );
  assert.equal(mysqlCollation('8.0.36'), 'utf8mb4_0900_bin');
  assert.equal(mysqlCollation('5.7.44-log'), 'utf8mb4_bin');
  assert.throws(() => mysqlTableSpec([col('text', { name: 'ends in space ' })], []), /cannot be a MySQL column name/);
});

test('PostgreSQL → PostgreSQL: the same type; user and extension types become what they hold', () => {
  assert.equal(postgresColumnType(col('numeric(60,20)')), 'numeric(60,20)');
  assert.equal(postgresColumnType(col('timestamp(3) with time zone')), 'timestamp(3) with time zone');
  assert.equal(postgresColumnType(col('integer[]', { baseType: 'integer', isArray: true })), 'integer[]');
  assert.equal(postgresColumnType(col('mood', { pgType: 'enum', baseKind: 'e' })), 'text');
  assert.equal(postgresColumnType(col('mood[]', { pgType: 'enum[]', baseType: 'mood', baseKind: 'e', isArray: true })), 'text[]');
  assert.equal(postgresColumnType(col('email', { pgType: 'domain over text', baseType: 'text' })), 'text');
  assert.equal(postgresColumnType(col('hstore')), 'text');
  assert.equal(postgresColumnType(col('int4range')), 'int4range');
  const spec = postgresTableSpec([col('bigint', { name: 'Id' }), col('text', { name: 'näme "q"' })], ['Id']);
  assert.equal(postgresCreateTable('Sales EU', 'Order "Items"', spec), 'CREATE TABLE "Sales EU"."Order ""Items""" (\n  "Id" bigint NOT NULL,\n  "näme ""q""" text,\n  PRIMARY KEY ("Id")\n)');
});

test('StarRocks: key columns first, the mapper decides types, primary-key table hashed by the key', () => {
  const columns = [col('text', { name: 'note' }), col('bigint', { name: 'id' }), col('numeric', { name: 'n' }), col('integer[]', { name: 'a', baseType: 'integer', isArray: true })];
  const spec = starrocksTableSpec(columns, ['id']);
  assert.deepEqual(spec.columns.map((c) => `${c.name} ${c.sinkType}`), ['id BIGINT', 'note VARCHAR(1048576)', 'n DECIMAL(38,0)', 'a ARRAY<INT>']);
  assert.equal(
    starrocksCreateTable('cdcsizer_ab12cd', 'public__t', spec, 5),
    'CREATE TABLE `cdcsizer_ab12cd`.`public__t` (\n  `id` BIGINT NOT NULL,\n  `note` VARCHAR(1048576),\n  `n` DECIMAL(38,0),\n  `a` ARRAY<INT>\n) PRIMARY KEY (`id`)\nDISTRIBUTED BY HASH(`id`)\nPROPERTIES ("replication_num" = "3")',
  );
  const mapped = starrocksTableSpec(columns, ['id'], (c) => (c.name === 'note' ? 'STRING' : defaultStarRocksType(c)));
  assert.equal(mapped.columns[1]!.sinkType, 'STRING');
  assert.equal(defaultStarRocksType(col('character varying(40)')), 'VARCHAR(120)');
  assert.equal(defaultStarRocksType(col('numeric(12,2)')), 'DECIMAL(12,2)');
  assert.equal(defaultStarRocksType(col('timestamp with time zone')), 'DATETIME');
});
