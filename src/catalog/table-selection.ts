import { ident } from '../sql/identifiers.js';
/**
 * `--tables` / `--exclude` patterns over schema-qualified tables.
 *
 * A list is separated by commas; each pattern is `schema.table`, or `table` for that name in any
 * schema. Unquoted, `*` matches any run of characters within its part and `?` one character; names
 * compare as PostgreSQL stores them (case-sensitive, unlike unquoted SQL). A part in double quotes
 * is literal, as in SQL (`""` is a quote inside it): the way to write a name that holds a dot, a
 * comma, a `*` or a `?` (`"Sales.EU".*`, `public."a,b"`). An unquoted pattern with several dots
 * matches wherever one of them splits schema from table (`Sales.EU.*` is `"Sales.EU".*` or
 * `"Sales"."EU".*`, whichever exists).
 */

/** A table as the selection sees it. */
export interface NamedTable {
  schema: string;
  name: string;
}

/** A pattern or schema list that cannot be read (an unterminated quote, an empty part). */
export class TablePatternError extends Error {
  override name = 'TablePatternError';
}

/** One dot-separated piece of a pattern: runs of quoted (literal) and unquoted (glob) text. */
type Piece = { text: string; quoted: boolean }[];

/** The test a pattern stands for. */
export function tablePattern(pattern: string): (t: NamedTable) => boolean {
  const pieces = parsePieces(pattern);
  const splits: [RegExp, RegExp][] = [];
  if (pieces.length === 1) splits.push([/^[\s\S]*$/u, partRegExp(pieces)]);
  for (let k = 1; k < pieces.length; k++) splits.push([partRegExp(pieces.slice(0, k)), partRegExp(pieces.slice(k))]);
  return (t) => splits.some(([schema, table]) => schema.test(t.schema) && table.test(t.name));
}

export interface SelectionResult<T extends NamedTable> {
  /** The tables selected, in the order given. */
  selected: T[];
  /** Patterns (from either list) that matched no table: a typo the user must hear about. */
  unmatched: string[];
}

/** The tables matched by any `include` pattern (all when there is none) and by no `exclude` pattern. */
export function selectTables<T extends NamedTable>(tables: readonly T[], include: readonly string[], exclude: readonly string[]): SelectionResult<T> {
  const inc = include.map((p) => [p, tablePattern(p)] as const);
  const exc = exclude.map((p) => [p, tablePattern(p)] as const);
  const unmatched = [...inc, ...exc].filter(([, test]) => !tables.some(test)).map(([p]) => p);
  const selected = tables.filter((t) => (inc.length === 0 || inc.some(([, test]) => test(t))) && !exc.some(([, test]) => test(t)));
  return { selected, unmatched };
}

/** Splits `a.*, "x,y".b` into patterns at the commas outside quotes, dropping blanks; each is checked. */
export function patternList(v: string | undefined): string[] {
  const patterns = splitList(v);
  for (const p of patterns) parsePieces(p);
  return patterns;
}

/**
 * `--schemas`: schema names separated by commas outside quotes, blanks dropped. A name is taken as
 * PostgreSQL stores it (case-sensitive, no wildcards); in double quotes it may hold a comma, a
 * quote (`""`) or surrounding blanks, as in SQL: `public,"Sales,EU"`.
 */
export function schemaList(v: string | undefined): string[] {
  return splitList(v).map(schemaName);
}

/** The items of a comma-separated list, split at the commas outside double quotes, trimmed, blanks dropped. */
function splitList(v: string | undefined): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of v ?? '') {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out.map((p) => p.trim()).filter(Boolean);
}

function schemaName(item: string): string {
  if (!item.startsWith('"')) {
    if (item.includes('"')) throw new TablePatternError(`schema ${item} has a quote inside an unquoted name; quote the whole name, doubling the quote ("a""b")`);
    return item;
  }
  const { text: name, end: i } = readQuoted(item, 0, `schema ${item}`);
  if (i < item.length) throw new TablePatternError(`schema ${item} has text after its closing quote; quote the whole name`);
  if (name === '') throw new TablePatternError(`schema ${item} is an empty quoted name`);
  return name;
}

/** The pattern that names exactly this table, quoting a part that is not plain letters, digits, `_` or `$`. */
export function namePattern(t: NamedTable): string {
  const part = (s: string) => (/^[\p{L}\p{N}_$]+$/u.test(s) ? s : ident(s));
  return `${part(t.schema)}.${part(t.name)}`;
}

function parsePieces(pattern: string): Piece[] {
  const text = pattern.trim();
  const pieces: Piece[] = [[]];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '.') {
      pieces.push([]);
      i++;
    } else if (c === '"') {
      const quoted = readQuoted(text, i, `table pattern ${pattern}`);
      const literal = quoted.text;
      i = quoted.end;
      pieces.at(-1)!.push({ text: literal, quoted: true });
    } else {
      let j = i;
      while (j < text.length && text[j] !== '.' && text[j] !== '"') j++;
      pieces.at(-1)!.push({ text: text.slice(i, j), quoted: false });
      i = j;
    }
  }
  if (pieces.some((p) => p.length === 0 || p.every((r) => r.text === '' && !r.quoted))) {
    throw new TablePatternError(`table pattern ${pattern} has an empty name part; write schema.table, or quote a name that holds a dot ("Sales.EU".*)`);
  }
  if (pieces.some((p) => p.some((r) => r.quoted && r.text === '') && p.every((r) => r.text === ''))) {
    throw new TablePatternError(`table pattern ${pattern} has an empty quoted name`);
  }
  return pieces;
}

/** The pieces rejoined by literal dots, as one anchored expression over a name part. */
function partRegExp(pieces: Piece[]): RegExp {
  const body = pieces
    .map((p) => p.map((r) => (r.quoted ? escape(r.text) : [...r.text].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : escape(c))).join(''))).join(''))
    .join('\\.');
  return new RegExp(`^${body}$`, 'u');
}

const escape = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** A double-quoted name starting at `start` (SQL's rule: `""` is a quote inside), and where it ends. */
function readQuoted(text: string, start: number, what: string): { text: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new TablePatternError(`${what} has an unterminated quote`);
    if (text[i] === '"' && text[i + 1] === '"') {
      value += '"';
      i += 2;
    } else if (text[i] === '"') {
      return { text: value, end: i + 1 };
    } else {
      value += text[i++];
    }
  }
}
