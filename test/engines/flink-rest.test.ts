import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { countsFromAccumulators } from '../../src/engines/flink-cdc/flink-cdc-engine.js';
import { FlinkRest, FlinkRestError, rootCause } from '../../src/engines/flink-cdc/flink-rest.js';
import { InfraError } from '../../src/infra/infra-error.js';

/** Responses recorded from a real Flink 1.20.3 local cluster running the cdc-sizer job. */
const fixture = (name: string): string => readFileSync(`test/fixtures/flink-rest/${name}.json`, 'utf8');

/** A fetch that answers from recorded responses and remembers what it was asked. */
function replay(routes: Record<string, string | [number, string]>) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  const impl = (async (url: string | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url: String(url), body: init?.body });
    const key = `${method} ${new URL(String(url)).pathname}${new URL(String(url)).search}`;
    const answer = routes[key];
    if (answer === undefined) return new Response(JSON.stringify({ errors: [`Not found: ${key}`] }), { status: 404 });
    const [status, body] = typeof answer === 'string' ? [200, answer] : answer;
    return new Response(body, { status });
  }) as typeof fetch;
  return { impl, calls };
}

test('upload returns the jar id Flink gave the file; run sends entry class, args and parallelism', async () => {
  const { impl, calls } = replay({ 'POST /jars/upload': fixture('jars-upload'), 'POST /jars/x.jar/run': fixture('jars-run-p1') });
  const runAnswer = JSON.parse(fixture('jars-run-p1')) as { jobid: string };
  const rest = new FlinkRest('http://flink:8081/', impl);
  const jarId = await rest.uploadJar('package.json');
  assert.equal(jarId, (JSON.parse(fixture('jars-upload')) as { filename: string }).filename.split('/').pop());
  assert.match(jarId, /_cdc-sizer-flink-job-cdc3\.5\.0\.jar$/);
  assert.ok(calls[0]!.body instanceof FormData);
  const jobId = await rest.run('x.jar', { entryClass: 'dev.cdcsizer.job.SnapshotJob', args: ['--tables', 'a,b'], parallelism: 2 });
  assert.equal(jobId, runAnswer.jobid);
  assert.deepEqual(JSON.parse(String(calls[1]!.body)), { entryClass: 'dev.cdcsizer.job.SnapshotJob', programArgsList: ['--tables', 'a,b'], parallelism: 2 });
});

test('a finished job: state, duration and exact per-table counts from accumulators', async () => {
  const id = 'p2';
  const { impl } = replay({ [`GET /jobs/${id}`]: fixture('job-finished-p2'), [`GET /jobs/${id}/accumulators`]: fixture('job-accumulators-finished-p2') });
  const rest = new FlinkRest('http://flink:8081', impl);
  const job = await rest.waitForEnd(id, { pollMs: 1 });
  assert.equal(job.state, 'FINISHED');
  assert.equal(job.duration, 7873);
  const counts = countsFromAccumulators(await rest.accumulators(id));
  const measurements = counts.find((c) => c.table === 'public.measurements');
  assert.equal(measurements?.records, 1000);
  assert.ok(measurements!.bytes > 1000);
  assert.deepEqual(counts.map((c) => c.table), [...counts.map((c) => c.table)].sort());
});

test('a failed job and a refused run request: the innermost cause', async () => {
  const id = 'interval';
  const { impl } = replay({
    [`GET /jobs/${id}`]: fixture('job-failed-interval'),
    [`GET /jobs/${id}/exceptions`]: fixture('job-exceptions-failed-interval'),
    'POST /jars/j.jar/run': [400, fixture('jars-run-error-unknown-option')],
    'GET /overview': fixture('overview-idle'),
  });
  const rest = new FlinkRest('http://flink:8081', impl);
  assert.equal((await rest.job(id)).state, 'FAILED');
  assert.equal(await rest.rootException(id), 'java.lang.NumberFormatException: For input string: "2562047788"');
  await assert.rejects(rest.run('j.jar', { entryClass: 'x', args: [], parallelism: 1 }), /answered 400: .*unknown source option/);
  const overview = await rest.overview();
  assert.equal(overview['flink-version'], '1.20.3');
  assert.equal(overview['slots-total'], 4);
});

test('errors: Flink\'s own message for a bad request, one line for an unreachable cluster', async () => {
  const { impl } = replay({ 'PATCH /jobs/nope?mode=cancel': [404, JSON.stringify({ errors: ['Job nope not found\n\tat x'] })] });
  await assert.rejects(new FlinkRest('http://flink:8081', impl).cancel('nope'), (err: unknown) => err instanceof FlinkRestError && err.status === 404 && /answered 404: Job nope not found$/.test(err.message));
  const down = (async () => {
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  }) as typeof fetch;
  await assert.rejects(new FlinkRest('http://127.0.0.1:1', down).overview(), (err: unknown) => err instanceof InfraError && /cannot reach Flink's REST API at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/.test(err.message));
});

test('rootCause picks the innermost cause', () => {
  assert.equal(rootCause('a.B: top\n\tat x\nCaused by: c.D: middle\n\tat y\nCaused by: e.F: bottom\n\tat z'), 'e.F: bottom');
  assert.equal(rootCause('just one line'), 'just one line');
  assert.equal(rootCause(undefined), undefined);
});

test('waiting for slots rides out the 503 of a leader election and the 0 slots before the TaskManager registers', async () => {
  // The 503 text as a fresh local cluster answered it (seen in bench:estimate on 2026-11-26).
  const answers: [number, string][] = [
    [503, JSON.stringify({ errors: ['Service temporarily unavailable due to an ongoing leader election. Please refresh.'] })],
    [200, fixture('overview-idle').replace(/"slots-total":\s*\d+/, '"slots-total": 0')],
    [200, fixture('overview-idle')],
  ];
  let calls = 0;
  const impl = (async () => {
    const [status, body] = answers[Math.min(calls++, answers.length - 1)]!;
    return new Response(body, { status });
  }) as typeof fetch;
  const overview = await new FlinkRest('http://flink:8081', impl).waitForSlots(1, 10_000);
  assert.equal(calls, 3);
  assert.ok(overview['slots-total'] >= 1);
  // Past the deadline a 503 is an answer, not a wait.
  await assert.rejects(new FlinkRest('http://flink:8081', (async () => new Response(answers[0]![1], { status: 503 })) as typeof fetch).waitForSlots(1, 0), /answered 503/);
});

test("taskManagerCores: the task managers' CPU cores summed from /taskmanagers", async () => {
  // The fields as Flink 1.20 answers them (other fields left out).
  const taskmanagers = JSON.stringify({ taskmanagers: [{ id: 'a', slotsNumber: 4, hardware: { cpuCores: 4, physicalMemory: 1 } }, { id: 'b', slotsNumber: 4, hardware: { cpuCores: 6, physicalMemory: 1 } }] });
  const { impl } = replay({ 'GET /taskmanagers': taskmanagers });
  assert.deepEqual(await new FlinkRest('http://flink:8081', impl).taskManagerCores(), { cores: 10, taskManagers: 2 });
});
