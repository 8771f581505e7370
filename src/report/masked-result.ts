import { clip } from '../fidelity/judge-sample.js';
import { maskMessageValues, maskValue } from '../fidelity/value-shape.js';
import type { FidelityColumn, RunResult, RunSample } from '../model/run-result.js';
import { maskQueryLiterals } from '../observe/query-literals.js';

/**
 * A run result with every row value from the source masked, before it is written or shown: the
 * fidelity examples (key, source text, emitted value) keep only their shape (see maskValue) beside
 * the judge's note on how they differ; failure messages keep their words with the values they quote
 * masked the same way; and the statements the observer saw other sessions run keep their shape
 * with constants replaced. result.json says that it was masked. Everything else
 * in a result is figures, names and settings.
 */
export function maskResultValues(result: RunResult): RunResult {
  return {
    ...result,
    valuesMasked: true,
    points: result.points.map((p) => ({
      ...p,
      samples: p.samples.map(maskSample),
    })),
    ...(result.fidelity ? { fidelity: result.fidelity.map((f) => ({ ...f, columns: f.columns.map(maskColumn), failedTables: f.failedTables.map((t) => ({ ...t, failure: maskMessageValues(t.failure) })) })) } : {}),
    // Through the sink: the same examples, and the sink's rejection messages quote the values it refused.
    ...(result.sinkFidelity ? { sinkFidelity: result.sinkFidelity.map((f) => ({ ...f, columns: f.columns.map((c) => ({ ...maskColumn(c), ...(c.sinkRejection !== undefined ? { sinkRejection: maskMessageValues(c.sinkRejection) } : {}) })) })) } : {}),
  };
}

/** A sample's failures quote the values a job choked on; the observer's statements of other sessions carry theirs. */
function maskSample(s: RunSample): RunSample {
  return {
    ...s,
    ...(s.failure !== undefined ? { failure: maskMessageValues(s.failure) } : {}),
    ...(s.transientFailure !== undefined ? { transientFailure: maskMessageValues(s.transientFailure) } : {}),
    ...(s.sink ? { sink: { ...s.sink, tables: s.sink.tables.map((t) => (t.error !== undefined ? { ...t, error: maskMessageValues(t.error) } : t)) } } : {}),
    ...(s.observations ? { observations: { ...s.observations, points: s.observations.points.map((o) => ({ ...o, connections: o.connections.map((c) => ({ ...c, query: maskQueryLiterals(c.query) })) })) } } : {}),
  };
}

function maskColumn<C extends Pick<FidelityColumn, 'example'>>(c: C): C {
  if (!c.example) return c;
  const { key, source, emitted } = c.example;
  return { ...c, example: { ...c.example, key: maskValue(key), source: source === null ? null : maskValue(source), emitted: clip(maskValue(emitted)), masked: true } };
}
