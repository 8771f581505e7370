import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDecoded } from '../../src/fidelity/compare-value.js';
import { sinkValueText } from '../../src/fidelity/decode/sink-value.js';
import type { SourceColumn } from '../../src/fidelity/source-columns.js';

const column = (baseType: string, isArray = false): SourceColumn => ({ name: 'c', formatType: baseType, pgType: baseType, baseType, baseKind: 'b', isArray });
/** A MySQL sink cell against the source's canonical text, by the connector fidelity's comparison. */
const same = (baseType: string, source: string | null, cell: string | Buffer | null, isArray = false) => compareDecoded(column(baseType, isArray), source, sinkValueText(baseType, isArray, cell)).equal;

test('what MySQL prints is read as PostgreSQL prints the source type', () => {
  assert.ok(same('boolean', 't', '1'));
  assert.ok(same('boolean', 'f', '0'));
  assert.ok(same('timestamp without time zone', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05.500000'));
  assert.ok(same('timestamp without time zone', '2024-01-02 03:04:05', '2024-01-02 03:04:05.000000'));
  assert.ok(same('timestamp with time zone', '2024-01-02 03:04:05.123456+00', '2024-01-02 03:04:05.123456'));
  assert.ok(same('time without time zone', '12:00:00.25', '12:00:00.250000'));
  assert.ok(same('numeric', '1.5', '1.500000000000000000000000000000'));
  assert.ok(same('money', '$1,234.56', '1234.56'));
  assert.ok(same('real', '0.1', '0.1'));
  assert.ok(same('bytea', '\\xdeadbeef', Buffer.from('deadbeef', 'hex')));
  assert.ok(same('jsonb', '{"a": 1, "b": [true, null]}', '{"a":1,"b":[true,null]}'));
  assert.ok(same('character(10)', 'ab        ', 'ab'));
  assert.ok(same('integer', '{1,NULL,3}', '[1,null,3]', true));
  assert.ok(same('text', '{"a b",c}', '["a b","c"]', true));
  assert.ok(same('integer', '{{1,2},{3,4}}', '[[1,2],[3,4]]', true));
  assert.ok(same('text', null, null));
});

test('what MySQL changed is changed', () => {
  assert.ok(!same('numeric', '1.123456789012345678901234567890123', '1.123456789012345678901234567890'));
  assert.ok(!same('timestamp with time zone', '2024-01-02 03:04:05.123456+00', '2024-01-02 03:04:05.123000'));
  assert.ok(!same('interval', '1 mon', '2629800000000'));
  assert.ok(!same('integer', '{{1,2},{3,4}}', '[1,2,3,4]', true));
  assert.ok(!same('text', 'a', null));
  assert.ok(!same('double precision', 'NaN', '0'));
});

test('an interval kept as Debezium\'s microseconds prints as the connector\'s decoding prints it', () => {
  assert.equal(sinkValueText('interval', false, '90000000'), '00:01:30');
});
