import type { RunPoint } from '../model/run-result.js';
import { compareFidelity, fidelityFindings } from './compare-fidelity.js';
import { comparePoint, matchPoints, pointKey, type MatchedPoints } from './compare-points.js';
import type { Comparison } from './comparison.js';
import { emptyFindings, mergeFindings, type Findings } from './findings.js';
import { IncomparableError } from './incomparable-error.js';
import { pointFindings, pointKeyText } from './point-findings.js';
import { pickSides, type ResultFile, type Side } from './sides.js';

export interface CompareOptions {
  /** 0.1 allows NEW to be 10 % slower. */
  maxSlowdown: number;
}

/**
 * BASE against NEW: per matched grid point the time ratio with its interval, failed runs and
 * leftovers; per column the fidelity verdict. Any regression makes the verdict a regression.
 * Throws IncomparableError when the inputs measured different things.
 */
export function compareResults(files: readonly ResultFile[], opts: CompareOptions): Comparison {
  const { base, next } = pickSides(files);
  assertSameWorkload(base, next);
  const matched = matchPoints(base.points, next.points);
  if (matched.pairs.length === 0) throw new IncomparableError(`cannot compare: no grid point in both: BASE ${describe(base)} measured ${pointList(base.points)}; NEW ${describe(next)} measured ${pointList(next.points)}`);
  const points = matched.pairs.map((p) => comparePoint(p.base, p.next, opts.maxSlowdown));
  const fidelity = compareFidelity(base, next);
  const found = mergeFindings([...points.map(pointFindings), fidelityFindings(fidelity), gridFindings(matched)]);
  const s = base.result.scenario;
  return {
    scenario: { name: s.name, hash: s.hash, scale: s.scale },
    base: { file: base.file, connectorVersion: base.version },
    next: { file: next.file, connectorVersion: next.version },
    maxSlowdown: opts.maxSlowdown,
    points,
    unmatched: [...matched.onlyBase.map((p) => ({ side: 'base' as const, point: pointKey(p) })), ...matched.onlyNew.map((p) => ({ side: 'new' as const, point: pointKey(p) }))],
    fidelity,
    ...found,
    verdict: found.regressions.length > 0 ? 'regression' : 'no-regression',
  };
}

const describe = (s: Side): string => `${s.file} (${s.version})`;

function assertSameWorkload(base: Side, next: Side): void {
  const b = base.result.scenario;
  const n = next.result.scenario;
  if (b.hash !== n.hash) throw new IncomparableError(`cannot compare: BASE ${describe(base)} ran scenario ${b.name} (hash ${b.hash}) and NEW ${describe(next)} ran ${n.name} (hash ${n.hash})`);
  if (b.scale !== n.scale) throw new IncomparableError(`cannot compare: BASE ${describe(base)} ran at scale ${b.scale} and NEW ${describe(next)} at scale ${n.scale}`);
}

const pointList = (points: readonly RunPoint[]): string => points.map((p) => pointKeyText(pointKey(p))).join(', ');

function gridFindings(m: MatchedPoints): Findings {
  const out = emptyFindings();
  if (m.onlyBase.length) out.notes.push({ area: 'grid', text: `measured on BASE only, not compared: ${pointList(m.onlyBase)}` });
  if (m.onlyNew.length) out.notes.push({ area: 'grid', text: `measured on NEW only, not compared: ${pointList(m.onlyNew)}` });
  return out;
}
