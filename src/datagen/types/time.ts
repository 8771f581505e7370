import {
  MICROS_PER_DAY,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  formatTimeOfDay,
  formatUtcOffset,
  precisionStep,
} from './calendar.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

/** Microseconds since midnight, 0 … 86 400 000 000 (24:00:00 is a valid time). */
export type TimeValue = number;

export interface TimeTzValue {
  /** Microseconds since midnight of the local time, 0 … 86 400 000 000. */
  usec: number;
  /** The value's own UTC offset in seconds east of UTC; timetz keeps it, unlike timestamptz. */
  offset: number;
}

/** timetz rejects displacements of 16 hours or more (TZDISP_LIMIT), so ±15:59:59 is the edge. */
export const MAX_TZ_OFFSET = 16 * 3600 - 1;

/**
 * Offsets real zones use or used, in seconds east: whole hours, the half and quarter hours of
 * India, Nepal, Newfoundland, Chatham, and the far ends (+14 Kiribati, -12).
 */
export const COMMON_OFFSETS: readonly number[] = [
  0, 3600, 7200, 10800, 12600, 14400, 16200, 18000, 19800, 20700, 21600, 25200, 28800, 31500, 32400, 34200, 36000,
  37800, 39600, 43200, 45900, 46800, 50400, -3600, -7200, -10800, -12600, -14400, -16200, -18000, -21600, -25200,
  -28800, -32400, -34200, -36000, -39600, -43200,
];

/**
 * A realistic offset: usually a common zone, sometimes a local-mean-time style offset with
 * seconds (zones used those before 1900; Amsterdam was +00:19:32 until 1937).
 */
export function generateOffset(src: ValueSource): number {
  const { rng } = src;
  if (rng.chance(0.95)) return rng.pick(COMMON_OFFSETS);
  return rng.int(-MAX_TZ_OFFSET, MAX_TZ_OFFSET);
}

/**
 * The `(p)` of time/timestamp/interval: undefined for full microsecond precision. PostgreSQL
 * clamps p > 6 to 6 with a warning; a scenario asking for it is rejected instead.
 */
export function resolvePrecision(req: TypeRequest): number | undefined {
  if (req.args.length === 0) return undefined;
  const p = req.args[0]!;
  if (req.args.length > 1 || !Number.isInteger(p) || p < 0 || p > 6) {
    throw new TypeRequestError(`${req.base}(${req.args.join(',')}): expected one precision argument 0..6`);
  }
  return p;
}

/**
 * Round non-negative microseconds to a precision step half up, as PostgreSQL's
 * AdjustTimeForTypmod does (23:59:59.6 in time(0) becomes 24:00:00, not 00:00:00).
 */
export function roundNonNegative(usec: number, step: number): number {
  return step === 1 ? usec : Math.floor((usec + step / 2) / step) * step;
}

/**
 * A realistic time of day: many whole seconds or minutes (appointments, schedules), some
 * milliseconds (application clocks), the rest full microseconds; cut down to the column's step.
 */
export function generateTimeOfDay(src: ValueSource, step: number): number {
  const { rng } = src;
  const r = rng.next();
  let usec: number;
  if (r < 0.15) usec = rng.int(0, 24 * 60 - 1) * MICROS_PER_MINUTE;
  else if (r < 0.55) usec = rng.int(0, 86399) * MICROS_PER_SECOND;
  else if (r < 0.75) usec = rng.int(0, 86_399_999) * 1000;
  // Two draws: Rng.int over more than 2^32 values loses the low bits to double rounding.
  else usec = rng.int(0, 86399) * MICROS_PER_SECOND + rng.int(0, MICROS_PER_SECOND - 1);
  return usec - (usec % step);
}

function timeEdges(step: number): TimeValue[] {
  const edges = [
    0,
    MICROS_PER_DAY, // 24:00:00
    MICROS_PER_DAY - step, // 23:59:59.999999 at full precision
    step, // 00:00:00.000001 at full precision
    12 * 3600 * MICROS_PER_SECOND,
    MICROS_PER_DAY - MICROS_PER_SECOND,
  ];
  // At time(0) 23:59:59.999999 cut to the step is 23:59:59, already listed.
  return edges.filter((e, i) => edges.indexOf(e) === i);
}

function formatTimeTz(usec: number, offset: number): string {
  return formatTimeOfDay(usec) + formatUtcOffset(offset);
}

/** `time`, `timetz` and their `(p)` forms. */
export const timeFamily: TypeFamily = {
  id: 'time',
  names: ['time', 'time without time zone', 'timetz', 'time with time zone'],
  resolve(req: TypeRequest): ResolvedType<TimeValue> | ResolvedType<TimeTzValue> {
    let withTz: boolean;
    if (req.base === 'time' || req.base === 'time without time zone') withTz = false;
    else if (req.base === 'timetz' || req.base === 'time with time zone') withTz = true;
    else throw new TypeRequestError(`unknown time type "${req.base}"`);
    const precision = resolvePrecision(req);
    const step = precisionStep(precision ?? 6);
    const sql = `time${precision === undefined ? '' : `(${precision})`} ${withTz ? 'with' : 'without'} time zone`;

    if (!withTz) {
      const time: ResolvedType<TimeValue> = {
        sql,
        family: 'time',
        setup: [],
        keyable: true,
        edges: () => timeEdges(step),
        generate: (src) => generateTimeOfDay(src, step),
        literal: formatTimeOfDay,
        canonical: (v) => formatTimeOfDay(roundNonNegative(v, step)),
      };
      return time;
    }

    const timetz: ResolvedType<TimeTzValue> = {
      sql,
      family: 'time',
      setup: [],
      keyable: true,
      edges: () => {
        const out: TimeTzValue[] = [
          { usec: 0, offset: 0 },
          { usec: MICROS_PER_DAY, offset: 0 },
          { usec: MICROS_PER_DAY, offset: 5 * 3600 },
          { usec: 12 * 3600 * MICROS_PER_SECOND, offset: MAX_TZ_OFFSET },
          { usec: 12 * 3600 * MICROS_PER_SECOND, offset: -MAX_TZ_OFFSET },
          { usec: 0, offset: 19800 }, // +05:30
          { usec: MICROS_PER_DAY - step, offset: -(3 * 3600 + 30 * 60 + 15) }, // -03:30:15
          { usec: step, offset: -8 * 3600 },
        ];
        return out;
      },
      generate: (src) => ({ usec: generateTimeOfDay(src, step), offset: generateOffset(src) }),
      literal: (v) => formatTimeTz(v.usec, v.offset),
      canonical: (v) => formatTimeTz(roundNonNegative(v.usec, step), v.offset),
    };
    return timetz;
  },
};
