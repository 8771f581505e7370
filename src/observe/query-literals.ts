/**
 * A statement's text with its constants replaced by `?`, as pg_stat_statements normalises them:
 * the observer records what every other session on the database was running, and on a user's
 * server those texts carry the user's values (`… WHERE email = 'a@b.c'`). Identifiers, quoted or
 * not, and parameters ($1) stay, so the statement's shape, its tables and the connector's chunk
 * reads can still be told apart. A text cut in the middle of a string (the sampler keeps 200
 * characters) is masked to its end.
 */
export function maskQueryLiterals(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const prev = i > 0 ? sql[i - 1]! : ' ';
    if (c === '"') {
      // A quoted identifier: kept as it is ("" inside it is a quote).
      const end = closing(sql, i + 1, '"', false);
      out += sql.slice(i, end);
      i = end;
    } else if (c === "'") {
      // A string, with the E'…' (backslash escapes), B'…', X'…' and U&'…' prefixes already copied.
      const escaped = /[eE]/.test(prev) && !/[\w$]/.test(sql[i - 2] ?? ' ');
      out += '?';
      i = closing(sql, i + 1, "'", escaped);
    } else if (c === '$' && !/[\w$]/.test(prev) && /^\$([A-Za-z_][\w]*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      out += '?';
      i = end < 0 ? sql.length : end + tag.length;
    } else if (/\d/.test(c) && !/[\w$.]/.test(prev)) {
      // A number (12, 1.5, 1e-3, .5 is caught by its digits after the dot being part of this run).
      const m = /^\d+(\.\d*)?([eE][+-]?\d+)?/.exec(sql.slice(i))![0];
      out += '?';
      i += m.length;
    } else if (c === '.' && /\d/.test(sql[i + 1] ?? '') && !/[\w$"]/.test(prev)) {
      const m = /^\.\d+([eE][+-]?\d+)?/.exec(sql.slice(i))![0];
      out += '?';
      i += m.length;
    } else if (/[A-Za-z_]/.test(c) && !/[\w$]/.test(prev)) {
      // A word (keyword or identifier), copied whole so that digits inside it are not constants.
      const m = /^[\w$]+/.exec(sql.slice(i))![0];
      out += m;
      i += m.length;
    } else {
      out += c;
      i++;
    }
  }
  return dropStringPrefixes(out);
}

/** The index after the closing quote at or after `from` (a doubled quote is one inside), or the end. */
function closing(sql: string, from: number, quote: string, backslashes: boolean): number {
  for (let i = from; i < sql.length; i++) {
    if (backslashes && sql[i] === '\\') i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return sql.length;
}

/** `E?`, `B?`, `X?`, `U&?`: a string's prefix letter left before its mask says nothing; drop it. */
const dropStringPrefixes = (s: string): string => s.replace(/(^|[^\w$])(?:[eEbBxXnN]|[uU]&)\?/g, '$1?');
