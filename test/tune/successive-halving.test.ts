import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allCandidates, candidateKey, candidateText, defaultSpace, drawCandidates, type Candidate } from '../../src/tune/search-space.js';
import { successiveHalving, type Measurement } from '../../src/tune/successive-halving.js';

/** A fake connector: a candidate's time is a function of its settings; the clock advances by what it takes. */
function fakeLab(timeOf: (c: Candidate, rung: number) => number, extra: Partial<Measurement> | ((c: Candidate) => Partial<Measurement>) = {}) {
  let clock = 0;
  const measured: string[] = [];
  return {
    measured,
    elapsed: () => clock,
    measure: async (c: Candidate, rung: number, limit: number): Promise<Measurement> => {
      const s = timeOf(c, rung);
      measured.push(`${rung}:${candidateText(c)}`);
      if (s > limit) {
        clock += limit;
        return { seconds: limit, verified: false, failure: 'stopped: the budget had no more time for it' };
      }
      clock += s;
      return { seconds: s, verified: true, ...(typeof extra === 'function' ? extra(c) : extra) };
    },
  };
}

const space = defaultSpace([2], false);
const rungs = [{ workload: 'a quarter', growth: 1 }, { workload: 'all', growth: 4 }];
// Poll interval and chunk size both help; each candidate's time is their product.
const timeOf = (c: Candidate, rung: number) => (rung === 0 ? 10 : 40) * (c.options['debezium.poll.interval.ms'] === '20' ? 0.5 : 1) * (c.chunkSize >= 32768 ? 0.7 : 1);

test('the draw is seeded: the same seed gives the same candidates, the defaults first', () => {
  const a = drawCandidates(space, 10, 7).map(candidateKey);
  assert.deepEqual(drawCandidates(space, 10, 7).map(candidateKey), a);
  assert.notDeepEqual(drawCandidates(space, 10, 8).map(candidateKey), a);
  assert.equal(drawCandidates(space, 10, 7)[0]!.chunkSize, 8096);
  assert.deepEqual(drawCandidates(space, 10, 7)[0]!.options, {});
  assert.equal(new Set(a).size, a.length, 'no candidate twice');
  assert.equal(allCandidates(space).length, 2 * 4 * 3 * 2, 'jobs × chunk sizes × poll intervals × fetch sizes at p = 2');
  assert.ok(allCandidates(defaultSpace([1], false)).every((c) => c.jobs === 1), 'one reader cannot be split');
  assert.ok(!allCandidates(space).some((c) => 'scan.incremental.snapshot.backfill.skip' in c.options), 'no at-least-once candidate unless allowed');
  assert.ok(allCandidates(defaultSpace([2], true)).some((c) => c.options['scan.incremental.snapshot.backfill.skip'] === 'true'));
});

test('the best third climbs; the winner is the fastest verified on the top rung', async () => {
  const lab = fakeLab(timeOf);
  const candidates = drawCandidates(space, 9, 1);
  const r = await successiveHalving(candidates, { rungs, budgetSeconds: 10_000, measure: lab.measure, elapsed: lab.elapsed });
  assert.equal(r.trials.filter((t) => t.rung === 0).length, 9);
  assert.equal(r.trials.filter((t) => t.rung === 1).length, 3, 'ceil(9 / 3) promoted');
  assert.equal(r.best!.rung, 1);
  assert.equal(r.best!.measurement.seconds, Math.min(...candidates.map((c) => timeOf(c, 1))), 'the fastest drawn: the ranking on rung 1 keeps its order on rung 2 here');
  assert.ok(r.trials.filter((t) => t.rung === 0 && t.rejected).every((t) => /not among the best 3/.test(t.rejected!)));
  assert.equal(r.stoppedByBudget, false);
});

test('an unverified candidate is rejected however fast it was, and never promoted', async () => {
  const lossy = (c: Candidate) => c.options['debezium.poll.interval.ms'] === '20' && c.chunkSize >= 32768;
  const lab = fakeLab((c, rung) => (lossy(c) ? 1 : timeOf(c, rung)), (c) => (lossy(c) ? { verified: false, failure: '3 rows lost' } : {}));
  const r = await successiveHalving(drawCandidates(space, 24, 1), { rungs, budgetSeconds: 10_000, measure: lab.measure, elapsed: lab.elapsed });
  const bad = r.trials.filter((t) => lossy(t.candidate));
  assert.ok(bad.length > 0);
  assert.ok(bad.every((t) => t.rung === 0 && /^not verified: 3 rows lost/.test(t.rejected!)));
  assert.ok(!lossy(r.best!.candidate));
});

test('a candidate over --memory is rejected', async () => {
  const lab = fakeLab(timeOf, (c) => ({ peakRssBytes: c.chunkSize >= 32768 ? 3 * 2 ** 30 : 2 ** 30 }));
  const r = await successiveHalving(drawCandidates(space, 24, 1), { rungs, budgetSeconds: 10_000, memoryBytes: 2 * 2 ** 30, measure: lab.measure, elapsed: lab.elapsed });
  assert.ok(r.trials.filter((t) => t.candidate.chunkSize >= 32768).every((t) => /^over --memory/.test(t.rejected!)));
  assert.ok(r.best!.candidate.chunkSize < 32768);
});

test('the budget holds: nothing starts that is expected to overrun, and what is left is reported', async () => {
  for (const budget of [25, 60, 95, 130, 200]) {
    const lab = fakeLab(timeOf);
    const candidates = drawCandidates(space, 12, 3);
    const r = await successiveHalving(candidates, { rungs, budgetSeconds: budget, measure: lab.measure, elapsed: lab.elapsed });
    assert.ok(lab.elapsed() <= budget, `budget ${budget}: used ${lab.elapsed()}`);
    assert.equal(r.trials.length + r.unmeasured.length >= candidates.length, true, 'every drawn candidate is measured or reported unmeasured');
    if (r.unmeasured.length > 0) assert.equal(r.stoppedByBudget, true);
  }
});

test('the first rung keeps half the budget back for promotions: someone reaches the whole workload', async () => {
  const lab = fakeLab(timeOf);
  const r = await successiveHalving(drawCandidates(space, 24, 2), { rungs, budgetSeconds: 200, measure: lab.measure, elapsed: lab.elapsed });
  assert.ok(r.trials.filter((t) => t.rung === 0).reduce((a, t) => a + t.measurement.seconds, 0) <= 100);
  assert.ok(r.trials.some((t) => t.rung === 1), 'a candidate measured on the whole workload');
  assert.equal(r.best!.rung, 1);
  assert.ok(r.unmeasured.length > 0);
});

test('the same seed, space and measurements give the same search', async () => {
  const run = async () => {
    const lab = fakeLab(timeOf);
    await successiveHalving(drawCandidates(space, 12, 5), { rungs, budgetSeconds: 500, measure: lab.measure, elapsed: lab.elapsed });
    return lab.measured;
  };
  assert.deepEqual(await run(), await run());
});
