import { MICROS_PER_DAY, MICROS_PER_SECOND, PG_EPOCH_DAY, daysFromCivil, formatTimeOfDay, formatUtcOffset, precisionStep } from './calendar.js';
import { DATE_MIN_DAY, formatDay, generateDay } from './date.js';
import { MAX_TZ_OFFSET, generateOffset, generateTimeOfDay, resolvePrecision } from './time.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

/**
 * A timestamp split into day and time of day, because microseconds over PostgreSQL's range
 * (about 2^63) do not fit a double and a bigint per value costs more to make and to format.
 */
export interface TimestampValue {
  /** Days since 1970-01-01 (in UTC for timestamptz); Infinity / -Infinity for 'infinity' / '-infinity'. */
  day: number;
  /** Microseconds into the day, 0 … 86 399 999 999. */
  usec: number;
  /**
   * timestamptz only: the UTC offset (seconds east) the literal is written in. The server
   * converts to UTC and forgets it, so it shows in the literal but not in the canonical text.
   */
  offset: number;
}

/** 4714-11-24 00:00:00 BC: timestamps start at Julian day 0 like dates. */
export const TIMESTAMP_MIN_DAY = DATE_MIN_DAY;
/** 294276-12-31: the end of the int64-microsecond range PostgreSQL allows (END_TIMESTAMP). */
export const TIMESTAMP_MAX_DAY = daysFromCivil(294276, 12, 31);

export function compareTimestamps(a: TimestampValue, b: TimestampValue): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  return a.usec - b.usec;
}

/** A timestamp `micros` later (any sign, |micros| < 2^53), written in `offset`. Finite inputs only. */
export function addMicros(v: TimestampValue, micros: number, offset: number): TimestampValue {
  const total = v.usec + micros;
  const carry = Math.floor(total / MICROS_PER_DAY);
  return { day: v.day + carry, usec: total - carry * MICROS_PER_DAY, offset };
}

/**
 * Microseconds into the day after rounding to the precision step the way PostgreSQL's
 * AdjustTimestampForTypmod does: half up on the int64 counted from 2000-01-01, but mirrored for
 * negative values, so a tie rounds up from 2000 on and down before it
 * (`1999-01-01 12:00:00.125`::timestamp(2) is `.12`, `2001-…` is `.13`). May return
 * MICROS_PER_DAY, meaning midnight of the next day.
 */
export function roundTimestampUsec(day: number, usec: number, step: number): number {
  if (step === 1) return usec;
  const frac = usec % step;
  const half = step / 2;
  const base = usec - frac;
  return frac > half || (frac === half && day >= PG_EPOCH_DAY) ? base + step : base;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff][ BC]` plus an optional zone before the era, or an infinity. */
function formatParts(day: number, usec: number, zone: string, sep: string): string {
  if (day === Infinity) return 'infinity';
  if (day === -Infinity) return '-infinity';
  if (usec === MICROS_PER_DAY) {
    day += 1;
    usec = 0;
  }
  return formatDay(day, sep + formatTimeOfDay(usec) + zone);
}

/** Canonical text of a `timestamp` (no rounding: the value is taken to fit its column). */
export function formatTimestamp(v: TimestampValue): string {
  return formatParts(v.day, v.usec, '', ' ');
}

/** Canonical text of a `timestamptz` under TimeZone 'UTC': `2024-01-01 12:00:00.123456+00`, ` BC` last. */
export function formatTimestamptz(v: TimestampValue): string {
  return formatParts(v.day, v.usec, '+00', ' ');
}

// A few literals use the ISO 8601 `T` separator (and `Z` for UTC), as JSON-fed applications write them.
function usesT(v: TimestampValue): boolean {
  return (v.day & 7) === 5;
}

export function timestampLiteral(v: TimestampValue): string {
  return formatParts(v.day, v.usec, '', usesT(v) ? 'T' : ' ');
}

/** Input text for a timestamptz in its own offset: 2024-01-01 00:00:00 UTC at +05:30 is `2024-01-01 05:30:00+05:30`. */
export function timestamptzLiteral(v: TimestampValue): string {
  if (!Number.isFinite(v.day)) return formatParts(v.day, v.usec, '', ' ');
  const t = usesT(v);
  if (v.offset === 0) return formatParts(v.day, v.usec, t ? 'Z' : '+00', t ? 'T' : ' ');
  const local = v.usec + v.offset * MICROS_PER_SECOND;
  const carry = Math.floor(local / MICROS_PER_DAY);
  return formatParts(v.day + carry, local - carry * MICROS_PER_DAY, formatUtcOffset(v.offset), t ? 'T' : ' ');
}

/**
 * A realistic timestamp in [TIMESTAMP_MIN, TIMESTAMP_MAX], its time of day cut to `step`; for
 * timestamptz (`withTz`) written in a random offset, UTC a good part of the time.
 */
export function generateTimestamp(src: ValueSource, step: number, withTz: boolean): TimestampValue {
  const day = generateDay(src, TIMESTAMP_MIN_DAY, TIMESTAMP_MAX_DAY);
  const usec = generateTimeOfDay(src, step);
  const offset = withTz && src.rng.chance(0.6) ? generateOffset(src) : 0;
  return { day, usec, offset };
}

function timestampEdges(step: number, withTz: boolean): TimestampValue[] {
  const tz = (offset: number) => (withTz ? offset : 0);
  const midday = 12 * 3600 * MICROS_PER_SECOND;
  const lastStep = MICROS_PER_DAY - step;
  const edges: TimestampValue[] = [
    // The extremes written at the farthest offsets: local times beyond the range, UTC inside it.
    { day: TIMESTAMP_MIN_DAY, usec: 0, offset: tz(-MAX_TZ_OFFSET) },
    { day: TIMESTAMP_MAX_DAY, usec: lastStep, offset: tz(MAX_TZ_OFFSET) },
    { day: Infinity, usec: 0, offset: 0 },
    { day: -Infinity, usec: 0, offset: 0 },
    { day: 0, usec: 0, offset: 0 }, // Unix epoch
    { day: PG_EPOCH_DAY, usec: 0, offset: 0 }, // PostgreSQL's internal zero
    { day: PG_EPOCH_DAY - 1, usec: lastStep, offset: tz(-(3 * 3600 + 30 * 60 + 15)) },
    { day: daysFromCivil(2000, 2, 29), usec: midday, offset: tz(-8 * 3600) },
    { day: daysFromCivil(2024, 2, 29), usec: lastStep, offset: 0 },
    { day: daysFromCivil(2024, 1, 1), usec: 0, offset: tz(19800) }, // written as 05:30+05:30
    { day: daysFromCivil(2024, 6, 15), usec: midday + step, offset: 0 },
    { day: daysFromCivil(2024, 6, 15), usec: midday + MICROS_PER_SECOND - step, offset: tz(3600) },
    { day: daysFromCivil(1, 1, 1), usec: 0, offset: tz(-5 * 3600) }, // written in 1 BC
    { day: daysFromCivil(0, 12, 31), usec: lastStep, offset: 0 },
    { day: daysFromCivil(-43, 3, 15), usec: midday, offset: tz(2 * 3600) },
    { day: daysFromCivil(10000, 1, 1), usec: 0, offset: 0 },
  ];
  // Equal instants would collide in a key; at coarse precisions some edges coincide.
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = formatTimestamptz(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `timestamp`, `timestamptz` and their `(p)` forms. */
export const timestampFamily: TypeFamily = {
  id: 'timestamp',
  names: ['timestamp', 'timestamp without time zone', 'timestamptz', 'timestamp with time zone'],
  resolve(req: TypeRequest): ResolvedType<TimestampValue> {
    let withTz: boolean;
    if (req.base === 'timestamp' || req.base === 'timestamp without time zone') withTz = false;
    else if (req.base === 'timestamptz' || req.base === 'timestamp with time zone') withTz = true;
    else throw new TypeRequestError(`unknown timestamp type "${req.base}"`);
    const precision = resolvePrecision(req);
    const step = precisionStep(precision ?? 6);
    const zone = withTz ? '+00' : '';
    return {
      sql: `timestamp${precision === undefined ? '' : `(${precision})`} ${withTz ? 'with' : 'without'} time zone`,
      family: 'timestamp',
      setup: [],
      keyable: true,
      edges: () => timestampEdges(step, withTz),
      generate: (src) => generateTimestamp(src, step, withTz),
      literal: withTz ? timestamptzLiteral : timestampLiteral,
      canonical: (v) => formatParts(v.day, roundTimestampUsec(v.day, v.usec, step), zone, ' '),
    };
  },
};
