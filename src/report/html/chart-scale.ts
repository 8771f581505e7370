/** Axis arithmetic shared by the SVG charts: linear scales and round tick values. */
export type Scale = (value: number) => number;

export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Ticks at 1, 2 or 5 × 10^k covering [lo, hi], about `target` of them; the ends are rounded outward. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi <= lo) hi = lo === 0 ? 1 : lo + Math.abs(lo);
  const raw = (hi - lo) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const first = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v < hi + step - 1e-9 * step; v += step) ticks.push(round(v));
  return ticks;
}

const round = (v: number): number => Number(v.toPrecision(12));

/** A tick label: short, with k and M for thousands and millions. */
export function fmtTick(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${round(v / 1e6)}M`;
  if (abs >= 1e4) return `${round(v / 1e3)}k`;
  return String(round(v));
}

/** SVG coordinates with one decimal: plenty for a screen, and the file stays small. */
export const px = (v: number): string => String(Math.round(v * 10) / 10);
