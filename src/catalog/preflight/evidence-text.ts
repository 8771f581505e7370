/**
 * Small formats for evidence lines. The catalog comes before the report renderers in the data
 * flow, so it keeps its own (the terminal formats live in src/report/).
 */

export function bytesText(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(Math.abs(v) >= 100 || u === 0 ? 0 : 1)} ${units[u]}`;
}

export const countText = (n: number): string => Math.round(n).toLocaleString('en-US');

export const plural = (n: number, one: string, many = `${one}s`): string => `${countText(n)} ${n === 1 ? one : many}`;

/** "a, b, c and 4 more": evidence stays one readable line however many items there are. */
export function listText(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
