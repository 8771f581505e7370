/**
 * `--max-slowdown` as a fraction: "10%" or "0.1". A bare number of 1 or more is refused rather than
 * guessed at ("10" could mean 10 % or ×11).
 */
export function parseMaxSlowdown(text: string): number | undefined {
  const t = text.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (percent) return Number(percent[1]) / 100;
  if (!/^(?:0?\.\d+|0)$/.test(t)) return undefined;
  return Number(t);
}
