import { clip } from '../fidelity/judge-sample.js';
import { maskValue } from '../fidelity/value-shape.js';
import type { FidelityColumn, RunResult } from '../model/run-result.js';
import { maskQueryLiterals } from '../observe/query-literals.js';

/**
 * A run result with every row value from the source masked, before it is written or shown: the
 * fidelity examples (key, source text, emitted value) keep only their shape (see maskValue) beside
 * the judge's note on how they differ, and the statements the observer saw other sessions run
 * keep their shape with constants replaced. result.json says that it was masked. Everything else
 * in a result is figures, names and settings.
 */
export function maskResultValues(result: RunResult): RunResult {
  return {
    ...result,
    valuesMasked: true,
    points: result.points.map((p) => ({
      ...p,
      samples: p.samples.map((s) =>
        s.observations
          ? { ...s, observations: { ...s.observations, points: s.observations.points.map((o) => ({ ...o, connections: o.connections.map((c) => ({ ...c, query: maskQueryLiterals(c.query) })) })) } }
          : s,
      ),
    })),
    ...(result.fidelity ? { fidelity: result.fidelity.map((f) => ({ ...f, columns: f.columns.map(maskColumn) })) } : {}),
  };
}

function maskColumn(c: FidelityColumn): FidelityColumn {
  if (!c.example) return c;
  const { key, source, emitted } = c.example;
  return { ...c, example: { ...c.example, key: maskValue(key), source: source === null ? null : maskValue(source), emitted: clip(maskValue(emitted)), masked: true } };
}
