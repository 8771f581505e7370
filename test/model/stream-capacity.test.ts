import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capacityOf, drainAllowance, judgeStep, nextRate, type CapacityStep } from '../../src/model/stream-capacity.js';

const step = (asked: number, keptUp: boolean, generatorBehind = false): CapacityStep => ({ askedPerSecond: asked, committedPerSecond: generatorBehind ? asked * 0.7 : asked, walMBPerSecond: asked / 4000, seconds: 20, drainSeconds: keptUp ? 1 : 40, keptUp, generatorBehind });

test('the rate doubles while the consumer keeps up, then one step narrows between the last kept and the first lost', () => {
  assert.equal(nextRate([], 500, 1e6), 500);
  assert.equal(nextRate([step(500, true)], 500, 1e6), 1000);
  assert.equal(nextRate([step(500, true), step(1000, true), step(2000, false)], 500, 1e6), 1414);
  assert.equal(nextRate([step(500, true), step(1000, true), step(2000, false), step(1414, true)], 500, 1e6), undefined);
  // A first step already lost halves until one is kept.
  assert.equal(nextRate([step(500, false)], 500, 1e6), 250);
  // The workload that cannot write faster ends the search; so does --max-rate.
  assert.equal(nextRate([step(500, true), step(1000, true, true)], 500, 1e6), undefined);
  assert.equal(nextRate([step(500, true)], 500, 800), undefined);
});

test('what bounds the capacity: a lost step, the workload, or the search\'s ceiling', () => {
  assert.deepEqual(capacityOf([step(500, true), step(1000, false), step(707, true)], 1e6), { sustainedPerSecond: 707, sustainedWalMBPerSecond: 707 / 4000, bound: 'measured' });
  assert.equal(capacityOf([step(500, true), step(1000, true, true)], 1e6).bound, 'generator');
  assert.equal(capacityOf([step(500, true)], 800).bound, 'max-rate');
  assert.equal(capacityOf([step(500, false), step(250, false)], 1e6).sustainedPerSecond, 0);
});

test("a step is kept up with when its last change arrives within the consumer's own delay plus a second and a tenth of the step", () => {
  assert.equal(drainAllowance(20, 3), 6);
  const base = { askedPerSecond: 1000, committedPerSecond: 1000, walMBPerSecond: 0.2, seconds: 20 };
  assert.equal(judgeStep({ ...base, drainSeconds: 5.9 }, 1, 3).keptUp, true);
  assert.equal(judgeStep({ ...base, drainSeconds: 6.1 }, 1, 3).keptUp, false);
  assert.equal(judgeStep({ ...base, drainSeconds: null }, 1, 3).keptUp, false);
  assert.equal(judgeStep({ ...base, drainSeconds: 1 }, 0.9, 0).generatorBehind, true);
});
