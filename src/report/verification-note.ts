import type { RunSource } from '../model/run-result.js';

/**
 * How an existing database's expectations were read, for the report's description of the source:
 * what the run held open on the user's server, and how strong its verification was.
 */
export function verificationNote(src: Extract<RunSource, { kind: 'existing' }>): string {
  const v = src.verification;
  if (!v) return '';
  const how = v.method === 'counts' ? 'Verified by row counts only (--verify counts): equal counts are necessary, not sufficient (a lost row and a duplicated one cancel out).' : 'Verified by row counts and key fingerprints.';
  return ` ${how} Expectations read in one REPEATABLE READ snapshot held ${v.snapshotSeconds.toFixed(1)} s${v.timeoutSeconds ? ` (limit ${v.timeoutSeconds} s)` : ''}.`;
}
