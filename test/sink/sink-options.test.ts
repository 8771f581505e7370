import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSinkOptions, SinkOptionError } from '../../src/sink/sink-options.js';

test('jdbc takes its two buffer options as positive whole numbers', () => {
  assert.deepEqual(parseSinkOptions('jdbc', ['sink.buffer-flush.max-rows=5000', 'sink.buffer-flush.interval-ms = 200']), { 'sink.buffer-flush.max-rows': '5000', 'sink.buffer-flush.interval-ms': '200' });
  assert.throws(() => parseSinkOptions('jdbc', ['sink.buffer-flush.max-rows=0']), (e: Error) => e instanceof SinkOptionError && /positive whole number/.test(e.message));
  assert.throws(() => parseSinkOptions('jdbc', ['sink.buffer-flush.max-bytes=1']), /not an option of the jdbc sink/);
  assert.throws(() => parseSinkOptions('jdbc', ['novalue']), /needs key=value/);
});

test('starrocks takes the connector\'s buffer, timeout and Stream Load options, not where or how it writes', () => {
  assert.deepEqual(parseSinkOptions('starrocks', ['sink.buffer-flush.interval-ms=30000', 'sink.buffer-flush.max-bytes=157286400', 'sink.properties.timeout=600']), {
    'sink.buffer-flush.interval-ms': '30000',
    'sink.buffer-flush.max-bytes': '157286400',
    'sink.properties.timeout': '600',
  });
  for (const refused of ['load-url=x:1', 'database-name=d', 'sink.properties.format=csv', 'sink.semantic=exactly-once']) assert.throws(() => parseSinkOptions('starrocks', [refused]), /not an option of the starrocks sink/, refused);
});
