import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamCapacityResultSchema } from '../../src/model/stream-capacity.js';
import { embeddedCliState } from '../support/cli.js';

const { cli, leftovers } = embeddedCliState('cdc-sizer-stream-capacity-');

test('a short search with the stream ceiling: rates stepped up, a backlog drained, nothing left behind', async () => {
  const r = cli('stream-capacity', 'scenarios/live-writes.yaml', '--engine', 'stream-ceiling', '--step-seconds', '2', '--start-rate', '200', '--max-rate', '400', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = streamCapacityResultSchema.parse(JSON.parse(r.stdout));
  const [ceiling] = result.engines;
  assert.equal(ceiling!.engine, 'stream-ceiling');
  assert.deepEqual(ceiling!.steps.map((s) => s.askedPerSecond), [200, 400]);
  assert.ok(ceiling!.steps.every((s) => s.keptUp), JSON.stringify(ceiling!.steps));
  assert.equal(ceiling!.bound, 'max-rate');
  assert.ok(ceiling!.drain!.backlogChanges > 100 && ceiling!.drain!.changesPerSecond! > 400, JSON.stringify(ceiling!.drain));
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
});

test('a scenario without a workload, or a bad engine, is refused in one line', () => {
  const r = cli('stream-capacity', 'scenarios/smoke.yaml', '--engine', 'stream-ceiling');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give the scenario a workload: section, or pass --workload FILE/);
  assert.equal(cli('stream-capacity', 'scenarios/live-writes.yaml', '--engine', 'nope').status, 2);
});
