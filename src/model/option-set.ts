/**
 * An option set: connector builder options and `debezium.*` properties measured together. Runs,
 * the capacity model, comparisons and reports all need to tell two sets apart and to name one;
 * both are done here, so that a set given as `b=2,a=1` and one given as `a=1,b=2` are the same
 * set everywhere.
 */
export type OptionSet = Readonly<Record<string, string>>;

const sortedEntries = (o: OptionSet): [string, string][] => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Equal for equal sets whatever the order of their options; unambiguous even when values hold `,` or `=`. */
export const optionSetKey = (o: OptionSet): string => JSON.stringify(sortedEntries(o));

export const sameOptionSet = (a: OptionSet, b: OptionSet): boolean => optionSetKey(a) === optionSetKey(b);

/**
 * `k=v,k=v` in key order: what people read in reports and logs, and what `run --option-set` and
 * `estimate --source-options` take back. Empty for the connector's defaults.
 */
export const optionSetText = (o: OptionSet): string =>
  sortedEntries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
