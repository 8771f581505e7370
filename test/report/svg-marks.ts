import assert from 'node:assert/strict';

/** One chart's markup, by the id of its <figure>. */
export function figure(html: string, id: string): string {
  const m = new RegExp(`<figure class="chart" id="${id}">([\\s\\S]*?)</figure>`).exec(html);
  assert.ok(m, `no chart ${id}`);
  return m[1]!;
}

export interface Mark {
  tag: string;
  attrs: Record<string, string>;
  title: string;
}

/** Undoes escapeHtml, so that tests compare with the text a user gave. */
export const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The attributes of a tag's attribute text, values unescaped. */
export const attrsOf = (text: string): Record<string, string> => Object.fromEntries([...text.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k!, unescape(v!)]));

/** The data marks of a chart with their data attributes and tooltip, attribute values unescaped. */
export function marks(svg: string): Mark[] {
  return [...svg.matchAll(/<(circle|rect) class="mark"([^>]*)><title>([^<]*)<\/title><\/\1>/g)].map(([, tag, attrs, title]) => ({ tag: tag!, attrs: attrsOf(attrs!), title: unescape(title!) }));
}
