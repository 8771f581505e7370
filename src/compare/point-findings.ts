import type { PointComparison, PointKey, SideFigures } from './comparison.js';
import { emptyFindings, mergeFindings, type Findings } from './findings.js';
import { optionSetText } from '../model/option-set.js';

export function pointKeyText(k: PointKey): string {
  const options = optionSetText(k.sourceOptions);
  return [`p=${k.parallelism}`, `chunk ${k.chunkSize}`, ...(options ? [options] : [])].join(' ');
}

/** Timing, failed runs and leftovers of one matched point, each judged on its own. */
export function pointFindings(pc: PointComparison): Findings {
  return mergeFindings([timeFindings(pc), failedRunFindings(pc), hygieneFindings(pc)]);
}

const secondsText = (s: number | undefined): string => (s === undefined ? '—' : s < 10 ? s.toFixed(2) : s.toFixed(1));
export const ratioText = (r: number): string => `×${r.toFixed(2)}`;
export const percentText = (r: number): string => `${Math.abs((r - 1) * 100).toFixed(1)}%`;

function timeFindings(pc: PointComparison): Findings {
  const out = emptyFindings();
  const label = pointKeyText(pc.point);
  if (!pc.sameTables) out.notes.push({ area: 'tables', text: `${label}: not the same tables (BASE left out ${listOrNone(pc.base.excludedTables)}; NEW left out ${listOrNone(pc.next.excludedTables)}): time not judged` });
  if (pc.time !== 'slower' && pc.time !== 'faster') return out;
  const evidence = `median ${secondsText(pc.base.medianSeconds)} s → ${secondsText(pc.next.medianSeconds)} s, ${pc.interval ? `95% interval ${ratioText(pc.interval.low)}–${ratioText(pc.interval.high)}` : pc.timeNote}`;
  const text = `${label}: NEW ${percentText(pc.ratio!)} ${pc.time} (${evidence})`;
  (pc.time === 'slower' ? out.regressions : out.improvements).push({ area: 'time', text });
  return out;
}

const listOrNone = (tables: readonly string[]): string => (tables.length ? tables.join(', ') : 'none');

function failedRunFindings(pc: PointComparison): Findings {
  const out = emptyFindings();
  const label = pointKeyText(pc.point);
  const { base: b, next: n } = pc;
  if (n.failed > 0 && b.failed === 0) out.regressions.push({ area: 'failed runs', text: `${label}: ${n.failed} of ${n.runs} NEW runs failed; every BASE run succeeded` });
  else if (b.failed > 0 && n.failed === 0) out.improvements.push({ area: 'failed runs', text: `${label}: every NEW run succeeded; ${b.failed} of ${b.runs} BASE runs failed` });
  else if (b.failed > 0) out.notes.push({ area: 'failed runs', text: `${label}: runs failed on both sides (BASE ${b.failed} of ${b.runs}, NEW ${n.failed} of ${n.runs})` });
  return out;
}

/** Leftovers are judged only against a side that recorded them: an older result's silence proves nothing. */
function hygieneFindings(pc: PointComparison): Findings {
  const out = emptyFindings();
  const label = pointKeyText(pc.point);
  const { base: b, next: n } = pc;
  if (n.leftBehind.runs > 0 && b.leftBehind.runs === 0) {
    const text = `${label}: NEW left ${leftText(n)}; BASE ${b.leftBehind.recorded ? 'left nothing' : 'did not record leftovers'}`;
    (b.leftBehind.recorded ? out.regressions : out.notes).push({ area: 'hygiene', text });
  } else if (b.leftBehind.runs > 0 && n.leftBehind.runs === 0 && n.leftBehind.recorded > 0) {
    out.improvements.push({ area: 'hygiene', text: `${label}: NEW left nothing behind; BASE left ${leftText(b)}` });
  }
  return out;
}

export function leftText(s: SideFigures): string {
  const l = s.leftBehind;
  return `${l.slots} slot${l.slots === 1 ? '' : 's'} and ${l.publications} publication${l.publications === 1 ? '' : 's'} behind after ${l.runs} of ${l.recorded} runs`;
}
