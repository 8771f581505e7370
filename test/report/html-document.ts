/**
 * Checks that a string is one well-nested HTML document: a doctype, then a single <html> element
 * that contains everything, every non-void element closed in order, and no `<` outside a tag
 * (text from users is escaped). Returns the problems found; empty means well-formed.
 */
const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'source', 'wbr']);
const RAW_TEXT = new Set(['style', 'script']);

export function htmlDocumentProblems(html: string): string[] {
  const problems: string[] = [];
  if (!/^<!DOCTYPE html>\s*<html[\s>]/.test(html)) problems.push('does not start with <!DOCTYPE html> and <html>');
  const stack: string[] = [];
  let roots = 0;
  const token = /<!DOCTYPE[^>]*>|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:="[^"<>]*")?)*)\s*(\/?)>/g;
  let at = 0;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    if (html.slice(at, m.index).includes('<')) problems.push(`stray '<' before offset ${m.index}: ${html.slice(at, m.index).slice(0, 60)}`);
    at = token.lastIndex;
    const [, close, open, , selfClosing] = m;
    if (open) {
      const name = open.toLowerCase();
      if (stack.length === 0) roots++;
      if (selfClosing || VOID.has(name)) continue;
      if (RAW_TEXT.has(name)) {
        const end = html.indexOf(`</${name}>`, token.lastIndex);
        if (end < 0) problems.push(`<${name}> never closed`);
        token.lastIndex = at = end < 0 ? html.length : end + name.length + 3;
        continue;
      }
      stack.push(name);
    } else if (close) {
      const top = stack.pop();
      if (top !== close.toLowerCase()) problems.push(`</${close}> closes <${top ?? 'nothing'}>`);
    }
  }
  if (html.slice(at).includes('<')) problems.push('stray < after the last tag');
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
