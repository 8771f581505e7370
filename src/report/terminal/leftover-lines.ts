import type { Cleaned, SlotInUse } from '../../verify/leftovers.js';
import { fmtBytes } from './format.js';

/**
 * What `run` says about harness objects it found before measuring: dropped (or droppable without
 * --clean), left alone because a run uses them (one line per slot), and other databases' slots,
 * only counted.
 */
export function leftoverLines(found: Cleaned, database: string, elsewhere: { database: string; slots: number }[], cleaned: boolean): string[] {
  const lines: string[] = [];
  const what = [...found.slots.map((s) => `slot ${s.name} (${fmtBytes(s.walRetainedBytes)} of WAL)`), ...found.publications.map((p) => `publication ${p}`)];
  if (what.length > 0) lines.push(cleaned ? `--clean dropped leftovers of earlier runs in database "${database}": ${what.join(', ')}` : `leftovers of earlier runs in database "${database}" (drop them with --clean): ${what.join(', ')}`);
  for (const s of found.inUse.slots) lines.push(`${cleaned ? '--clean left alone' : 'in use, never dropped'}: ${slotInUse(s)}`);
  if (found.inUse.publications.length > 0) lines.push(`${cleaned ? '--clean left alone' : 'in use, never dropped'}: publication${found.inUse.publications.length > 1 ? 's' : ''} ${found.inUse.publications.join(', ')} of runs still going`);
  if (elsewhere.length > 0) {
    const n = elsewhere.reduce((a, e) => a + e.slots, 0);
    lines.push(`${n} cdcsizer_ slot${n > 1 ? 's' : ''} in other databases of the server (${elsewhere.map((e) => `"${e.database}": ${e.slots}`).join(', ')}): not touched; --clean cleans only the database of the run`);
  }
  return lines;
}

function slotInUse(s: SlotInUse): string {
  const pins = `pins ${fmtBytes(s.walRetainedBytes)} of WAL`;
  if (s.activePid !== undefined) return `slot ${s.name} in database "${s.database}" is active (WAL sender PID ${s.activePid}${s.activeSeconds !== undefined ? `, connected ${duration(s.activeSeconds)} ago` : ''}, ${pins}): another run or reader is using it`;
  return `slot ${s.name} in database "${s.database}" (inactive, ${pins}) belongs to run ${s.liveRun}, which is still measuring`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
