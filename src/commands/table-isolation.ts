import { qualifiedName } from '../sql/identifiers.js';
import type { SourceTable } from '../engines/source-table.js';

/** What a probe job over a set of tables came to: it read them all, it failed, or it ran past --max-job-time. */
export type ProbeOutcome = { read: true } | { failure: string } | { stopped: true };

export interface Isolation {
  /** Tables whose job failed with them alone. */
  failing: { table: string; failure: string }[];
  probes: number;
  /** Tables neither read by a probe nor convicted alone, because the search stopped early. */
  notCleared: string[];
  /** Why the search stopped before every table was cleared or convicted (absent when it did not). */
  stoppedBy?: 'probe-budget' | 'max-job-time';
}

/**
 * Probe jobs one isolation may start. Halving finds k failing tables of n in about 2k·log2(n)
 * probes; 64 finds several in hundreds of tables, while a failure that no subset reproduces (the
 * whole set fails, every part reads) ends in minutes of small jobs rather than in hundreds.
 */
export const MAX_PROBES = 64;

const id = (t: SourceTable): string => qualifiedName(t);

/**
 * Halves the table set until each failing probe holds one table. Runs out of budget truthfully:
 * the tables left unprobed, and those of a failing set that could not be split further, are
 * returned as not cleared, so a caller never takes an unfinished search for "every table reads".
 */
export async function isolateTables(tables: readonly SourceTable[], probe: (set: SourceTable[], n: number) => Promise<ProbeOutcome>, log: (line: string) => void, maxProbes = MAX_PROBES): Promise<Isolation> {
  const out: Isolation = { failing: [], probes: 0, notCleared: [] };
  const search = async (set: SourceTable[]): Promise<void> => {
    if (out.stoppedBy || out.probes >= maxProbes) {
      out.stoppedBy ??= 'probe-budget';
      out.notCleared.push(...set.map(id));
      return;
    }
    const outcome = await probe(set, out.probes++);
    const what = set.length === 1 ? id(set[0]!) : `${set.length} tables`;
    log(`    probe ${out.probes}: ${what} ${'read' in outcome ? 'read' : 'failure' in outcome ? 'failed' : 'stopped by --max-job-time'}`);
    if ('read' in outcome) return;
    if ('stopped' in outcome) {
      // A probe that ran past the bound says nothing of its tables; the next would run as long.
      out.stoppedBy = 'max-job-time';
      out.notCleared.push(...set.map(id));
      return;
    }
    if (set.length === 1) {
      out.failing.push({ table: id(set[0]!), failure: outcome.failure });
      return;
    }
    const half = Math.ceil(set.length / 2);
    await search(set.slice(0, half));
    await search(set.slice(half));
  };
  const half = Math.ceil(tables.length / 2);
  await search(tables.slice(0, half));
  await search(tables.slice(half));
  return out;
}
