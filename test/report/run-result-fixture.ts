import { readFileSync } from 'node:fs';
import { runResultSchema, type RunResult } from '../../src/model/run-result.js';

/**
 * A hand-written result (test/fixtures/results/long-poles.json): 2 cores, raw-copy and flink-cdc at
 * p = 1, 2, 4 with chunk size 8096, an option set, three repeats of the connector's defaults with one
 * failed sample, observations, leftovers, and tables named `<script>x</script>` and `odd|name`.
 * Parsed by the schema, so it is a result `run` could have written.
 */
export function longPolesResult(): RunResult {
  return runResultSchema.parse(JSON.parse(readFileSync('test/fixtures/results/long-poles.json', 'utf8')));
}

/** The median of the successful samples' wall time, computed here independently of the code under test. */
export function medianWall(point: RunResult['points'][number]): number {
  const v = point.samples.filter((s) => s.ok).map((s) => s.wallSeconds).sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
}

/** The p=1 point of the same engine, chunk size and options. */
export function baselineOf(result: RunResult, point: RunResult['points'][number]): RunResult['points'][number] {
  const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
  return result.points.find((b) => b.settings.engine === point.settings.engine && b.settings.parallelism === 1 && b.settings.chunkSize === point.settings.chunkSize && same(b.settings.sourceOptions, point.settings.sourceOptions))!;
}

/**
 * long-poles.json with the option set's three points turned into runs that finished and lost rows
 * (as Flink CDC loses a table without a key, FLINK-39409): each job ran to the end, its time is
 * real, and verification found 1 of 1,200 rows of public.audit_log. The failed p = 4 run of the
 * defaults stays a job that did not finish.
 */
export function lostRowsResult(): RunResult {
  const result = longPolesResult();
  for (const p of result.points) {
    if (p.settings.engine !== 'flink-cdc') continue;
    for (const s of p.samples) s.finished = s.ok || s.failure === undefined;
    if (Object.keys(p.settings.sourceOptions).length === 0) continue;
    for (const s of p.samples) Object.assign(s, { ok: false, finished: true, failure: 'record counts differ from the source in 1 table(s), e.g. public.audit_log: 1 of 1200', countMismatches: [{ table: 'public.audit_log', expected: 1200, actual: 1 }] });
  }
  return runResultSchema.parse(result);
}
