import { reservedOptionMessage } from '../engines/flink-cdc/reserved-options.js';
import { optionSetKey, type OptionSet } from '../model/option-set.js';
import { UsageError } from './usage-error.js';

/**
 * Option sets as the command line gives them: `run --source-option k=v` (repeatable, one option
 * each, so its value may hold commas), `run --option-set k=v,k=v` and `estimate --source-options
 * k=v,k=v`. Keys and values are trimmed, as the job trims them.
 */

function option(kv: string, flag: string, form: string): [string, string] {
  const eq = kv.indexOf('=');
  const key = eq < 0 ? '' : kv.slice(0, eq).trim();
  if (!key) throw new UsageError(`${flag} needs ${form}, got "${kv}"`);
  return [key, kv.slice(eq + 1).trim()];
}

function collect(pairs: [string, string][], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) {
    if (k in out && out[k] !== v) throw new UsageError(`${flag} gives ${k} twice (${out[k]} and ${v})`);
    out[k] = v;
  }
  return out;
}

/** `k=v,k=v` (empty or absent: the connector's defaults). */
export function parseOptionSet(text: string | undefined, flag: string): Record<string, string> {
  const items = (text ?? '').split(',').filter((s) => s.trim() !== '');
  return collect(items.map((kv) => option(kv, flag, 'k=v,k=v')), flag);
}

/** Repeated `k=v` arguments, each one option. */
export function parseOptionList(list: readonly string[], flag: string): Record<string, string> {
  return collect(list.map((kv) => option(kv, flag, 'key=value')), flag);
}

/** A set may not touch what the run owns (engines/flink-cdc/reserved-options.ts): one line naming the option and why. */
export function refuseReserved(set: OptionSet, flag: string): void {
  for (const key of Object.keys(set)) {
    const message = reservedOptionMessage(key, flag);
    if (message) throw new UsageError(message);
  }
}

/**
 * run's option sets: the connector's defaults with every --source-option, then each --option-set
 * on top of them; a set given twice is measured once. Refused whole, before anything starts, when
 * one of them names a reserved option.
 */
export function runOptionSets(sourceOption: readonly string[], optionSet: readonly string[]): Record<string, string>[] {
  const common = parseOptionList(sourceOption, '--source-option');
  refuseReserved(common, '--source-option');
  const sets = [common];
  for (const text of optionSet) {
    const own = parseOptionSet(text, '--option-set');
    refuseReserved(own, '--option-set');
    sets.push({ ...common, ...own });
  }
  const seen = new Set<string>();
  return sets.filter((s) => !seen.has(optionSetKey(s)) && seen.add(optionSetKey(s)));
}
