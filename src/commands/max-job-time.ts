/**
 * `--max-job-time`: how long one Flink job may run before it is cancelled. `90m`, `36h`, `2d`,
 * `45s`, or seconds as a plain number; fractions allowed (`1.5h`). Milliseconds, or undefined
 * when the text is not a duration above zero.
 */
export function parseMaxJobTime(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(s|m|h|d)?$/i.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[(m[2] ?? 's').toLowerCase() as keyof typeof UNIT_MS];
  // Below a second no job could even start; above a year is taken for a typo.
  return ms >= 1000 && ms <= 366 * UNIT_MS.d ? ms : undefined;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A bound as people write it: `2d`, `36h`, `90m`, `45s` (the largest unit that divides it), else seconds. */
export function durationText(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${(ms / 1000).toFixed(1)}s`;
}
