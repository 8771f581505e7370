/**
 * `--tables` / `--exclude` patterns over schema-qualified table names: `*` matches any run of
 * characters within one name part, `?` one character; a pattern without a dot names tables in any
 * schema (`orders_*` is `*.orders_*`). Names are compared as PostgreSQL stores them (case-sensitive).
 */
export function globToRegExp(pattern: string): RegExp {
  const qualifiedPattern = pattern.includes('.') ? pattern : `*.${pattern}`;
  const body = [...qualifiedPattern].map((c) => (c === '*' ? '[^.]*' : c === '?' ? '[^.]' : c.replace(/[\\^$+.()|[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

export interface SelectionResult {
  /** schema.table, in the order of `names`. */
  selected: string[];
  /** Patterns (from either list) that matched no table: a typo the user must hear about. */
  unmatched: string[];
}

/** The names matched by any `include` pattern (all names when there is none) and by no `exclude` pattern. */
export function selectTables(names: readonly string[], include: readonly string[], exclude: readonly string[]): SelectionResult {
  const inc = include.map((p) => [p, globToRegExp(p)] as const);
  const exc = exclude.map((p) => [p, globToRegExp(p)] as const);
  const unmatched = [...inc, ...exc].filter(([, re]) => !names.some((n) => re.test(n))).map(([p]) => p);
  const selected = names.filter((n) => (inc.length === 0 || inc.some(([, re]) => re.test(n))) && !exc.some(([, re]) => re.test(n)));
  return { selected, unmatched };
}

/** Splits `a.*,b.c` into patterns, dropping blanks. */
export const patternList = (v: string | undefined): string[] => (v ?? '').split(',').map((p) => p.trim()).filter(Boolean);
