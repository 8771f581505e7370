import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pace, type Clock } from '../../src/workload/pace.js';
import { GroupSchedule, MergedSchedule } from '../../src/workload/schedule.js';
import { workloadSchema } from '../../src/workload/workload-spec.js';

/** Time that moves only when someone sleeps or a transaction "takes" time. */
class FakeClock implements Clock {
  t = 0;
  now = () => this.t;
  sleep = async (ms: number) => {
    this.t += ms;
    await Promise.resolve();
  };
}

const spec = (groups: unknown[], extra: object = {}) => workloadSchema.parse({ groups, ...extra });

test('a group at 200 changes/s in transactions of 4 is due every 20 ms, and 1,000 changes by 5 s', () => {
  const s = new GroupSchedule(spec([{ tables: 't', updates: 150, inserts: 50, transactionSize: 4 }]).groups[0]!);
  assert.equal(s.txPerSecond, 50);
  assert.equal(s.dueSeconds(1), 0.02);
  assert.equal(s.dueBy(5) * 4, 1000);
});

test('a ramp from 20 % reaches the full rate at its end and owes the difference ever after', () => {
  const w = spec([{ tables: 't', updates: 100 }], { ramp: { seconds: 10, from: 0.2 } });
  const s = new GroupSchedule(w.groups[0]!, w.ramp);
  // Over the ramp: (0.2 + 1) / 2 × 100/s × 10 s = 600 changes.
  assert.equal(s.dueBy(10), 600);
  assert.equal(s.dueBy(20), 1600);
  // due and dueBy are inverses across the ramp and after it.
  for (const k of [1, 50, 599, 600, 601, 1500]) assert.ok(Math.abs(s.dueBy(s.dueSeconds(k) + 1e-9) - k) <= 1, `k = ${k}`);
});

test('the pacer holds the rate within 5 % when each transaction is quick, and says behind when it is not', async () => {
  const w = spec([{ tables: 't', updates: 400 }], { connections: 2 });
  const quick = new FakeClock();
  let done = 0;
  const ok = await pace(new MergedSchedule(w), 2, async () => {
    quick.t += 1; // 1 ms a transaction: 2 connections could do 2,000/s
    done++;
  }, () => quick.t >= 10_000, quick);
  assert.ok(Math.abs(done / ok.seconds - 400) / 400 < 0.05, `${done / ok.seconds}/s`);
  const due = (seconds: number) => new MergedSchedule(w).groups[0]!.dueBy(seconds);
  assert.ok(due(ok.seconds) - ok.started <= 2, `${due(ok.seconds) - ok.started} due and not started`);

  const slow = new FakeClock();
  let slowDone = 0;
  const behind = await pace(new MergedSchedule(w), 2, async () => {
    slow.t += 20; // 20 ms each, one at a time on this clock: at most 50/s
    slowDone++;
  }, () => slow.t >= 10_000, slow);
  assert.ok(due(behind.seconds) - behind.started > 3000, `${due(behind.seconds) - behind.started} due and not started`);
  assert.equal(behind.started, slowDone);
});

test('groups are merged by due time: a group at 3× the rate gets 3× the transactions', async () => {
  const w = spec([{ tables: 'a', updates: 30 }, { tables: 'b', inserts: 90 }]);
  const clock = new FakeClock();
  const by = [0, 0];
  await pace(new MergedSchedule(w), 1, async (_w, g) => {
    by[g]!++;
  }, () => clock.t >= 10_000, clock);
  assert.ok(Math.abs(by[1]! / by[0]! - 3) < 0.1, `${by}`);
});

test('a transaction that fails stops the pacer with its error', async () => {
  const clock = new FakeClock();
  await assert.rejects(
    pace(new MergedSchedule(spec([{ tables: 't', updates: 10 }])), 2, async () => {
      throw new Error('boom');
    }, () => false, clock),
    /boom/,
  );
});

test('a workload that writes nothing, or a rate that is not a number, is refused', () => {
  assert.throws(() => spec([{ tables: 't' }]), /inserts, updates or deletes above 0/);
  assert.throws(() => spec([{ tables: 't', updates: -1 }]));
  assert.throws(() => spec([{ tables: 't', updates: 5, hotkeys: 1 }]), /hotkeys/);
});
