/**
 * Escapes text for HTML and SVG, in element content and in quoted attribute values alike. Every
 * string that reaches a report from a user (scenario, table and option names, failures) goes
 * through here; no HTML-escaping package is installed and five replacements need none.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
