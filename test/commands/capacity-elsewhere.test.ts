import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { capacityMeasuredElsewhere, connectorCapacity } from '../../src/commands/estimate.js';
import { runResultSchema } from '../../src/model/run-result.js';
import { streamCapacityResultSchema, type StreamCapacityResult } from '../../src/model/stream-capacity.js';

const recorded = streamCapacityResultSchema.parse(JSON.parse(readFileSync('test/fixtures/stream-capacity-live-writes.json', 'utf8')));
const calibration = runResultSchema.parse(JSON.parse(readFileSync('test/fixtures/calibrations/crm-1605/result.json', 'utf8')));
const server = calibration.source?.kind === 'existing' ? calibration.source : undefined;
const at = (source: StreamCapacityResult['source']): StreamCapacityResult => ({ ...recorded, ...(source ? { source } : {}) });
const capacity = connectorCapacity(recorded)!.capacity;

test('a capacity measured on the embedded server is said to be that server\'s, with the ratio that carries over', () => {
  const line = capacityMeasuredElsewhere(at({ provider: 'embedded', server: '127.0.0.1:40999', database: 'cdcsizer', postgres: '18.4', scale: 1 }), [calibration], capacity);
  assert.ok(server, 'the recorded calibration is of an existing database');
  assert.equal(
    line,
    `the stream reader's capacity (21,091 changes/s) was measured on the embedded PostgreSQL 18.4 that cdc-sizer ran on the measuring machine (scenario live-writes at scale 1), not on the calibration's server ${server.server} ("${server.database}"): that figure belongs to that server and machine, and the whole-sync estimate uses it as it is. What carries over is the ratio: there the connector's stream reader read a backlog at 56 % of the stream ceiling's rate (a bare pgoutput consumer of its own slot: 37,507 changes/s); expect about that share of what one slot delivers on your server, whose ceiling was not measured. To measure it on your server: stream-capacity SCENARIO --pg-url … (it creates the scenario's tables there and writes to them)`,
  );
});

test('measured on the calibration\'s own server, or where the result does not say: nothing to say', () => {
  assert.equal(capacityMeasuredElsewhere(at({ provider: 'external', server: server!.server, database: server!.database, postgres: '18.4', scale: 1 }), [calibration], capacity), undefined);
  assert.equal(capacityMeasuredElsewhere(at(undefined), [calibration], capacity), undefined);
});

test('another external server is named; without the ceiling beside the connector, the ratio is said to be missing', () => {
  const connectorOnly = { ...at({ provider: 'external', server: 'db2:5432', database: 'lab', postgres: '16.2', scale: 4 }), engines: recorded.engines.filter((e) => e.engine === 'flink-cdc') };
  const { connectorShare: _, ...withoutShare } = connectorOnly;
  const line = capacityMeasuredElsewhere(withoutShare, [calibration], capacity)!;
  assert.match(line, /was measured on PostgreSQL 16\.2 at db2:5432, database "lab" \(scenario live-writes\), not on the calibration's server/);
  assert.match(line, /What carries over is the connector's share of the stream ceiling, which this result did not measure \(stream-capacity --engine both measures it\)\./);
});
