import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownerGone, removeStackCommand, stackLabels } from '../../../src/infra/testcontainers/stack-labels.js';

test('a stack is a leftover only when its process on this machine has ended', () => {
  const labels = stackLabels('r1', 4242, 'here');
  assert.equal(ownerGone(labels, 'here', () => false), true);
  assert.equal(ownerGone(labels, 'here', () => true), false, 'its process still runs');
  assert.equal(ownerGone(labels, 'elsewhere', () => false), false, 'another machine\'s stack is not judged from here');
  assert.equal(ownerGone(stackLabels('r2'), undefined), false, 'this process');
});

test('the remedy removes one stack by its label', () => {
  assert.equal(removeStackCommand('r1'), 'docker rm -f -v $(docker ps -aq --filter label=cdc-sizer.run=r1); docker network rm $(docker network ls -q --filter label=cdc-sizer.run=r1)');
});
