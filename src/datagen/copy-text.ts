/**
 * COPY text format escaping of one field. A value's input literal becomes a COPY field by
 * escaping backslash, newline, carriage return and tab; NULL is the bare `\N`.
 */
export const COPY_NULL = '\\N';

const NEEDS_ESCAPE = /[\\\n\r\t]/;

export function copyEscape(literal: string): string {
  if (!NEEDS_ESCAPE.test(literal)) return literal;
  let out = '';
  for (let i = 0; i < literal.length; i++) {
    const ch = literal[i]!;
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      default: out += ch;
    }
  }
  return out;
}
