import { MICROS_PER_DAY, MICROS_PER_SECOND, daysFromCivil } from './calendar.js';
import { generateOffset } from './time.js';
import {
  TIMESTAMP_MAX_DAY,
  TIMESTAMP_MIN_DAY,
  addMicros,
  compareTimestamps,
  formatTimestamptz,
  generateTimestamp,
  timestamptzLiteral,
  type TimestampValue,
} from './timestamp.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

/** A non-empty range as written: null is an unbounded side. */
export interface RangeBounds<T> {
  lower: T | null;
  upper: T | null;
  lowerInc: boolean;
  upperInc: boolean;
}

/**
 * A range value as generated, possibly not in canonical form (`(1,5]`, `[,5)`, equal bounds
 * that make it empty); canonical() computes what the server turns it into. Lower never exceeds
 * upper: the server rejects that rather than normalizing it.
 */
export type RangeValue<T> = RangeBounds<T> | 'empty';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

// range_bound_escape quotes a bound containing any of these (or nothing at all).
const NEEDS_QUOTES = /[\s"\\()[\],]/;

/** A bound as range_out writes it: quoted when needed, with `"` and `\` doubled inside quotes. */
export function rangeBoundText(s: string): string {
  if (s !== '' && !NEEDS_QUOTES.test(s)) return s;
  return '"' + s.replace(/["\\]/g, '$&$&') + '"';
}

function rangeText<T>(v: RangeBounds<T>, bound: (b: T) => string, lowerInc: boolean, upperInc: boolean): string {
  return (
    (v.lower !== null && lowerInc ? '[' : '(') +
    (v.lower === null ? '' : bound(v.lower)) +
    ',' +
    (v.upper === null ? '' : bound(v.upper)) +
    (v.upper !== null && upperInc ? ']' : ')')
  );
}

/** Input text exactly as generated, including `[` on an unbounded side (which the server drops). */
function rangeLiteral<T>(v: RangeValue<T>, bound: (b: T) => string): string {
  if (v === 'empty') return 'empty';
  return (
    (v.lowerInc ? '[' : '(') +
    (v.lower === null ? '' : bound(v.lower)) +
    ',' +
    (v.upper === null ? '' : bound(v.upper)) +
    (v.upperInc ? ']' : ')')
  );
}

/**
 * int4range's canonical text. The type is discrete, so int4range_canonical rewrites every
 * range to `[a,b)`: an exclusive lower bound becomes a+1, an inclusive upper b+1; a range left
 * with a = b is empty (`(1,2)`, `[3,3)`). Equal bounds not both inclusive are empty before that.
 */
export function formatInt4Range(v: RangeValue<number>): string {
  if (v === 'empty') return 'empty';
  let lo = v.lower;
  let hi = v.upper;
  if (lo !== null && hi !== null && lo === hi && !(v.lowerInc && v.upperInc)) return 'empty';
  if (lo !== null && !v.lowerInc) lo += 1;
  if (hi !== null && v.upperInc) hi += 1;
  if (lo !== null && hi !== null && lo >= hi) return 'empty';
  return (lo === null ? '(' : '[' + lo) + ',' + (hi === null ? '' : hi) + ')';
}

/**
 * tstzrange's canonical text: continuous, so bounds keep their inclusivity, except that an
 * unbounded side is always exclusive and equal bounds not both inclusive make it empty. Bounds
 * print in UTC and, containing a space, quoted; `infinity` is a bound, not an unbounded side.
 */
export function formatTstzRange(v: RangeValue<TimestampValue>): string {
  if (v === 'empty') return 'empty';
  if (v.lower !== null && v.upper !== null && compareTimestamps(v.lower, v.upper) === 0 && !(v.lowerInc && v.upperInc)) {
    return 'empty';
  }
  return rangeText(v, tstzBound, v.lowerInc, v.upperInc);
}

function tstzBound(t: TimestampValue): string {
  return rangeBoundText(formatTimestamptz(t));
}

function tstzLiteralBound(t: TimestampValue): string {
  return rangeBoundText(timestamptzLiteral(t));
}

/**
 * Edges distinct by canonical text: a pool may key on them, and `(0,1)`, `[3,3)` and `empty`
 * are one value to the server (generated data still carries those spellings).
 */
function distinct<T>(values: RangeValue<T>[], canonical: (v: RangeValue<T>) => string): RangeValue<T>[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = canonical(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function intBound(n: number): string {
  return String(n);
}

/**
 * A realistic int4range: id or quantity spans, mostly written `[a,b)` as applications do,
 * sometimes with other bracket styles, unbounded sides, equal bounds or the literal `empty`.
 */
export function generateInt4Range(src: ValueSource): RangeValue<number> {
  const { rng } = src;
  if (rng.chance(0.03)) return 'empty';
  const r = rng.next();
  const lower = r < 0.7 ? rng.int(0, 100_000) : r < 0.9 ? rng.int(-1000, 1000) : rng.int(INT32_MIN, INT32_MAX - 1);
  const s = rng.next();
  const span = s < 0.03 ? 0 : s < 0.8 ? rng.int(1, 100) : rng.int(1, 1_000_000);
  const upper = Math.min(INT32_MAX, lower + span);
  const bracketStyle = rng.chance(0.8);
  const v: RangeBounds<number> = {
    lower: rng.chance(0.05) ? null : lower,
    upper: rng.chance(0.05) ? null : upper,
    lowerInc: bracketStyle || rng.chance(0.5),
    upperInc: !bracketStyle && rng.chance(0.5),
  };
  // Canonicalizing these would step past int32 and the server raises "integer out of range".
  if (v.upper === INT32_MAX) v.upperInc = false;
  if (v.lower === INT32_MAX) v.lowerInc = true;
  return v;
}

const INFINITY_TS: TimestampValue = { day: Infinity, usec: 0, offset: 0 };
const MINUS_INFINITY_TS: TimestampValue = { day: -Infinity, usec: 0, offset: 0 };

/**
 * A realistic tstzrange: a booking, session or validity period from minutes to a year long,
 * its ends often written in a local offset (sometimes each end in a different one), mostly
 * `[)`; sometimes open-ended, infinite, zero-length or `empty`.
 */
export function generateTstzRange(src: ValueSource): RangeValue<TimestampValue> {
  const { rng } = src;
  if (rng.chance(0.03)) return 'empty';
  const lower = generateTimestamp(src, 1, true);
  const s = rng.next();
  let span: number;
  if (s < 0.03) span = 0;
  else if (s < 0.1) span = rng.int(1, MICROS_PER_SECOND - 1);
  else if (s < 0.8) span = rng.int(1, 30 * 86_400) * MICROS_PER_SECOND;
  else span = rng.int(1, 365 * 86_400) * MICROS_PER_SECOND + rng.int(0, MICROS_PER_SECOND - 1);
  let upper: TimestampValue = addMicros(lower, span, rng.chance(0.7) ? lower.offset : generateOffset(src));
  if (upper.day > TIMESTAMP_MAX_DAY) upper = INFINITY_TS;
  const ends = rng.next();
  const bracketStyle = rng.chance(0.85);
  return {
    lower: ends < 0.04 ? null : ends < 0.05 ? MINUS_INFINITY_TS : lower,
    upper: ends > 0.96 ? null : ends > 0.95 ? INFINITY_TS : upper,
    lowerInc: bracketStyle || rng.chance(0.5),
    upperInc: !bracketStyle && rng.chance(0.5),
  };
}

function int4RangeEdges(): RangeValue<number>[] {
  const r = (lower: number | null, upper: number | null, lowerInc: boolean, upperInc: boolean): RangeBounds<number> => ({
    lower,
    upper,
    lowerInc,
    upperInc,
  });
  return distinct<number>([
    'empty',
    r(null, null, false, false),
    r(1, null, true, false),
    r(null, 5, false, false),
    r(null, 5, true, true), // written [,5], canonical (,6)
    r(INT32_MIN, INT32_MAX, true, false),
    r(INT32_MAX - 1, null, false, false), // (2147483646,) → [2147483647,)
    r(INT32_MIN, 0, false, true), // → [-2147483647,1)
    r(null, INT32_MAX - 1, false, true), // → (,2147483647)
    r(5, 5, true, true), // → [5,6)
    r(-7, -3, false, true), // → [-6,-2)
  ], formatInt4Range);
}

function tstzRangeEdges(): RangeValue<TimestampValue>[] {
  const at = (y: number, m: number, d: number, hours: number, offset: number): TimestampValue => ({
    day: daysFromCivil(y, m, d),
    usec: hours * 3_600_000_000,
    offset,
  });
  const r = (
    lower: TimestampValue | null,
    upper: TimestampValue | null,
    lowerInc: boolean,
    upperInc: boolean,
  ): RangeBounds<TimestampValue> => ({ lower, upper, lowerInc, upperInc });
  const newYear = at(2024, 1, 1, 0, 0);
  const newYearIndia = at(2024, 1, 1, 0, 19800); // same instant, written 05:30+05:30
  return distinct<TimestampValue>([
    'empty',
    r(null, null, false, false),
    r(MINUS_INFINITY_TS, INFINITY_TS, true, true),
    r(MINUS_INFINITY_TS, newYear, false, false),
    r(newYear, at(2024, 2, 1, 0, 0), true, false),
    r(newYearIndia, newYear, true, true), // one instant
    r(at(2024, 1, 1, 0, -8 * 3600), null, false, false),
    r(null, at(-43, 3, 15, 12, 0), true, false), // [ on an unbounded side; BC bound
    r(
      { day: TIMESTAMP_MIN_DAY, usec: 0, offset: 0 },
      { day: TIMESTAMP_MAX_DAY, usec: MICROS_PER_DAY - 1, offset: 0 },
      true,
      true,
    ),
    r(newYear, { day: newYear.day, usec: 1, offset: 0 }, false, true),
  ], formatTstzRange);
}

/** `int4range` and `tstzrange`. */
export const rangeFamily: TypeFamily = {
  id: 'range',
  names: ['int4range', 'tstzrange'],
  resolve(req: TypeRequest): ResolvedType<RangeValue<number>> | ResolvedType<RangeValue<TimestampValue>> {
    if (req.base !== 'int4range' && req.base !== 'tstzrange') throw new TypeRequestError(`unknown range type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError(`${req.base} takes no arguments`);
    if (req.base === 'int4range') {
      const int4: ResolvedType<RangeValue<number>> = {
        sql: 'int4range',
        family: 'range',
        setup: [],
        keyable: true,
        edges: int4RangeEdges,
        generate: generateInt4Range,
        literal: (v) => rangeLiteral(v, intBound),
        canonical: formatInt4Range,
      };
      return int4;
    }
    const tstz: ResolvedType<RangeValue<TimestampValue>> = {
      sql: 'tstzrange',
      family: 'range',
      setup: [],
      keyable: true,
      edges: tstzRangeEdges,
      generate: generateTstzRange,
      literal: (v) => rangeLiteral(v, tstzLiteralBound),
      canonical: formatTstzRange,
    };
    return tstz;
  },
};
