import { civilFromDays, daysFromCivil, pad2, pad4, type CivilDate } from './calendar.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

/**
 * A date as days since 1970-01-01; Infinity and -Infinity stand for PostgreSQL's 'infinity'
 * and '-infinity'.
 */
export type DateValue = number;

/**
 * 4714-11-24 BC, Julian day 0. PostgreSQL's documentation says "4713 BC", which is the same
 * day in the Julian calendar; in the proleptic Gregorian calendar the server prints, it is 4714 BC.
 */
export const DATE_MIN_DAY = daysFromCivil(-4713, 11, 24);
/** 5874897-12-31, the last day whose Julian day number fits PostgreSQL's int32 date. */
export const DATE_MAX_DAY = daysFromCivil(5874897, 12, 31);

const scratch: CivilDate = { year: 0, month: 0, day: 0 };

/**
 * `YYYY-MM-DD` for a day, with `middle` (a time and zone) inserted before the ` BC` suffix,
 * because PostgreSQL's ISO style puts the era after everything else: `0044-03-15 12:00:00+00 BC`.
 * BC years print as 1 - astronomical year.
 */
export function formatDay(days: number, middle = ''): string {
  civilFromDays(days, scratch);
  const bc = scratch.year <= 0;
  return (
    pad4(bc ? 1 - scratch.year : scratch.year) +
    '-' +
    pad2(scratch.month) +
    '-' +
    pad2(scratch.day) +
    middle +
    (bc ? ' BC' : '')
  );
}

/** Canonical text of a date; also valid input. */
export function formatDate(v: DateValue): string {
  if (v === Infinity) return 'infinity';
  if (v === -Infinity) return '-infinity';
  return formatDay(v);
}

const RECENT_START = daysFromCivil(1970, 1, 1);
const RECENT_END = daysFromCivil(2035, 12, 31);
const CENTURY_START = daysFromCivil(1900, 1, 1);
const CENTURY_END = daysFromCivil(2100, 12, 31);
const AD_START = daysFromCivil(1, 1, 1);
const AD_END = daysFromCivil(9999, 12, 31);

/**
 * A realistic day: mostly recent decades (birthdays, orders), sometimes the wider modern era,
 * rarely anywhere that four-digit years reach, and very rarely anywhere in the type's range
 * [minDay, maxDay]. Shared with timestamp generation so dates and timestamps look alike.
 */
export function generateDay(src: ValueSource, minDay: number, maxDay: number): number {
  const { rng } = src;
  const r = rng.next();
  if (r < 0.85) return rng.int(RECENT_START, RECENT_END);
  if (r < 0.95) return rng.int(CENTURY_START, CENTURY_END);
  if (r < 0.99) return rng.int(AD_START, AD_END);
  return rng.int(minDay, maxDay);
}

const DATE_EDGES: readonly DateValue[] = [
  DATE_MIN_DAY,
  DATE_MAX_DAY,
  daysFromCivil(1, 1, 1),
  daysFromCivil(0, 12, 31), // 0001-12-31 BC: the day before 0001-01-01, no year 0 in between
  daysFromCivil(0, 2, 29), // 1 BC is a leap year in the proleptic calendar
  daysFromCivil(1970, 1, 1),
  daysFromCivil(2000, 1, 1),
  daysFromCivil(1999, 12, 31),
  daysFromCivil(2000, 2, 29),
  daysFromCivil(1900, 2, 28), // 1900 is not a leap year
  daysFromCivil(9999, 12, 31),
  daysFromCivil(10000, 1, 1), // first five-digit year
  Infinity,
  -Infinity,
];

/** `date`. */
export const dateFamily: TypeFamily = {
  id: 'date',
  names: ['date'],
  resolve(req: TypeRequest): ResolvedType<DateValue> {
    if (req.base !== 'date') throw new TypeRequestError(`unknown date type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError('date takes no arguments');
    return {
      sql: 'date',
      family: 'date',
      setup: [],
      keyable: true,
      edges: () => DATE_EDGES.slice(),
      generate: (src) => generateDay(src, DATE_MIN_DAY, DATE_MAX_DAY),
      literal: formatDate,
      canonical: formatDate,
    };
  },
};
